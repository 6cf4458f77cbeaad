#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Raw stdin/stdout, without buffering layers: a function reads one body and writes one response.
enum StandardIO {
    /// Reads the body: exactly `length` bytes (fewer only if stdin ends first), or to EOF. Never more than `limit`
    /// bytes are kept; past that, `nil` (the caller answers 413).
    static func readBody(_ length: BodyLength, limit: Int) -> [UInt8]? {
        let wanted: Int
        switch length {
        case .exactly(let count): wanted = count
        case .untilEOF: wanted = limit + 1
        }
        var bytes = [UInt8](repeating: 0, count: wanted)
        var total = 0
        while total < wanted {
            let count = bytes[total...].withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            total += count
        }
        guard total <= limit else { return nil }
        return Array(bytes[0..<total])
    }

    /// Reads and discards stdin up to `limit` bytes, so a host that streams a large upload (Apache with a chunked
    /// body) sees it consumed and delivers our error answer intact.
    static func drain(limit: Int = 1 << 20) {
        var chunk = [UInt8](repeating: 0, count: 65536)
        var total = 0
        while total < limit {
            let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            total += count
        }
    }

    /// Writes all bytes to stdout; `false` when stdout is gone.
    @discardableResult
    static func write(_ bytes: [UInt8], to descriptor: Int32 = 1) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            offset += count
        }
        return true
    }

    /// Writes one line to stderr.
    static func writeError(_ line: String) {
        write(Array((line + "\n").utf8), to: 2)
    }
}
