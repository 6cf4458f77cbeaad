import Crypto
import JSON
import Primitives

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Verifies the HS256 JWT Vonage puts in the `Authorization` header of Messages webhooks, and binds it to the body.
///
/// Pure: it reads nothing from the environment. Whether verification is switched off (`VONAGE_WEBHOOK_VERIFY=off`)
/// is the caller's decision, made before calling `verify`.
public struct SignedWebhookVerifier: Sendable {
    /// Longest `Authorization` header considered; a genuine token is a few hundred bytes.
    public static let maximumHeaderBytes = 8 * 1024
    /// How far in the future `iat` (or `nbf`) may be, for clock skew between Vonage and this host. Vonage documents
    /// no tolerance; ±300 s is the reference's suggestion.
    public static let allowedClockSkew: TimeInterval = 300

    /// How old `iat` may be by default: Vonage retries a callback for 24 h with the token of its first attempt,
    /// plus an hour for delivery and clock skew.
    public static let defaultMaximumAge: TimeInterval = 25 * 3600

    private let secret: [UInt8]?
    private let policy: Policy
    private let now: @Sendable () -> Date

    /// What a verified token must also satisfy beyond its signature.
    public struct Policy: Sendable, Equatable {
        /// Longest time since `iat` (`VONAGE_WEBHOOK_MAX_AGE`).
        public var maximumAge: TimeInterval
        /// The only `application_id` accepted (`VONAGE_APPLICATION_ID`); `nil` accepts any.
        public var applicationID: String?

        /// A policy; the defaults accept 25 h old tokens of any application.
        public init(maximumAge: TimeInterval = SignedWebhookVerifier.defaultMaximumAge, applicationID: String? = nil) {
            self.maximumAge = maximumAge
            self.applicationID = applicationID
        }
    }

    /// - Parameters:
    ///   - signatureSecret: the account signature secret (`VONAGE_SIGNATURE_SECRET`); `nil` or empty means not
    ///     configured, and every request answers 503.
    ///   - policy: the token's maximum age and the application it must name.
    ///   - now: the clock, injectable for tests.
    public init(
        signatureSecret: String?, policy: Policy = Policy(), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        if let signatureSecret, !signatureSecret.isEmpty {
            secret = Array(signatureSecret.utf8)
        } else {
            secret = nil
        }
        self.policy = policy
        self.now = now
    }

    /// Checks the token in `authorization` against the secret and `body`, returning its claims.
    ///
    /// - Parameters:
    ///   - authorization: the `Authorization` header value, `nil` when the request has none.
    ///   - body: the raw request body bytes, exactly as received.
    /// - Throws: `WebhookAuthError`; its `httpStatus` is the answer to give (401 or 503).
    public func verify(authorization: String?, body: some DataProtocol) throws(WebhookAuthError) -> WebhookClaims {
        guard let secret else { throw .secretNotConfigured }
        guard let authorization, !authorization.trimmingWhitespace().isEmpty else { throw .missingAuthorization }
        guard authorization.utf8.count <= Self.maximumHeaderBytes else { throw .tokenTooLarge }
        let token = try Self.bearerToken(authorization)

        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3 else { throw .wrongSegmentCount }
        guard let headerBytes = Base64URL.decode(segments[0]), let header = JSONValue.object(from: headerBytes) else {
            throw .malformedHeader
        }
        // Exactly "HS256": the algorithm is fixed by Vonage, never chosen by the token (no "none", no RS256 with
        // the secret as a "public key", no case variants that a lax library might map to something else).
        guard header["alg"] == .string("HS256") else { throw .unsupportedAlgorithm }
        guard header["crit"] == nil else { throw .criticalHeader }
        guard let signature = Base64URL.decode(segments[2]) else { throw .malformedSignature }

        let signingInput = Data(token.utf8.prefix(segments[0].utf8.count + 1 + segments[1].utf8.count))
        // isValidAuthenticationCode compares in constant time, so timing reveals nothing about the right MAC.
        guard
            HMAC<SHA256>.isValidAuthenticationCode(
                signature, authenticating: signingInput, using: SymmetricKey(data: secret))
        else { throw .signatureMismatch }

        // Claims are parsed only once the signature proves Vonage wrote them.
        guard let claimBytes = Base64URL.decode(segments[1]), let claims = JSONValue.object(from: claimBytes) else {
            throw .malformedClaims
        }
        return try Self.check(claims, body: body, policy: policy, now: now())
    }

