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

    /// An inbound message on `channel`: an SMS as Vonage sends one, a WhatsApp text (a profile, no `sms` object),
    /// or an MMS (an image when `imageURL` is given, text otherwise), all to the same Inbound URL.
    static func inbound(
        uuid: String, to: String, from: String, text: String?, at date: Date, channel: InboundChannel = .sms,
        imageURL: String? = nil
    ) -> [UInt8] {
        var body: [String: Any] = [
            "channel": channel.rawValue, "message_uuid": uuid, "to": to, "from": from,
            "timestamp": VonageTimestampFormat.string(date),
        ]
        switch channel {
        case .sms:
            let text = text ?? ""
            let keyword = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).first.map { $0.uppercased() } ?? ""
            body["text"] = text
            body["sms"] = ["num_messages": String(SegmentParts.count(text)), "keyword": keyword]
            body["usage"] = ["currency": "EUR", "price": "0.0057"]
            body["origin"] = ["network_code": "23410"]
        case .whatsapp:
            body["message_type"] = "text"
            body["text"] = text ?? ""
            body["profile"] = ["name": "Sandbox User"]
            body["context_status"] = "none"
        case .mms:
            if let imageURL {
                body["message_type"] = "image"
                body["image"] = ["url": imageURL]
            } else {
                body["message_type"] = "text"
                body["text"] = text ?? ""
            }
            body["origin"] = ["network_code": "310260"]
        }
        return encode(body)
    }

    private static func encode(_ object: [String: Any]) -> [UInt8] {
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: options))
            ?? Data("{}".utf8)
        return Array(data)
    }
}

/// The channels the sandbox can deliver an inbound message on.
enum InboundChannel: String, Sendable, CaseIterable {
    case sms, whatsapp, mms
}
