#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Which way a message went.
public enum MessageDirection: String, Sendable, Equatable, CaseIterable {
    /// Sent by send-sms through Vonage.
    case outbound
    /// Received from a handset through the inbound webhook.
    case inbound
}

/// What send-sms records once Vonage accepted a message (its 202 carried the `message_uuid`).
public struct OutboundRecord: Sendable, Equatable {
    /// Vonage's id of the message.
    public var uuid: String
    /// Recipient, digits only.
    public var to: String
    /// Sender number or alphanumeric id.
    public var from: String
    /// The message text.
    public var text: String
    /// The status at send time; Vonage's 202 means `submitted`.
    public var status: String
    /// Segments the text needs, as counted before sending.
    public var segments: Int
    /// `text` (GSM-7) or `unicode` (UCS-2).
    public var encoding: String
    /// The caller's reference, if any.
    public var clientRef: String?
    /// When the message was sent.
    public var createdAt: Date
    /// How long the Vonage call took, retries included.
    public var sendDurationMilliseconds: Int?
    /// How many HTTP attempts the Vonage call needed.
    public var sendAttempts: Int?

    /// A send record; `status` defaults to `submitted`.
    public init(
        uuid: String, to: String, from: String, text: String, status: String = "submitted", segments: Int,
        encoding: String, clientRef: String? = nil, createdAt: Date, sendDurationMilliseconds: Int? = nil,
        sendAttempts: Int? = nil
    ) {
        self.sendDurationMilliseconds = sendDurationMilliseconds
        self.sendAttempts = sendAttempts
        self.uuid = uuid
        self.to = to
        self.from = from
        self.text = text
        self.status = status
        self.segments = segments
        self.encoding = encoding
        self.clientRef = clientRef
        self.createdAt = createdAt
    }
}

/// What the inbound webhook carried.
public struct InboundRecord: Sendable, Equatable {
    /// Vonage's id of the inbound message.
    public var uuid: String
    /// The sender's number.
    public var from: String
    /// Our Vonage number.
    public var to: String
    /// The message text; `nil` for media without text.
    public var text: String?
    /// The channel it arrived on (`sms`, `mms`, `whatsapp`, …).
    public var channel: String
    /// Its message type (`text`, `image`, …), when known.
    public var messageType: String?
    /// Vonage's `timestamp` of the message.
    public var timestamp: Date
    /// `usage.price`, a decimal string.
    public var price: String?
    /// `usage.currency`.
    public var currency: String?
    /// `sms.num_messages`: parts joined to form `text`.
    public var segments: Int?
    /// `sms.keyword`: the first word in upper case.
    public var keyword: String?
    /// When the webhook was received; becomes `created_at`.
    public var receivedAt: Date
    /// The opt-out change the message asks for (STOP / START), applied in the same transaction as the insert so a
    /// webhook acknowledged as stored has always applied it, and a retried duplicate never applies it twice. The
    /// caller sets it only for SMS: opt-outs govern SMS sends, and a WhatsApp "STOP" is not an SMS opt-out.
    public var optChange: OptChange?

    /// An inbound record.
    public init(
        uuid: String, from: String, to: String, text: String?, channel: String = "sms",
        messageType: String? = "text", timestamp: Date, price: String? = nil,
        currency: String? = nil, segments: Int? = nil, keyword: String? = nil, receivedAt: Date,
        optChange: OptChange? = nil
    ) {
        self.optChange = optChange
        self.uuid = uuid
        self.from = from
        self.to = to
        self.text = text
        self.channel = channel
        self.messageType = messageType
        self.timestamp = timestamp
        self.price = price
        self.currency = currency
        self.segments = segments
        self.keyword = keyword
        self.receivedAt = receivedAt
    }
}

/// An inbound message's effect on its sender's opt-out state.
public enum OptChange: Sendable, Equatable {
    /// STOP and friends: refuse further sends to the sender; the keyword is kept for the record.
    case optOut(keyword: String)
    /// START and friends: the sender may be messaged again.
    case optIn
}

/// Whether a write stored something new.
public enum InsertOutcome: Sendable, Equatable {
    /// Stored now.
    case inserted
    /// Already stored earlier (a webhook retry); nothing changed.
    case duplicate
}

/// What `recordOutbound` did.
public enum OutboundOutcome: Sendable, Equatable {
    /// A new message row.
    case inserted
    /// A status webhook had already created the row; the send data was merged in and its status kept.
    case merged
    /// The send was already recorded; nothing changed.
    case duplicate
}
