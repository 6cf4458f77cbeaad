/// When to retry a failed send and how long to wait: exponential backoff with full jitter, `Retry-After` honoured,
/// everything inside one time budget.
///
/// Pure arithmetic, so the schedule is tested without sleeping; `RetryEnvironment` supplies the clock.
public struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first attempt.
    public var maxRetries: Int
    /// Backoff ceiling of the first retry, in seconds.
    public var baseDelay: Double
    /// Largest backoff ceiling, in seconds.
    public var maxDelay: Double

    /// Defaults keep the whole schedule (0.2, 0.4, 0.8 s ceilings) well inside the 10 s default budget.
    public init(maxRetries: Int = 3, baseDelay: Double = 0.2, maxDelay: Double = 2.0) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The backoff ceiling before retry number `retry` (0 for the first retry): `min(maxDelay, base * 2^retry)`.
    public func ceiling(beforeRetry retry: Int) -> Double {
        let exponent = Double(min(max(retry, 0), 62))
        return min(maxDelay, baseDelay * pow2(exponent))
    }

    /// How long to wait before retry number `retry`, or `nil` to stop.
    ///
    /// - Parameters:
    ///   - retryAfter: the server's `Retry-After` seconds; when given it is the wait (full jitter applies only
    ///     without it, since the server said when it will be ready).
    ///   - now, deadline: monotonic seconds; a wait that would reach the deadline means no retry, because an
    ///     attempt started at the deadline has no time left.
    ///   - unitRandom: a number in `0...1`; the jittered wait is `unitRandom * ceiling`.
    public func delay(
        beforeRetry retry: Int,
        retryAfter: Double?,
        now: Double,
        deadline: Double,
        unitRandom: Double
    ) -> Double? {
        guard retry < maxRetries else { return nil }
        let wait: Double
        if let retryAfter, retryAfter >= 0 {
            wait = retryAfter
        } else {
            wait = min(max(unitRandom, 0), 1) * ceiling(beforeRetry: retry)
        }
        guard now + wait < deadline else { return nil }
        return wait
    }

    private func pow2(_ exponent: Double) -> Double {
        var result = 1.0
        var remaining = Int(exponent)
        while remaining > 0 {
            result *= 2
            remaining -= 1
        }
        return result
    }
}
