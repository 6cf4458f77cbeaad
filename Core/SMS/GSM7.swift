/// The GSM 03.38 (3GPP TS 23.038) default alphabet that decides GSM-7 vs UCS-2 and counts septets.
///
/// The tables are exactly those of 3GPP TS 23.038 as Vonage applies them (they match the PHP SDK's
/// `GSM_7_CHARSET`). Lookups are per Unicode scalar, not per `Character`: Swift treats "\r\n" as one Character
/// but it is two septets, and "e" + U+0301 (decomposed é) is not GSM-7 even though it renders like "é". Text is
/// not normalised first because Vonage receives, and encodes, the scalars we send.
public enum GSM7 {
    /// Basic table: one septet each (127 characters; the 128th code, ESC, escapes to the extension table).
    static let basic: Set<Unicode.Scalar> = Set(
        ("@£$¥èéùìòÇ\nØø\rÅå"
            + "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
            + " !\"#¤%&'()*+,-./"
            + "0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
            + "¿abcdefghijklmnopqrstuvwxyzäöñüà").unicodeScalars
    )

    /// Extension table: ESC + code, so two septets each. Form feed is here too, although Vonage's guide omits it.
    static let extended: Set<Unicode.Scalar> = Set("\u{0C}^{}\\[~]|€".unicodeScalars)

    /// Septets a scalar takes in GSM-7 (1 basic, 2 extension), or `nil` when GSM-7 cannot encode it.
    public static func septets(for scalar: Unicode.Scalar) -> Int? {
        if basic.contains(scalar) { return 1 }
        if extended.contains(scalar) { return 2 }
        return nil
    }
}
