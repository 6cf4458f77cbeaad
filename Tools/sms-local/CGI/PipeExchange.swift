import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Feeds a child's stdin and drains its stdout and stderr together with `poll`, so neither side blocks on a full
/// pipe whatever order the child reads and writes in.
struct PipeExchange {
    private var stdinFD: Int32
    private var stdoutFD: Int32
    private var stderrFD: Int32
    private let input: [UInt8]
    private var written = 0
    /// Bytes read from stdout so far.
    private(set) var stdout: [UInt8] = []
    /// Bytes read from stderr so far.
    private(set) var stderr: [UInt8] = []
    /// The last poll saw nothing within its timeout (used after a kill to stop waiting).
    private var gaveUp = false

    init(stdinFD: Int32, stdoutFD: Int32, stderrFD: Int32, input: [UInt8]) {
        self.stdinFD = stdinFD
        self.stdoutFD = stdoutFD
        self.stderrFD = stderrFD
        self.input = input
        for fd in [stdinFD, stdoutFD, stderrFD] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        if input.isEmpty { closeStdin() }
    }

    /// Both output pipes reached end of file (or the caller gave up on them).
    var finished: Bool { (stdoutFD < 0 && stderrFD < 0) || gaveUp }

    /// One round of `poll`; with `giveUpOnIdle`, a round with no activity ends the exchange.
    mutating func step(timeoutMilliseconds: Int32, giveUpOnIdle: Bool = false) {
        var fds: [pollfd] = []
        if stdinFD >= 0 { fds.append(pollfd(fd: stdinFD, events: Int16(POLLOUT), revents: 0)) }
        if stdoutFD >= 0 { fds.append(pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)) }
        if stderrFD >= 0 { fds.append(pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)) }
        let ready = poll(&fds, nfds_t(fds.count), max(0, timeoutMilliseconds))
        if ready < 0 && errno == EINTR { return }
        if ready <= 0 {
            if giveUpOnIdle { gaveUp = true }
            return
        }
        for entry in fds where entry.revents != 0 {
            if entry.fd == stdinFD {
                writeInput()
            } else if entry.fd == stdoutFD {
                if !Self.drain(stdoutFD, into: &stdout) {
                    close(stdoutFD)
                    stdoutFD = -1
                }
            } else if entry.fd == stderrFD {
                if !Self.drain(stderrFD, into: &stderr) {
                    close(stderrFD)
                    stderrFD = -1
                }
            }
        }
    }

    /// Closes whatever is still open.
    mutating func closeAll() {
        closeStdin()
        if stdoutFD >= 0 {
            close(stdoutFD)
            stdoutFD = -1
        }
        if stderrFD >= 0 {
            close(stderrFD)
            stderrFD = -1
        }
    }

    private mutating func writeInput() {
        let count = input[written...].withUnsafeBytes { Glibc.write(stdinFD, $0.baseAddress, $0.count) }
        if count > 0 {
            written += count
            if written == input.count { closeStdin() }
        } else if count < 0 && errno != EAGAIN && errno != EINTR {
            // EPIPE: the child answered without reading its whole body (e.g. 413); that is its right.
            closeStdin()
        }
    }

    private mutating func closeStdin() {
        if stdinFD >= 0 {
            close(stdinFD)
            stdinFD = -1
        }
    }

    /// Reads what is available; `false` at end of file.
    private static func drain(_ fd: Int32, into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
                continue
            }
            if count == 0 { return false }
            return errno == EAGAIN || errno == EINTR
        }
    }
}
