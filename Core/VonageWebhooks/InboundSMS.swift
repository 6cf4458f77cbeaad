#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An inbound SMS as the Messages API v1 inbound webhook delivers it (reference section 4).
public struct InboundSMS: Sendable, Equatable {
    /// `channel`: `"sms"` for SMS.
    public var channel: String
    /// `message_uuid`: Vonage's id for the inbound message.
    public var messageUUID: String
    /// `to`: the Vonage number that received it (E.164 digits, no `+`).
    public var to: String
    /// `from`: the sender (E.164 digits, no `+`).
    public var from: String
    /// `timestamp`: when Vonage received it.
    public var timestamp: Date
    /// `text`: the whole message, concatenated parts already joined.
    public var text: String
    /// `sms.num_messages`: how many SMS parts were joined (sent as a string, read from a string or a number).
    public var numMessages: Int?
    /// `sms.keyword`: the first word, upper-cased by Vonage.
    public var keyword: String?
    /// `usage.price`: the charge as decimal text, e.g. `"0.0333"`.
    public var price: String?
    /// `usage.currency`: ISO 4217 code.
    public var currency: String?
    /// `origin.network_code`: the sender's network (MCCMNC), when known.
    public var networkCode: String?
    /// `client_ref`: not documented for inbound SMS but modelled by SDKs.
    public var clientRef: String?

    /// An inbound SMS with the given fields; used by emulators and tests.
    public init(
        channel: String = "sms",
        messageUUID: String,
        to: String,
        from: String,
        timestamp: Date,
        text: String,
        numMessages: Int? = nil,
        keyword: String? = nil,
        price: String? = nil,
        currency: String? = nil,
        networkCode: String? = nil,
        clientRef: String? = nil
    ) {
        self.channel = channel
        self.messageUUID = messageUUID
        self.to = to
        self.from = from
        self.timestamp = timestamp
        self.text = text
        self.numMessages = numMessages
        self.keyword = keyword
        self.price = price
        self.currency = currency
        self.networkCode = networkCode
        self.clientRef = clientRef
    }

    /// Reads an inbound webhook body; unknown fields are ignored.
    /// - Throws: `WebhookPayloadError` naming every missing or invalid required field (channel, message_uuid, to,
    ///   from, timestamp, text), or `.notAJSONObject`.
    public static func decode(_ body: some DataProtocol) throws(WebhookPayloadError) -> InboundSMS {
        var reader = try PayloadReader(body: body)
        let channel = reader.requiredString("channel")
        let messageUUID = reader.requiredString("message_uuid")
        let to = reader.requiredString("to")
        let from = reader.requiredString("from")
        let timestamp = reader.requiredTimestamp("timestamp")
        let text = reader.requiredText("text")
        try reader.finish()
        return InboundSMS(
            channel: channel,
            messageUUID: messageUUID,
            to: to,
            from: from,
            timestamp: timestamp,
            text: text,
            numMessages: reader.member("sms", "num_messages")?.flexibleInt,
            keyword: reader.member("sms", "keyword")?.stringValue,
            price: reader.member("usage", "price")?.stringOrNumberText,
            currency: reader.member("usage", "currency")?.stringValue,
            networkCode: reader.member("origin", "network_code")?.stringOrNumberText,
            clientRef: reader.string("client_ref")
        )
    }
}
