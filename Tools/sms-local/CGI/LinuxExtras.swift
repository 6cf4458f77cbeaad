#if canImport(Glibc)
    import Glibc
#endif

/// glibc functions that Swift's Glibc module hides behind `_GNU_SOURCE`, looked up at run time with their C types.
enum LinuxExtras {
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    private static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        guard let address = dlsym(nil, name) else { return nil }
        return unsafeBitCast(address, to: type)
    }

    /// `pipe2(fds, O_CLOEXEC)`: both ends close-on-exec from birth, so a child spawned by another thread at the
    /// same moment cannot inherit them (which would hold our pipes open until it exits).
    static func closeOnExecPipe() -> (read: Int32, write: Int32)? {
        var fds: [Int32] = [-1, -1]
        if let pipe2 = symbol("pipe2", as: Pipe2.self) {
            guard pipe2(&fds, O_CLOEXEC) == 0 else { return nil }
        } else {
            guard pipe(&fds) == 0 else { return nil }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        }
        return (fds[0], fds[1])
    }

    /// Adds "close every descriptor from `lowest` up" to `actions` (glibc 2.34+); `false` when unavailable, and the
    /// caller relies on close-on-exec alone.
    @discardableResult
    static func addCloseFrom(_ actions: inout posix_spawn_file_actions_t, _ lowest: Int32) -> Bool {
        guard let add = symbol("posix_spawn_file_actions_addclosefrom_np", as: AddCloseFrom.self) else { return false }
        return add(&actions, lowest) == 0
    }
}
