/// The compact form of a JSON text: insignificant whitespace outside strings removed, nothing else changed.
///
/// Vonage's Node snippet hashes `JSON.stringify(JSON.parse(body))` for `payload_hash`, which for the bodies Vonage
/// sends (compact, no escapes `JSON.stringify` would rewrite) is exactly this. It keeps key order and escapes on
/// purpose: a body with reordered keys or re-escaped strings is not the body Vonage signed and must not match.
enum CompactJSON {
    /// The compacted bytes, or `nil` when removing whitespace could join two tokens (`1 2` → `12`) or a string is
    /// left open: such text is not JSON, and compacting it could make it collide with a different signed body.
    static func compact<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> [UInt8]? {
        var out = [UInt8]()
        var inString = false
        var escaped = false
        var skippedSpace = false
        for byte in bytes {
            if inString {
                out.append(byte)
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                skippedSpace = true
                continue
            default:
                if skippedSpace, let previous = out.last, isTokenByte(previous), isTokenByte(byte) { return nil }
                skippedSpace = false
                out.append(byte)
                if byte == UInt8(ascii: "\"") { inString = true }
            }
        }
        return inString ? nil : out
    }

    /// Bytes that belong to a scalar token (number, literal, string quote), where whitespace is significant.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"),
            UInt8(ascii: ":"), UInt8(ascii: ","):
            false
        default: true
        }
    }
}
