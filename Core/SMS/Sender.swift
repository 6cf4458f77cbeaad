import Primitives

/// Who an SMS appears to come from: a phone number, or an alphanumeric sender ID where the country allows one.
public enum Sender: Sendable, Hashable, CustomStringConvertible {
    /// A number in E.164 form (replies can come back to it).
    case number(PhoneNumber)
    /// An alphanumeric sender ID such as `AcmeInc`: 1...11 of `[A-Za-z0-9 ]`, at least one letter.
    case alphanumeric(String)

    /// The longest alphanumeric sender ID: 11 GSM characters is all the SMS originator address can carry.
    public static let maxAlphanumericLength = 11

    /// Parses a `from` value.
    ///
    /// A value made only of digits, `+` and phone separators is a number and must be valid E.164 (so `12345` is
    /// refused as a short number, not sent as an all-digit sender ID, which carriers treat as a number anyway).
    /// Anything else must be an alphanumeric ID.
    public init(parsing raw: String) throws(SMSValidationError) {
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .invalidSender(reason: "must not be empty") }
        if Self.looksLikeNumber(trimmed) {
            self = .number(try PhoneNumber(parsing: String(trimmed), field: "from"))
            return
        }
        for scalar in trimmed.unicodeScalars where !Self.isAlphanumericIDScalar(scalar) {
            throw .invalidSender(
                reason: "an alphanumeric sender ID may contain only A-Z, a-z, 0-9 and spaces; found "
                    + SMSValidationError.describe(scalar)
            )
        }
        // Not number-like and only [A-Za-z0-9 ] means at least one letter is present.
        guard trimmed.count <= Self.maxAlphanumericLength else {
            throw .invalidSender(
                reason: "an alphanumeric sender ID must be 1 to \(Self.maxAlphanumericLength) characters, "
                    + "got \(trimmed.count)"
            )
        }
        self = .alphanumeric(String(trimmed))
    }

    /// What goes into Vonage's `from`: the E.164 digits, or the sender ID as given (trimmed).
    public var value: String {
        switch self {
        case .number(let number): number.digits
        case .alphanumeric(let id): id
        }
    }

    /// Log-safe form: a number is masked, a sender ID is public anyway.
    public var description: String {
        switch self {
        case .number(let number): number.masked
        case .alphanumeric(let id): id
        }
    }

    private static func looksLikeNumber(_ text: Substring) -> Bool {
        var sawDigit = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "0"..."9": sawDigit = true
            case "+": continue
            case _ where PhoneNumber.isSeparator(scalar): continue
            default: return false
            }
        }
        return sawDigit
    }

    private static func isAlphanumericIDScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", " ": true
        default: false
        }
    }
}
