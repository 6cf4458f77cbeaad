#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The clock, sleep and randomness the retry loop uses; injectable so tests run the schedule instantly.
public struct RetryEnvironment: Sendable {
    /// Monotonic seconds from an arbitrary origin.
    public var now: @Sendable () -> Double
    /// Blocks the calling thread for the given seconds.
    public var sleep: @Sendable (Double) -> Void
    /// A uniformly distributed number in `0...1`.
    public var unitRandom: @Sendable () -> Double

    /// Builds an environment from the three functions.
    public init(
        now: @escaping @Sendable () -> Double,
        sleep: @escaping @Sendable (Double) -> Void,
        unitRandom: @escaping @Sendable () -> Double
    ) {
        self.now = now
        self.sleep = sleep
        self.unitRandom = unitRandom
    }

    /// The real monotonic clock, a blocking sleep and the system random generator.
    public static let live: RetryEnvironment = {
        let origin = ContinuousClock.now
        return RetryEnvironment(
            now: {
                let elapsed = ContinuousClock.now - origin
                return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            },
            sleep: { seconds in
                guard seconds > 0 else { return }
                var request = timespec(
                    tv_sec: Int(seconds.rounded(.down)),
                    tv_nsec: Int((seconds - seconds.rounded(.down)) * 1_000_000_000)
                )
                var remaining = timespec()
                // Resume after signal interruptions until the full time has passed.
                while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
            },
            unitRandom: { Double.random(in: 0...1) }
        )
    }()
}
