/// Why a webhook's `Authorization` token was not accepted, with the HTTP status the endpoint should answer.
///
/// Every `detail` is a fixed sentence: none ever quotes the token, the secret, or any value taken from the request,
/// so an error can go into a problem+json body or a log line as it is.
public struct WebhookAuthError: Error, Equatable, Sendable, CustomStringConvertible {
    private enum Code: Equatable, Sendable {
        case missingAuthorization, secretNotConfigured
        case tokenTooLarge, notBearer, wrongSegmentCount, malformedHeader, malformedSignature, malformedClaims
        case unsupportedAlgorithm, criticalHeader, signatureMismatch, wrongIssuer, missingIssuedAt
        case issuedInFuture, notYetValid, payloadHashMismatch, missingPayloadHash, tooOld, wrongApplication
    }

    private let code: Code

    /// A short summary for a problem+json `title`.
    public var title: String {
        httpStatus == 503 ? "Webhook signature cannot be checked yet" : "Invalid webhook signature"
    }

    /// A safe, human-readable explanation for a problem+json `detail` or a log line.
    public var detail: String {
        switch code {
        case .missingAuthorization:
            "The request has no Authorization header; Vonage signs every callback and retries unsigned ones on 5xx."
        case .secretNotConfigured: "VONAGE_SIGNATURE_SECRET is not configured, so signed webhooks cannot be checked."
        case .tokenTooLarge: "The Authorization header is larger than a Vonage webhook token can be."
        case .notBearer: "The Authorization header is not a Bearer token."
        case .wrongSegmentCount: "The token is not a JWT of three dot-separated segments."
        case .malformedHeader: "The token header is not base64url-encoded JSON."
        case .malformedSignature: "The token signature is not base64url."
        case .malformedClaims: "The token claims are not a base64url-encoded JSON object."
        case .unsupportedAlgorithm: "The token is not signed with HS256."
        case .criticalHeader: "The token header lists critical extensions that are not supported."
        case .signatureMismatch: "The token signature does not match the signature secret."
        case .wrongIssuer: "The token issuer is not Vonage."
        case .missingIssuedAt: "The token has no numeric iat claim."
        case .issuedInFuture: "The token was issued too far in the future."
        case .notYetValid: "The token is not valid yet (nbf)."
        case .payloadHashMismatch: "payload_hash does not match the body."
        case .missingPayloadHash: "The token has no payload_hash, so it does not vouch for this body."
        case .tooOld: "The token was issued longer ago than VONAGE_WEBHOOK_MAX_AGE allows."
        case .wrongApplication: "The token was issued for another Vonage application than VONAGE_APPLICATION_ID."
        }
    }

    /// 503 when the request could become verifiable later (so Vonage retries), 401 when the token is bad.
    public var httpStatus: Int {
        switch code {
        case .missingAuthorization, .secretNotConfigured: 503
        default: 401
        }
    }

    /// The detail, so interpolating the error never shows more than it.
    public var description: String { detail }

    /// No `Authorization` header (503): Vonage may send an unsigned callback on an internal error and retries it.
    public static let missingAuthorization = Self(code: .missingAuthorization)
    /// No signature secret configured (503): the service is misconfigured, and Vonage retries for 24 h.
    public static let secretNotConfigured = Self(code: .secretNotConfigured)
    /// The header is longer than any genuine token (401).
    public static let tokenTooLarge = Self(code: .tokenTooLarge)
    /// The header is not `Bearer <token>` (401).
    public static let notBearer = Self(code: .notBearer)
    /// The token does not have exactly three segments (401).
    public static let wrongSegmentCount = Self(code: .wrongSegmentCount)
    /// The JOSE header is not base64url JSON object (401).
    public static let malformedHeader = Self(code: .malformedHeader)
    /// The signature segment is not base64url (401).
    public static let malformedSignature = Self(code: .malformedSignature)
    /// The claims segment is not a base64url JSON object (401).
    public static let malformedClaims = Self(code: .malformedClaims)
    /// `alg` is anything but exactly `HS256`, including `none` and `RS256` (401).
    public static let unsupportedAlgorithm = Self(code: .unsupportedAlgorithm)
    /// The header carries `crit`, which RFC 7515 §4.1.11 says must be rejected when not understood (401).
    public static let criticalHeader = Self(code: .criticalHeader)
    /// The HMAC-SHA256 signature does not match (401): forged, or signed with another secret.
    public static let signatureMismatch = Self(code: .signatureMismatch)
    /// `iss` is present and is not `Vonage` (401).
    public static let wrongIssuer = Self(code: .wrongIssuer)
    /// `iat` is missing or not a number (401).
    public static let missingIssuedAt = Self(code: .missingIssuedAt)
    /// `iat` is further in the future than the clock-skew allowance (401).
    public static let issuedInFuture = Self(code: .issuedInFuture)
    /// `nbf` is further in the future than the clock-skew allowance (401).
    public static let notYetValid = Self(code: .notYetValid)
    /// The request has a body but the token no `payload_hash` (401): such a token would vouch for any body.
    public static let missingPayloadHash = Self(code: .missingPayloadHash)
    /// `iat` is older than the configured maximum age (401): Vonage retries for 24 h, so anything older is a replay.
    public static let tooOld = Self(code: .tooOld)
    /// `application_id` is missing or is not the configured application (401): a token of another application of
    /// the same account.
    public static let wrongApplication = Self(code: .wrongApplication)
    /// `payload_hash` matches neither the raw body nor its compact form (401): the body was tampered with.
    public static let payloadHashMismatch = Self(code: .payloadHashMismatch)
}
