#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The claims of a verified Vonage webhook token (see the reference's "Signed webhooks" section).
public struct WebhookClaims: Sendable, Equatable {
    /// How the token was bound to the request body.
    public enum BodyBinding: Sendable, Equatable {
        /// `payload_hash` equals SHA-256 of the raw body bytes.
        case rawBody
        /// `payload_hash` equals SHA-256 of the body with insignificant whitespace removed (Vonage's Node snippet).
        case compactJSON
        /// The token has no `payload_hash` and the request no body to bind.
        case none

        /// `raw_body`, `compact_json` or `none`, for log lines (written out: `String(describing:)` reflects).
        public var name: String {
            switch self {
            case .rawBody: "raw_body"
            case .compactJSON: "compact_json"
            case .none: "none"
            }
        }
    }

    /// `iat`: when Vonage issued the token.
    public var issuedAt: Date
    /// `jti`: the token's unique id (a UUID in Vonage's sample).
    public var tokenID: String?
    /// `iss`: `"Vonage"` when present.
    public var issuer: String?
    /// `api_key`: the account whose signature secret signed the token.
    public var apiKey: String?
    /// `application_id`: present when an application was involved.
    public var applicationID: String?
    /// `payload_hash`: hex SHA-256 of the body, as sent.
    public var payloadHash: String?
    /// Which form of the body matched `payload_hash`.
    public var bodyBinding: BodyBinding

    /// Claims as the verifier produces them; public so tests and callers can build expected values.
    public init(
        issuedAt: Date,
        tokenID: String? = nil,
        issuer: String? = nil,
        apiKey: String? = nil,
        applicationID: String? = nil,
        payloadHash: String? = nil,
        bodyBinding: BodyBinding
    ) {
        self.issuedAt = issuedAt
        self.tokenID = tokenID
        self.issuer = issuer
        self.apiKey = apiKey
        self.applicationID = applicationID
        self.payloadHash = payloadHash
        self.bodyBinding = bodyBinding
    }
}
