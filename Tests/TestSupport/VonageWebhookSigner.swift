import Crypto
import Foundation

/// Signs webhook bodies exactly as Vonage does (HS256 JWT with `iat`, `jti`, `iss: "Vonage"`, `payload_hash` =
/// hex SHA-256 of the body, `api_key`, `application_id`), for tests and sample events only.
public struct VonageWebhookSigner: Sendable {
    /// The signature secret (the account's, in Vonage's dashboard).
    public var secret: String

    /// A signer for `secret`.
    public init(secret: String) { self.secret = secret }

    /// The `Authorization` header value for `body`; `payloadHash: false` leaves that claim out, and
    /// `applicationID` names another application (`nil` leaves the claim out).
    public func authorization(
        for body: Data, issuedAt: Date = Date(), payloadHash: Bool = true,
        applicationID: String? = "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"
    ) -> String {
        var claims: [String: Any] = [
            "iat": Int(issuedAt.timeIntervalSince1970), "jti": UUID().uuidString.lowercased(), "iss": "Vonage",
            "api_key": "abcd1234",
        ]
        if payloadHash { claims["payload_hash"] = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined() }
        if let applicationID { claims["application_id"] = applicationID }
        let header = Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8)
        let payload = (try? JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys])) ?? Data()
        let input = Self.base64url(header) + "." + Self.base64url(payload)
        let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "Bearer " + input + "." + Self.base64url(Data(mac))
    }

    static func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// Webhook bodies shaped like Vonage's (compact JSON, SPEC 1.20 field names).
public enum VonageWebhookBodies {
    /// An inbound SMS.
    public static func inbound(
        uuid: String = UUID().uuidString.lowercased(), from: String = "447700900001",
        to: String = "447700900000", text: String = "Hello From Vonage!", timestamp: String = "2025-02-03T12:14:25Z"
    )
        -> Data
    {
        json([
            "channel": "sms", "message_uuid": uuid, "to": to, "from": from, "timestamp": timestamp, "text": text,
            "sms": ["num_messages": "1", "keyword": text.split(separator: " ").first.map { $0.uppercased() } ?? ""],
            "usage": ["currency": "EUR", "price": "0.0057"], "origin": ["network_code": "23410"],
        ])
    }

    /// A status update; `errorCode` adds Vonage's error object (for `rejected`).
    public static func status(
        uuid: String, status: String, timestamp: String = "2025-02-03T12:14:25Z",
        to: String = "447700900001", from: String = "447700900000", errorCode: String? = nil
    ) -> Data {
        var body: [String: Any] = [
            "message_uuid": uuid, "to": to, "from": from, "timestamp": timestamp, "status": status, "channel": "sms",
            "usage": ["currency": "EUR", "price": "0.0333"], "sms": ["count_total": "1"],
        ]
        if let errorCode {
            body["error"] = [
                "type": "https://developer.vonage.com/api-errors/messages#\(errorCode)", "title": errorCode,
                "detail": "Message was rejected", "instance": "bf0ca0bf927b3b52e3cb03217e1a1ddf",
            ]
        }
        return json(body)
    }

    static func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
