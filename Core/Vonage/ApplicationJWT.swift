import Primitives
import _CryptoExtras

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Signs Vonage application JWTs (RS256), the `Authorization: Bearer` credential of the Messages API.
///
/// The token matches the official SDKs: header `{"alg":"RS256","typ":"JWT"}` and claims `application_id`, `iat`,
/// `jti` (lowercase UUID v4) and `exp = iat + 900`. A fresh token is made for every request, so a retried send
/// never reuses a `jti`.
public struct ApplicationJWT: Sendable {
    /// Lifetime of a token in seconds; the SDKs' default, well inside Vonage's accepted range.
    public static let lifetime = 900

    /// The exact header segment before encoding; fixed, so it is never re-serialised in a different key order.
    public static let headerJSON = #"{"alg":"RS256","typ":"JWT"}"#

    private let applicationId: String
    private let privateKey: VonagePrivateKey
    private let now: @Sendable () -> Date
    private let makeJTI: @Sendable () -> UUID

    /// - Parameters:
    ///   - now: the wall clock for `iat`; injectable so tests can pin the claims.
    ///   - makeJTI: the source of `jti`; injectable for the same reason.
    public init(
        applicationId: String,
        privateKey: VonagePrivateKey,
        now: @escaping @Sendable () -> Date = { Date() },
        makeJTI: @escaping @Sendable () -> UUID = { UUID() }
    ) {
        self.applicationId = applicationId
        self.privateKey = privateKey
        self.now = now
        self.makeJTI = makeJTI
    }

    private struct Claims: Encodable {
        // The claim's name on the wire.
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let application_id: String
        let iat: Int
        let jti: String
        let exp: Int
    }

    /// A signed token `header.payload.signature`, each segment base64url without padding.
    public func token() throws(VonageError) -> String {
        let iat = Int(now().timeIntervalSince1970.rounded(.down))
        let claims = Claims(
            application_id: applicationId,
            iat: iat,
            jti: makeJTI().uuidString.lowercased(),
            exp: iat + Self.lifetime
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let payload = try? encoder.encode(claims) else { throw .signingFailed }
        let signingInput = Base64URL.encode(Array(Self.headerJSON.utf8)) + "." + Base64URL.encode(payload)
        guard
            let signature = try? privateKey.key.signature(
                for: Array(signingInput.utf8),
                padding: .insecurePKCS1v1_5
            )
        else { throw .signingFailed }
        return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
    }
}
