import Crypto
import Foundation
import Primitives
import VonageWebhooks

/// Mints HS256 tokens shaped like Vonage's, for tests only: production code deliberately cannot mint.
enum TestTokens {
    static let secret = "test-signature-secret-0123456789abcdef"
    static let now = Date(timeIntervalSince1970: 1_738_584_865)  // 2025-02-03T12:14:25Z
    static let standardHeader = #"{"alg":"HS256","typ":"JWT"}"#

    /// Lowercase hex SHA-256, the `payload_hash` Vonage sends.
    static func sha256Hex(_ bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Vonage's documented claims for `body`, as compact JSON text.
    static func claims(
        body: Data, iat: Double = now.timeIntervalSince1970, iss: String = "Vonage", hash: String? = nil
    ) -> String {
        var object: [String: Any] = [
            "iat": iat, "jti": "c5ba8f24-1a14-4c10-bfdf-3fbe8ce511b5", "iss": iss,
            "payload_hash": hash ?? sha256Hex(body), "api_key": "abc123",
            "application_id": "aaaaaaaa-bbbb-cccc-dddd-0123456789ab",
        ]
        if iat == iat.rounded() { object["iat"] = Int(iat) }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// `header.claims.signature` with the signature computed over the exact texts given.
    static func mint(header: String = standardHeader, claims: String, secret: String = secret) -> String {
        let signingInput = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(claims.utf8))
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data(signingInput.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return signingInput + "." + Base64URL.encode(Array(mac))
    }

    /// A token for `body` with Vonage's claims, as an `Authorization` header value.
    static func bearer(body: Data, secret: String = secret, iat: Double = now.timeIntervalSince1970) -> String {
        "Bearer " + mint(claims: claims(body: body, iat: iat), secret: secret)
    }

    /// The reference's inbound example, compact as Vonage sends it.
    static let inboundBody = Data(inboundText.utf8)
    static let inboundText: String = [
        #"{"channel":"sms","message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","to":"447700900000","#,
        #""from":"447700900001","timestamp":"2025-02-03T12:14:25Z","text":"Hello From Vonage!","#,
        #""sms":{"num_messages":"2","keyword":"HELLO"},"usage":{"currency":"EUR","price":"0.0333"},"#,
        #""origin":{"network_code":"12345"}}"#,
    ].joined()
}
