import JSON

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// JSON-lines logging to stderr (stdout carries the response). Fields: `ts`, `level`, `msg`, `fn`,
/// `request_id`, then the metadata. Callers pass phone numbers already masked and never pass secrets or text.
public struct Logger: Sendable {
    /// Severity, ordered.
    public enum Level: String, Sendable, Comparable, CaseIterable {
        case debug, info, warning, error

        /// Severity as a number (every line compares levels; `allCases.firstIndex` built an array each time).
        var rank: Int {
            switch self {
            case .debug: 0
            case .info: 1
            case .warning: 2
            case .error: 3
            }
        }

        /// Order by severity.
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    /// The function's name (`fn`).
    public var function: String
    /// The least severe level written.
    public var minimumLevel: Level
    /// Fields written on every line (e.g. `request_id`), one per key.
    public private(set) var metadata: [(key: String, value: String)]
    /// Where lines go instead of stderr (tests).
    private let sink: (@Sendable (String) -> Void)?

    /// A logger writing to stderr, or to `sink` (tests).
    public init(
        function: String, minimumLevel: Level = .info, metadata: KeyValuePairs<String, String> = [:],
        sink: (@Sendable (String) -> Void)? = nil
    ) {
        self.function = function
        self.minimumLevel = minimumLevel
        var fields: [(key: String, value: String)] = []
        for (key, value) in metadata where !fields.contains(where: { $0.key == key }) { fields.append((key, value)) }
        self.metadata = fields
        self.sink = sink
    }

    /// A copy with one more field on every line (replacing a field of the same key).
    public func with(_ key: String, _ value: String) -> Logger {
        var copy = self
        if let index = copy.metadata.firstIndex(where: { $0.key == key }) {
            copy.metadata[index].value = value
        } else {
            copy.metadata.append((key, value))
        }
        return copy
    }

    /// Writes one line when `level` is at or above the minimum.
    ///
    /// `fields` is evaluated only when the line is written: a debug line's fields cost nothing at `info` (one
    /// `String(describing:)` of an enum in a skipped debug line was 38% of an inbound-sms process, measured). They
    /// are pairs, not a dictionary: a line has a handful, and hashing them was a tenth of a warm invocation's log
    /// line.
    public func log(
        _ level: Level, _ message: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]
    ) {
        guard level >= minimumLevel else { return }
        write(level, message, fields: fields().map { (key: $0.key, value: $0.value) })
    }

    /// Writes one line with `fields`, which win over the metadata on the same key; keys are written in order.
    func write(_ level: Level, _ message: String, fields: [(key: String, value: String)]) {
        guard level >= minimumLevel else { return }
        // Built as bytes: one line per request, and String interpolation plus per-value quoting was ~50 k
        // instructions of a warm Lambda invocation.
        var line: [UInt8] = []
        line.reserveCapacity(320)
        JSONValue.writeRaw(#"{"ts":""#, into: &line)
        LogTimestamp.append(to: &line)
        JSONValue.writeRaw(#"","level":""#, into: &line)
        line.append(contentsOf: level.rawValue.utf8)
        JSONValue.writeRaw(#"","msg":"#, into: &line)
        JSONValue.writeString(message, into: &line)
        JSONValue.writeRaw(#","fn":"#, into: &line)
        JSONValue.writeString(function, into: &line)
        var pairs: [(key: String, value: String)] = []
        pairs.reserveCapacity(fields.count + metadata.count)
        pairs.append(contentsOf: fields)
        let callFields = pairs.count
        for field in metadata where !pairs[..<callFields].contains(where: { $0.key == field.key }) {
            pairs.append(field)
        }
        pairs.sort { $0.key < $1.key }
        for (key, value) in pairs {
            line.append(UInt8(ascii: ","))
            JSONValue.writeString(key, into: &line)
            line.append(UInt8(ascii: ":"))
            JSONValue.writeString(value, into: &line)
        }
        JSONValue.writeRaw("}\n", into: &line)
        if let sink {
            sink(String(decoding: line, as: UTF8.self))
        } else {
            StandardIO.write(line, to: 2)
        }
    }

    /// Logs at debug.
    public func debug(_ message: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.debug, message, fields())
    }
    /// Logs at info.
    public func info(_ message: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.info, message, fields())
    }
    /// Logs at warning.
    public func warning(_ message: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.warning, message, fields())
    }
    /// Logs at error.
    public func error(_ message: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.error, message, fields())
    }
}
