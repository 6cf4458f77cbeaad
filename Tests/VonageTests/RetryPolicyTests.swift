import Testing
import Vonage

@Suite("Retry policy: exponential backoff with full jitter inside a deadline")
struct RetryPolicyTests {
    let policy = RetryPolicy(maxRetries: 3, baseDelay: 0.2, maxDelay: 2.0)

    @Test("the ceiling doubles per retry and stops at maxDelay")
    func ceilingDoublesAndCaps() {
        #expect(policy.ceiling(beforeRetry: 0) == 0.2)
        #expect(policy.ceiling(beforeRetry: 1) == 0.4)
        #expect(policy.ceiling(beforeRetry: 2) == 0.8)
        #expect(policy.ceiling(beforeRetry: 3) == 1.6)
        #expect(policy.ceiling(beforeRetry: 4) == 2.0)
        #expect(policy.ceiling(beforeRetry: 60) == 2.0)
    }
}

extension RetryPolicyTests {
    @Test("full jitter: the wait is unitRandom × ceiling, from 0 up to the ceiling", arguments: [0, 1, 2, 5])
    func fullJitterBounds(retry: Int) {
        let ceiling = policy.ceiling(beforeRetry: retry)
        let big = RetryPolicy(maxRetries: 10)
        for random in [0.0, 0.25, 0.5, 1.0] {
            let wait = big.delay(beforeRetry: retry, retryAfter: nil, now: 0, deadline: 100, unitRandom: random)
            #expect(wait == random * ceiling)
        }
        // Out-of-range randomness is clamped, never a negative or over-ceiling wait.
        #expect(big.delay(beforeRetry: retry, retryAfter: nil, now: 0, deadline: 100, unitRandom: 7) == ceiling)
        #expect(big.delay(beforeRetry: retry, retryAfter: nil, now: 0, deadline: 100, unitRandom: -1) == 0)
    }

    @Test("Retry-After is the wait when given, whatever the jitter")
    func retryAfterHonoured() {
        for random in [0.0, 1.0] {
            #expect(policy.delay(beforeRetry: 0, retryAfter: 1, now: 0, deadline: 10, unitRandom: random) == 1)
        }
        #expect(policy.delay(beforeRetry: 2, retryAfter: 0, now: 0, deadline: 10, unitRandom: 1) == 0)
    }

    @Test("no wait reaches the deadline: the policy stops instead")
    func neverPastDeadline() {
        #expect(policy.delay(beforeRetry: 0, retryAfter: 3, now: 7, deadline: 10, unitRandom: 0) == nil)
        #expect(policy.delay(beforeRetry: 0, retryAfter: 2.9, now: 7, deadline: 10, unitRandom: 0) == 2.9)
        #expect(policy.delay(beforeRetry: 1, retryAfter: nil, now: 9.7, deadline: 10, unitRandom: 1) == nil)
        #expect(policy.delay(beforeRetry: 1, retryAfter: nil, now: 9.5, deadline: 10, unitRandom: 1) == 0.4)
    }

    @Test("after maxRetries retries the policy stops")
    func stopsAfterMaxRetries() {
        #expect(policy.delay(beforeRetry: 2, retryAfter: nil, now: 0, deadline: 100, unitRandom: 0.5) != nil)
        #expect(policy.delay(beforeRetry: 3, retryAfter: nil, now: 0, deadline: 100, unitRandom: 0.5) == nil)
        #expect(
            RetryPolicy(maxRetries: 0).delay(beforeRetry: 0, retryAfter: 1, now: 0, deadline: 100, unitRandom: 0)
                == nil)
    }
}
