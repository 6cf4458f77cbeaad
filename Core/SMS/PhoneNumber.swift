import Primitives

/// A phone number in E.164 form, stored as the digits Vonage wants on the wire (no `+`, no `00`).
///
/// People paste numbers as `+1 (415) 555-0101` or `+44 7700-900000`, so spaces, dashes, dots and round brackets are
/// dropped and one leading `+` is allowed. Anything that would make us guess is refused with a precise reason
/// instead: a leading `00` (an international dialling prefix that only some countries use, so stripping it could
/// silently change the destination), a leading `0` (a national trunk prefix: the country code is missing), letters
/// (vanity numbers), and digit counts outside E.164's 7...15 (Vonage's `^[1-9]\d{6,14}$`).
///
/// `description` is the masked form, so interpolating a number into a log line cannot leak it.
public struct PhoneNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The E.164 digits without `+`, e.g. `14155550101`; exactly what goes into Vonage's `to`/`from`.
    public let digits: String

    /// Fewest digits E.164 (and Vonage's `to` minLength) allows.
    public static let minDigits = 7
    /// Most digits E.164 allows.
    public static let maxDigits = 15

    /// Parses a number typed by a person or sent by a client.
    /// - Parameter field: the JSON field named in the error (`to` unless the number came in `from`).
    public init(parsing raw: String, field: String = "to") throws(SMSValidationError) {
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .invalidNumber(field: field, reason: "must not be empty") }
        var digits = ""
        var isFirst = true
        for scalar in trimmed.unicodeScalars {
            defer { isFirst = false }
            switch scalar {
            case "0"..."9":
                digits.unicodeScalars.append(scalar)
            case "+" where isFirst:
                continue
            case "+":
                throw .invalidNumber(field: field, reason: "may contain + only at the start")
            case _ where Self.isSeparator(scalar):
                continue
            case _ where scalar.properties.isAlphabetic:
                throw .invalidNumber(field: field, reason: "must not contain letters")
            default:
                throw .invalidNumber(
                    field: field,
                    reason: "contains \(SMSValidationError.describe(scalar)), which is not allowed; use digits "
                        + "with an optional leading +, spaces, dashes, dots or brackets"
                )
            }
        }
        if digits.hasPrefix("00") {
            throw .invalidNumber(
                field: field,
                reason: "must not start with 00; write + and the country code instead of the 00 international prefix"
            )
        }
        if digits.hasPrefix("0") {
            throw .invalidNumber(
                field: field, reason: "must not start with 0; use the international format with country code"
            )
        }
        guard (Self.minDigits...Self.maxDigits).contains(digits.count) else {
            throw .invalidNumber(
                field: field, reason: "must have \(Self.minDigits) to \(Self.maxDigits) digits, got \(digits.count)"
            )
        }
        self.digits = digits
    }

    /// All but the last 4 digits replaced by `*` (e.g. `*******0101`): how numbers appear in logs.
    public var masked: String {
        String(repeating: "*", count: max(0, digits.count - 4)) + digits.suffix(4)
    }

    /// The masked number, so that `"\(number)"` is log-safe; use `digits` for the wire.
    public var description: String { masked }

    /// True when a scalar is only formatting (the no-break space shows up in numbers copied from web pages).
    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\u{00A0}", "-", ".", "(", ")": true
        default: false
        }
    }

    /// Decodes from a JSON string with the same rules as `init(parsing:)`.
    ///
    /// It throws `SMSValidationError` (named after the coding key, e.g. "to") rather than `DecodingError`, so a
    /// service decoding a request body straight into this type can still answer 422 with the field.
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: raw, field: decoder.codingPath.last?.stringValue ?? "to")
    }

    /// Encodes as the digits string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }
}
