/// Keeps response headers safe to hand to a host: a name must be an RFC 9110 token and a value loses CR, LF and
/// other control characters, so no handler bug can split a header or inject one.
enum HeaderSanitizer {
    static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.withUTF8Bytes { $0.allSatisfy { byte in byte < 0x80 && tokenBytes[Int(byte)] } }
    }

    /// RFC 9110 `tchar`, by byte: letters, digits and `!#$%&'*+-.^_`|~`.
    private static let tokenBytes: [Bool] = (0..<128).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: "!#$%&'*+-.^_`|~".utf8.contains(UInt8(byte))
        }
    }

    static func value(_ value: String) -> String {
        // Nearly every value is clean: one byte scan instead of rebuilding it Character by Character.
        guard value.withUTF8Bytes({ $0.contains { $0 < 0x20 || $0 == 0x7F } }) else { return value }
        return String(value.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
    }

    /// The headers that may be emitted, with `Status` and hop-by-hop fields left to the host.
    static func sanitize(_ headers: HTTPHeaders) -> [(name: String, value: String)] {
        headers.fields.compactMap { field in
            guard isToken(field.name), !reserved.contains(where: { HTTPHeaders.sameName($0, field.name) }) else {
                return nil
            }
            return (name: field.name, value: value(field.value))
        }
    }

    /// Compared by length first, without lower-casing: this runs for every field of every response.
    private static let reserved = ["status", "content-length", "transfer-encoding", "connection"]

    /// Appends `name` with ASCII letters lower-cased (field names are tokens, so ASCII).
    static func appendLowercased(_ name: String, to output: inout [UInt8]) {
        name.withUTF8Bytes { bytes in
            for byte in bytes { output.append(lower(byte)) }
        }
    }

    /// Whether `lhs` sorts before `rhs` once both are lower-cased (byte order, as sorted JSON keys are).
    static func lowercasedPrecedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.withUTF8Bytes { left in
            rhs.withUTF8Bytes { right in
                for (a, b) in zip(left, right) where lower(a) != lower(b) { return lower(a) < lower(b) }
                return left.count < right.count
            }
        }
    }

    /// An ASCII upper-case letter lower-cased; any other byte as it is.
    private static func lower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
}
