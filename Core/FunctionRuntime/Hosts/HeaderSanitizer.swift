/// Keeps response headers safe to hand to a host: a name must be an RFC 9110 token and a value loses CR, LF and
/// other control characters, so no handler bug can split a header or inject one.
enum HeaderSanitizer {
    static func isToken(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"):
                    true
                default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
                }
            }
    }

    static func value(_ value: String) -> String {
        // Nearly every value is clean: one byte scan instead of rebuilding it Character by Character.
        guard value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return value }
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

    /// `name` with ASCII letters lower-cased (field names are tokens, so ASCII); the same string when it has no
    /// upper-case letter, which is most of them.
    static func lowercased(_ name: String) -> String {
        guard name.utf8.contains(where: { (0x41...0x5A).contains($0) }) else { return name }
        return String(unsafeUninitializedCapacity: name.utf8.count) { buffer in
            for (index, byte) in name.utf8.enumerated() { buffer[index] = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
            return name.utf8.count
        }
    }
}
