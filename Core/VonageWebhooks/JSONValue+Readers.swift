import JSON
import Primitives

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Readers for tokens and payloads, field by field, so a wrong type is reported by name instead of failing the
/// whole document the way a synthesised `Decodable` would.
extension JSONValue {
    /// The top-level object of a JSON document, or `nil` when `bytes` are not JSON or hold another kind of value.
    static func object(from bytes: some DataProtocol) -> [String: JSONValue]? {
        guard case .object(let members)? = try? JSONParser.parse(Array(bytes)) else {
            return nil
        }
        return members
    }

    /// Text for fields Vonage documents as strings but that an SDK or an older API version sends as numbers
    /// (`error.title`, `usage.price`): integers print without a fraction (`1000`, not `1000.0`).
    var stringOrNumberText: String? {
        switch self {
        case .string(let text): return text
        case .number(let number):
            guard number.isFinite else { return nil }
            if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
            return String(number)
        default: return nil
        }
    }

    /// An integer from `2` or `"2"` (`sms.num_messages`, `sms.count_total`); `nil` for fractions and other text.
    var flexibleInt: Int? {
        switch self {
        case .string(let text): return Int(text.trimmingWhitespace())
        case .number(let number):
            guard number.isFinite, number == number.rounded(), abs(number) < 1e15 else { return nil }
            return Int(number)
        default: return nil
        }
    }
}
