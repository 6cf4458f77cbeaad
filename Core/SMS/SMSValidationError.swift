/// Why a send-sms field (or an inbound value) is not acceptable, as data a service can answer with.
///
/// `field` is the JSON field name of the send-sms body ("to", "from", "text", "client_ref", "ttl", "encoding") and
/// `reason` a short, safe, human-readable sentence. The service layer maps this to a 422 problem+json with
/// `invalid_params: [{"name": field, "reason": reason}]`. Reasons never echo a whole phone number or message text,
/// because they may end up in logs; at most they name one offending character.
public struct SMSValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    private enum Code: Equatable, Sendable {
        case invalidNumber
        case invalidSender
        case emptyText
        case textTooLong
        case notGSM7
        case tooManySegments
        case invalidClientRef
        case invalidTTL
        case invalidEncoding
    }

    private let code: Code
    /// The JSON field the problem is in, e.g. "to".
    public let field: String
    /// What is wrong, e.g. "must have 7 to 15 digits, got 5".
    public let reason: String

    private init(_ code: Code, field: String, reason: String) {
        self.code = code
        self.field = field
        self.reason = reason
    }

    /// `field: reason`, e.g. `to: must not start with 0; use the international format with country code`.
    public var description: String { "\(field): \(reason)" }

    /// A phone number (in `to`, or a numeric `from`) that is not E.164.
    public static func invalidNumber(field: String, reason: String) -> SMSValidationError {
        SMSValidationError(.invalidNumber, field: field, reason: reason)
    }

    /// An alphanumeric sender ID that Vonage would refuse.
    public static func invalidSender(reason: String) -> SMSValidationError {
        SMSValidationError(.invalidSender, field: "from", reason: reason)
    }

    /// The text is empty or holds only whitespace: there is nothing to deliver.
    public static func emptyText(reason: String = "must not be empty") -> SMSValidationError {
        SMSValidationError(.emptyText, field: "text", reason: reason)
    }

    /// The text is longer than the Messages API accepts.
    public static func textTooLong(length: Int, limit: Int) -> SMSValidationError {
        SMSValidationError(
            .textTooLong, field: "text",
            reason: "must be at most \(limit) characters (UTF-16 code units), got \(length)"
        )
    }

    /// `encoding` "text" was forced but the text holds a character outside GSM-7.
    public static func notGSM7(_ scalar: Unicode.Scalar) -> SMSValidationError {
        SMSValidationError(
            .notGSM7, field: "text",
            reason: "contains \(describe(scalar)), which GSM-7 cannot encode; use encoding \"auto\" or \"unicode\""
        )
    }

    /// The text needs more SMS parts than the configured limit (`SMS_MAX_SEGMENTS`).
    public static func tooManySegments(needed: Int, limit: Int) -> SMSValidationError {
        SMSValidationError(.tooManySegments, field: "text", reason: "needs \(needed) segments, the limit is \(limit)")
    }

    /// A `client_ref` Vonage would refuse (error 1450).
    public static func invalidClientRef(reason: String) -> SMSValidationError {
        SMSValidationError(.invalidClientRef, field: "client_ref", reason: reason)
    }

    /// A `ttl` outside Vonage's range.
    public static func invalidTTL(reason: String) -> SMSValidationError {
        SMSValidationError(.invalidTTL, field: "ttl", reason: reason)
    }

    /// An `encoding` that is not one of the accepted options.
    public static func invalidEncoding(reason: String) -> SMSValidationError {
        SMSValidationError(.invalidEncoding, field: "encoding", reason: reason)
    }

    /// Names one character for an error reason: quoted when it is visible, always with its code point, because
    /// look-alikes (`ç` vs `Ç`, curly vs straight quotes) and invisible characters are the usual culprits.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        switch scalar.properties.generalCategory {
        case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .surrogate,
            .privateUse, .unassigned, .nonspacingMark, .enclosingMark, .spacingMark:
            return code
        default:
            return "\"\(Character(scalar))\" (\(code))"
        }
    }
}
