/// How many SMS parts a text needs, for the `sms.count_total` and `usage.price` of status webhooks: GSM-7 160/153
/// septets (extension characters count two), otherwise UCS-2 70/67 UTF-16 units.
enum SegmentCounter {
    private static let basic = Set(
        ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
            + "¿abcdefghijklmnopqrstuvwxyzäöñüà").unicodeScalars)
    private static let extended = Set("\u{0C}^{}\\[~]|€".unicodeScalars)

    /// Parts for `text` with Vonage's `encoding_type` (`auto`, `text`, `unicode`).
    static func count(_ text: String, encoding: String = "auto") -> Int {
        let isGSM = text.unicodeScalars.allSatisfy { basic.contains($0) || extended.contains($0) }
        if encoding == "text" || (encoding != "unicode" && isGSM) {
            let septets = text.unicodeScalars.reduce(0) { $0 + (extended.contains($1) ? 2 : 1) }
            return septets <= 160 ? 1 : (septets + 152) / 153
        }
        let units = text.utf16.count
        return units <= 70 ? 1 : (units + 66) / 67
    }
}