    /// The token after `Bearer ` (the scheme is case-insensitive, RFC 7235 §2.1).
    private static func bearerToken(_ authorization: String) throws(WebhookAuthError) -> Substring {
        let trimmed = authorization.trimmingWhitespace()
        guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }),
            trimmed[..<space].lowercased() == "bearer"
        else { throw .notBearer }
        let token = trimmed[space...].drop(while: { $0 == " " || $0 == "\t" })
        guard !token.isEmpty, !token.contains(where: { $0 == " " || $0 == "\t" }) else { throw .notBearer }
        return token
    }

    private static func check(
        _ claims: [String: JSONValue], body: some DataProtocol, policy: Policy, now: Date
    ) throws(WebhookAuthError) -> WebhookClaims {
        let issuer = claims["iss"]
        if let issuer, issuer != .string("Vonage") { throw .wrongIssuer }

        guard let iat = claims["iat"]?.number, iat.isFinite else { throw .missingIssuedAt }
        let issuedAt = Date(timeIntervalSince1970: iat)
        guard issuedAt.timeIntervalSince(now) <= allowedClockSkew else { throw .issuedInFuture }
        if let nbf = claims["nbf"]?.number, nbf - now.timeIntervalSince1970 > allowedClockSkew {
            throw .notYetValid
        }
        // `exp` is ignored (Vonage's tokens carry none); age is judged from `iat`. Vonage retries a callback for up
        // to 24 h re-sending the token of the first attempt, so the limit must outlast that; beyond it a token
        // can only be a replay.
        guard now.timeIntervalSince(issuedAt) <= policy.maximumAge else { throw .tooOld }
        let applicationID = claims["application_id"]?.string
        if let expected = policy.applicationID, applicationID != expected { throw .wrongApplication }

        let payloadHash = claims["payload_hash"]
        let binding: WebhookClaims.BodyBinding
        if let payloadHash {
            guard let claimed = payloadHash.string else { throw .payloadHashMismatch }
            binding = try bodyBinding(claimedHash: claimed, body: body)
        } else {
            // Without payload_hash a token vouches for no body in particular: whoever holds one could attach any
            // STOP or status to it. Vonage's documented tokens always carry it, so only a bodiless request may
            // do without.
            guard body.isEmpty else { throw .missingPayloadHash }
            binding = .none
        }
        return WebhookClaims(
            issuedAt: issuedAt,
            tokenID: claims["jti"]?.string,
            issuer: issuer?.string,
            apiKey: claims["api_key"]?.string,
            applicationID: applicationID,
            payloadHash: payloadHash?.string,
            bodyBinding: binding
        )
    }

    /// Matches `payload_hash` against the raw body first and, failing that, its compact form: whether Vonage hashes
    /// the exact bytes it sends is unverified, while its Node snippet hashes `JSON.stringify(JSON.parse(body))`.
    private static func bodyBinding(
        claimedHash: String, body: some DataProtocol
    ) throws(WebhookAuthError) -> WebhookClaims.BodyBinding {
        let claimed = Hex.foldedASCII(claimedHash)
        if ConstantTime.equal(claimed, Hex.lowercase(SHA256.hash(data: body))) { return .rawBody }
        if let compact = CompactJSON.compact(body), !compact.elementsEqual(body),
            ConstantTime.equal(claimed, Hex.lowercase(SHA256.hash(data: compact)))
        {
            return .compactJSON
        }
        throw .payloadHashMismatch
    }
}
