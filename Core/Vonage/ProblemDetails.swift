import Primitives

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An RFC 7807 error body as Vonage sends it (`application/problem+json`, or `application/json` on 422).
///
/// Every field is optional: the spec requires `type`, `title` and `instance`, but an error answer that lacks them
/// must still be classified by its status, so a partial body is accepted rather than rejected.
public struct VonageProblemDetails: Equatable, Sendable, Decodable {
    /// A URL naming the error kind.
    public var type: String?
    /// Vonage's short, generic message.
    public var title: String?
    /// Vonage's longer explanation.
    public var detail: String?
    /// Vonage's trace id for support requests.
    public var instance: String?
    /// Per-field failures on 422.
    public var invalidParameters: [VonageInvalidParameter]?

    enum CodingKeys: String, CodingKey {
        case type, title, detail, instance
        case invalidParameters = "invalid_parameters"
    }

    /// Builds a value directly (tests and fakes).
    public init(
        type: String? = nil,
        title: String? = nil,
        detail: String? = nil,
        instance: String? = nil,
        invalidParameters: [VonageInvalidParameter]? = nil
    ) {
        self.type = type
        self.title = title
        self.detail = detail
        self.instance = instance
        self.invalidParameters = invalidParameters
    }

    /// Decodes leniently: a field of the wrong type is treated as absent instead of failing the whole body.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try? container.decodeIfPresent(String.self, forKey: .type)
        title = try? container.decodeIfPresent(String.self, forKey: .title)
        detail = try? container.decodeIfPresent(String.self, forKey: .detail)
        instance = try? container.decodeIfPresent(String.self, forKey: .instance)
        // NODE types this as a single object while the spec says array; accept both.
        if let list = try? container.decodeIfPresent([VonageInvalidParameter].self, forKey: .invalidParameters) {
            invalidParameters = list
        } else if let one = try? container.decodeIfPresent(VonageInvalidParameter.self, forKey: .invalidParameters) {
            invalidParameters = [one]
        } else {
            invalidParameters = nil
        }
    }

    /// Parses `body` when the content type is JSON of either flavour; `nil` for anything else.
    public static func parse(body: Data, contentType: String?) -> Self? {
        guard let contentType else { return nil }
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingWhitespace().lowercased() } ?? ""
        guard mediaType == "application/problem+json" || mediaType == "application/json" else { return nil }
        return try? JSONDecoder().decode(Self.self, from: body)
    }
}
