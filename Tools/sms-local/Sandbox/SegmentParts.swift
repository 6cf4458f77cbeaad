import SMS

/// How many SMS parts a text needs, for the `sms.count_total` and `usage.price` of status webhooks: the functions'
/// own GSM-7 / UCS-2 rules (SMS module), without their segment limit, since Vonage itself accepts up to 3200
/// characters.
enum SegmentParts {
    /// Parts for `text` with Vonage's `encoding_type` (`auto`, `text`, `unicode`); 1 for text the rules refuse.
    static func count(_ text: String, encoding: String = "auto") -> Int {
        let option = EncodingOption(rawValue: encoding) ?? .auto
        // Forced `text` with characters GSM-7 lacks is sent anyway by Vonage (garbled), so count it as `auto`.
        let info =
            (try? SMSText.analyze(text, option: option, maxSegments: .max))
            ?? (try? SMSText.analyze(text, option: .auto, maxSegments: .max))
        return info?.segments ?? 1
    }
}
