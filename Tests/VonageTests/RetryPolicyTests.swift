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
