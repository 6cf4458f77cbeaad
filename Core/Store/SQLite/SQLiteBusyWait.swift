import CSQLite

#if canImport(Glibc)
    import Glibc
#endif

/// The busy handler: when another process holds the write lock, retry every 0.2–1 ms (jittered) until the busy
/// timeout. SQLite's own `sqlite3_busy_timeout` sleeps 1, 2, 5, 10 … 100 ms between tries, so under 16 concurrent
/// writers a waiter oversleeps a lock that is free most of the time: measured p99 1.3 s against p50 30–80 ms.
final class SQLiteBusyWait {
    /// The timeout, and when the current wait began (set on the first call of each wait).
    private let timeoutNanoseconds: Int64
    private var startedNanoseconds: Int64 = 0

    init(timeoutMilliseconds: Int32) { timeoutNanoseconds = Int64(max(0, timeoutMilliseconds)) * 1_000_000 }

    /// Installs the handler on `db`; the connection must keep this object alive as long as `db` is open.
    func install(on db: OpaquePointer) {
        sqlite3_busy_handler(
            db,
            { context, count in
                guard let context else { return 0 }
                let wait = Unmanaged<SQLiteBusyWait>.fromOpaque(context).takeUnretainedValue()
                return wait.shouldRetry(attempt: count) ? 1 : 0
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    private func shouldRetry(attempt: Int32) -> Bool {
        let now = Self.monotonicNanoseconds()
        if attempt == 0 { startedNanoseconds = now }
        guard now - startedNanoseconds < timeoutNanoseconds else { return false }
        usleep(UInt32.random(in: 200...1000))
        return true
    }

    private static func monotonicNanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
