import Foundation

/// sms-local's own log lines and the functions' forwarded logs, on stderr, one write per chunk so lines from
/// concurrent requests do not interleave mid-line.
enum StandardError {
    private static let lock = NSLock()

    /// Writes `bytes` as they are (a function's JSON log lines).
    static func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        lock.withLock { FileHandle.standardError.write(Data(bytes)) }
    }

    /// Writes one line of sms-local's own.
    static func log(_ line: String) {
        write(Array(("sms-local: " + line + "\n").utf8))
    }
}
