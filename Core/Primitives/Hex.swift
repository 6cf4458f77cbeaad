/// Lowercase hexadecimal: Vonage's `payload_hash`, request digests and token identities.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// The lowercase hex text of `bytes`, as UTF-8 bytes.
    public static func lowercase<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return out
    }

    /// The lowercase hex text of `bytes`.
    public static func string<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        String(decoding: lowercase(bytes), as: UTF8.self)
    }

    /// `text`'s ASCII letters lowercased, so an upper-case hex claim compares equal to the same digest.
    public static func foldedASCII(_ text: String) -> [UInt8] {
        text.utf8.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 : $0 }
    }
}
