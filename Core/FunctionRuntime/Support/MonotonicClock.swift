#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The monotonic clock in nanoseconds, for timing one request: `ContinuousClock` reads the same clock, but its
/// `Duration` arithmetic is 128-bit (several pages of standard-library code on every warm invocation).
enum MonotonicClock {
    /// Now, in nanoseconds since an arbitrary start.
    static func nanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }

    /// Nanoseconds since `start` (a reading of `nanoseconds()`).
    static func elapsed(since start: UInt64) -> UInt64 {
        let now = nanoseconds()
        return now >= start ? now - start : 0
    }
}
