import Foundation

/// Webhook bodies shaped like Vonage's Messages API v1 (SPEC 1.20 field names, numbers-as-strings where Vonage
/// sends strings), serialised once: the bytes signed are the bytes sent.
enum WebhookPayloads {
    /// The price of one SMS part in the sandbox.
    static let pricePerPart = 0.0333

    /// A message status event.
    static func status(
        uuid: String, to: String, from: String, status: String, at date: Date, clientRef: String?, parts: Int,
        error: (code: String, detail: String)? = nil
    ) -> [UInt8] {
        var body: [String: Any] = [
            "message_uuid": uuid, "to": to, "from": from, "timestamp": VonageTimestampFormat.string(date),
            "status": status, "channel": "sms",
        ]
        if let clientRef { body["client_ref"] = clientRef }
        if status != "undeliverable" {
            body["usage"] = ["currency": "EUR", "price": String(format: "%.4f", pricePerPart * Double(parts))]
            body["sms"] = ["count_total": String(parts)]
            body["destination"] = ["network_code": "23410"]
        }
        if let error {
            body["error"] = [
                "type": "https://developer.vonage.com/api-errors/messages#\(error.code)", "title": error.code,
                "detail": error.detail, "instance": UUID().uuidString.lowercased(),
            ]
        }
        return encode(body)
    }

    /// An inbound SMS.
    static func inbound(uuid: String, to: String, from: String, text: String, at date: Date) -> [UInt8] {
        let keyword = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).first.map { $0.uppercased() } ?? ""
        return encode([
            "channel": "sms", "message_uuid": uuid, "to": to, "from": from,
            "timestamp": VonageTimestampFormat.string(date), "text": text,
            "sms": ["num_messages": String(SegmentParts.count(text)), "keyword": keyword],
            "usage": ["currency": "EUR", "price": "0.0057"], "origin": ["network_code": "23410"],
        ])
    }

    private static func encode(_ object: [String: Any]) -> [UInt8] {
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: options))
            ?? Data("{}".utf8)
        return Array(data)
    }
}
