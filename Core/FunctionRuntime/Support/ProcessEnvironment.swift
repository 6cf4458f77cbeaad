#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process environment read straight from `environ`. `ProcessInfo.processInfo.environment` builds the same
/// dictionary through Foundation's start-up work; measured with callgrind, that was 17% of a `health` process.
public enum ProcessEnvironment {
    /// Every `NAME=value` entry of the environment.
    public static func current() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }
}

/// UTC timestamps for log lines, formatted by hand from `clock_gettime` + `gmtime_r`: `Date.ISO8601FormatStyle`
/// builds a calendar and reads the time-zone database on first use (18% of a `health` process, measured).
enum LogTimestamp {
    /// Appends the current time as `2026-11-29T15:35:53.123Z`: formatted in a 24-byte scratch buffer and appended
    /// once (an append per digit was ~1.7 k instructions of every log line).
    static func append(to output: inout [UInt8]) {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { text in
            var index = 0
            func digits(_ value: Int, _ width: Int, then separator: UInt8) {
                var rest = max(0, value)
                for position in stride(from: index + width - 1, through: index, by: -1) {
                    text[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                text[index + width] = separator
                index += width + 1
            }
            digits(Int(parts.tm_year) + 1900, 4, then: UInt8(ascii: "-"))
            digits(Int(parts.tm_mon) + 1, 2, then: UInt8(ascii: "-"))
            digits(Int(parts.tm_mday), 2, then: UInt8(ascii: "T"))
            digits(Int(parts.tm_hour), 2, then: UInt8(ascii: ":"))
            digits(Int(parts.tm_min), 2, then: UInt8(ascii: ":"))
            digits(Int(parts.tm_sec), 2, then: UInt8(ascii: "."))
            digits(Int(spec.tv_nsec / 1_000_000), 3, then: UInt8(ascii: "Z"))
            output.append(contentsOf: UnsafeBufferPointer(rebasing: text[0..<index]))
        }
    }
}
