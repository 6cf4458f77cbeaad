import Crypto
import Foundation
import JSON
import Primitives
import _CryptoExtras

/// Checks the `Authorization: Bearer` JWT of a Messages API call as Vonage does: RS256 (header `alg`), signed by
/// the application's private key (verified with its public key), `application_id` naming the application, and
/// `iat`, `jti`, `exp` present with `exp` not passed. Written independently of Core/Vonage's signer, so the two
/// cannot share a mistake.
struct ApplicationJWTVerifier: Sendable {
    let applicationID: String
    let publicKey: _RSA.Signing.PublicKey
    /// Clock skew tolerated for `iat` and `nbf` in the future.
    var leeway: TimeInterval = 60

    /// Why a token was refused (logged by the sandbox, never sent: Vonage's 401 says nothing specific).
    struct Rejection: Error, Equatable, CustomStringConvertible {
        var description: String
    }

    /// The claims of an acceptable token.
    func verify(authorization: String?, now: Date = Date()) throws(Rejection) -> [String: JSONValue] {
        guard let authorization, authorization.lowercased().hasPrefix("bearer ") else {
            throw Rejection(description: "no Bearer token")
        }
        let token = authorization.dropFirst(7).trimmingCharacters(in: .whitespaces)
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]),
            let claimBytes = Base64URL.decode(parts[1]),
            let signature = Base64URL.decode(parts[2])
        else { throw Rejection(description: "not a JWT") }
        guard let header = JSONValue.parse(headerBytes)?.object else { throw Rejection(description: "header not JSON") }
        guard header["alg"]?.string == "RS256" else { throw Rejection(description: "alg is not RS256") }
        if let type = header["typ"], type.string?.uppercased() != "JWT" {
            throw Rejection(description: "typ is not JWT")
        }
        let signingInput = Data((parts[0] + "." + parts[1]).utf8)
        guard
            publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: signingInput),
                padding: .insecurePKCS1v1_5)
        else { throw Rejection(description: "signature does not verify with the application's public key") }
        guard let claims = JSONValue.parse(claimBytes)?.object else { throw Rejection(description: "claims not JSON") }
        guard let application = claims["application_id"]?.string else {
            throw Rejection(description: "application_id claim missing")
        }
        guard application == applicationID else {
            throw Rejection(description: "application_id is another application")
        }
        guard let issuedAt = claims["iat"]?.wholeNumber else { throw Rejection(description: "iat claim missing") }
        guard let jti = claims["jti"]?.string, !jti.isEmpty else { throw Rejection(description: "jti claim missing") }
        guard let expiry = claims["exp"]?.wholeNumber else { throw Rejection(description: "exp claim missing") }
        let seconds = now.timeIntervalSince1970
        guard TimeInterval(expiry) > seconds else { throw Rejection(description: "token expired (exp passed)") }
        guard TimeInterval(issuedAt) <= seconds + leeway else { throw Rejection(description: "iat is in the future") }
        if let notBefore = claims["nbf"]?.wholeNumber, TimeInterval(notBefore) > seconds + leeway {
            throw Rejection(description: "nbf is in the future")
        }
        return claims
    }
}
