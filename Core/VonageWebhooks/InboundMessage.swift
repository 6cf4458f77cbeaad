#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An inbound message as the Messages API v1 inbound webhook delivers it (reference section 4). One Vonage
/// application receives every channel at the same Inbound URL, so SMS, MMS, WhatsApp, RCS, Viber and Messenger
/// messages of any type all decode: only the addressing and the id are required, everything else is informational.
public struct InboundMessage: Sendable, Equatable {
    /// `channel`: `sms`, `mms`, `whatsapp`, `rcs`, `viber_service`, `messenger`… (`sms` when absent).
    public var channel: String
    /// `message_type`: `text`, `image`, `audio`…; `text` when absent and the message has text, else `nil`.
    public var messageType: String?
    /// `message_uuid`: Vonage's id for the inbound message.
    public var messageUUID: String
    /// `to`: the Vonage number (or channel id) that received it.
    public var to: String
    /// `from`: the sender (E.164 digits for SMS, MMS and WhatsApp; a channel id elsewhere).
    public var from: String
    /// `timestamp`: when Vonage received it.
    public var timestamp: Date
    /// `text`: the whole message, concatenated parts already joined; `nil` for media without text.
    public var text: String?
    /// How many SMS parts were joined: `sms.num_messages`, else `sms.total_count` or `sms.count_total` (sent as
    /// strings, read from a string or a number).
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

    /// Whether this is an SMS, the only channel whose STOP and START govern what send-sms may send.
    public var isSMS: Bool { channel.lowercased() == "sms" }

    /// An inbound message with the given fields; used by emulators and tests.
    public init(
        channel: String = "sms",
        messageType: String? = "text",
        messageUUID: String,
        to: String,
        from: String,
        timestamp: Date,
        text: String?,
        numMessages: Int? = nil,
        keyword: String? = nil,
        price: String? = nil,
        currency: String? = nil,
        networkCode: String? = nil,
        clientRef: String? = nil
    ) {
        self.channel = channel
        self.messageType = messageType
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

    /// Reads an inbound webhook body; unknown fields are ignored, informational ones of an unexpected type read as
    /// absent.
    /// - Throws: `WebhookPayloadError` naming every missing or invalid required field (message_uuid, to, from,
    ///   timestamp), or `.notAJSONObject`.
    public static func decode(_ body: some DataProtocol) throws(WebhookPayloadError) -> InboundMessage {
        var reader = try PayloadReader(body: body)
        let envelope = reader.envelope()
        try reader.finish()
        let text = reader.string("text")
        return InboundMessage(
            channel: reader.channel,
            messageType: reader.nonEmptyString("message_type") ?? (text == nil ? nil : "text"),
            messageUUID: envelope.messageUUID,
            to: envelope.to,
            from: envelope.from,
            timestamp: envelope.timestamp,
            text: text,
            numMessages: reader.segmentCount(preferring: "num_messages"),
            keyword: reader.member("sms", "keyword")?.string,
            price: reader.member("usage", "price")?.stringOrNumberText,
            currency: reader.member("usage", "currency")?.string,
            networkCode: reader.member("origin", "network_code")?.stringOrNumberText,
            clientRef: reader.string("client_ref")
        )
    }
}
