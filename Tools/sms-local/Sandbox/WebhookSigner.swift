import Crypto
import Foundation
import Primitives

/// Signs webhook bodies as Vonage does: an HS256 JWT with `iat`, `jti`, `iss: "Vonage"`, `payload_hash` (hex
/// SHA-256 of the exact body bytes sent), `api_key` and `application_id`, keyed with the signature secret.
struct WebhookSigner: Sendable {
    let secret: String
    /// The account key Vonage names in `api_key` (the sandbox's own).
    let apiKey: String
    let applicationID: String

    /// The bearer token for `body`, issued at `now`.
    func token(for body: [UInt8], now: Date = Date()) -> String {
        let hash = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
        let claims: [String: Any] = [
            "iat": Int(now.timeIntervalSince1970), "jti": UUID().uuidString.lowercased(), "iss": "Vonage",
            "payload_hash": hash, "api_key": apiKey, "application_id": applicationID,
        ]
        let header = Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8)
        let payload = (try? JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys])) ?? Data()
        let input = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return input + "." + Base64URL.encode(Data(mac))
    }
}
