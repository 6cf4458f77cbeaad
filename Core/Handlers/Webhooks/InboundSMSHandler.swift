import FunctionRuntime
import JSON
import Primitives
import SMS
import Store
import VonageWebhooks

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `POST /webhooks/inbound`: a message sent to our Vonage number, on any channel the Vonage application receives
/// (SMS, MMS, WhatsApp, …). Verified, decoded, stored once per `message_uuid` with its channel and message type
/// together with any STOP/START opt-out change (SMS only), and only then acknowledged with 200.
public struct InboundSMSHandler: WebhookFunction {
    /// The gate, store and clock it uses.
    public let endpoint: WebhookEndpoint

    /// Creates the handler.
    public init(_ endpoint: WebhookEndpoint) { self.endpoint = endpoint }

    /// Verifies, stores, acknowledges.
    public func handle(_ request: FunctionRequest, context: FunctionContext) async throws -> FunctionResponse {
        let inbound = try endpoint.admit(request, context: context, refusal: "inbound webhook refused") {
            (body) throws(WebhookPayloadError) in try InboundMessage.decode(body)
        }
        let optChange = Self.optChange(inbound)
        // send-sms looks opt-outs up by E.164 digits; store the sender the same way when it is a number.
        let from = (try? PhoneNumber(parsing: inbound.from, field: "from"))?.digits ?? inbound.from
        let record = InboundRecord(
            uuid: inbound.messageUUID, from: from, to: inbound.to, text: inbound.text, channel: inbound.channel,
            messageType: inbound.messageType, timestamp: inbound.timestamp, price: inbound.price,
            currency: inbound.currency,
            segments: inbound.numMessages, keyword: inbound.keyword, receivedAt: endpoint.now(), optChange: optChange)
        let outcome = try endpoint.store(inbound.messageUUID, context: context) { (messages) throws(StoreError) in
            try messages.recordInbound(record)
        }
        context.logger.info(
            "inbound stored",
            [
                "message_uuid": inbound.messageUUID, "from": LogMask.phone(inbound.from), "channel": inbound.channel,
                "outcome": outcome == .inserted ? "inserted" : "duplicate",
                "opt_change": optChange.map { if case .optIn = $0 { "opt_in" } else { "opt_out" } } ?? "none",
            ])
        return FunctionResponse.json(
            WebhookAck(messageUUID: inbound.messageUUID, duplicate: outcome == .duplicate).jsonValue)
    }

    /// The opt-out change an SMS asks for. Opt-outs govern what send-sms (SMS only) may send, so a STOP on another
    /// channel, say WhatsApp, is stored as a message and changes nothing.
    static func optChange(_ inbound: InboundMessage) -> OptChange? {
        guard inbound.isSMS, let text = inbound.text else { return nil }
        return switch Keyword(message: text) {
        case .optOut?: .optOut(keyword: text.trimmingWhitespace().uppercased())
        case .optIn?: .optIn
        case nil: nil
        }
    }
}

/// The 200 body of a webhook: what was stored.
struct WebhookAck {
    var messageUUID: String
    var duplicate: Bool

    /// `{"message_uuid": …, "status": "stored" | "duplicate"}`.
    var jsonValue: JSONValue {
        .object(["message_uuid": .string(messageUUID), "status": .string(duplicate ? "duplicate" : "stored")])
    }
}

/// Masks values before they reach a log line.
public enum LogMask {
    /// A phone number with all but the last 4 digits hidden; short or odd values are hidden entirely.
    public static func phone(_ value: String) -> String {
        if let number = try? PhoneNumber(parsing: value) { return number.masked }
        return String(repeating: "*", count: min(value.count, 8))
    }
}
