#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A message as stored: every field of the `GET /messages/{message_uuid}` answer.
public struct StoredMessage: Sendable, Equatable {
    /// Vonage's id.
    public var uuid: String
    /// Outbound or inbound.
    public var direction: MessageDirection
    /// Recipient (`nil` only for a status-only placeholder that carried none).
    public var to: String?
    /// Sender.
    public var from: String?
    /// The text; `nil` while only status events are known, and for media without text.
    public var text: String?
    /// The Vonage channel: `sms` for everything send-sms sends, any channel for inbound messages.
    public var channel: String
    /// The Vonage message type (`text`, `image`, …); `nil` when a status event is all that is known.
    public var messageType: String?
    /// Current status (`received` for inbound messages).
    public var status: String
    /// Vonage's timestamp of the event that set `status` (or of the inbound message).
    public var vonageTimestamp: Date?
    /// Error code of the status, if it carried one.
    public var errorCode: String?
    /// Error detail of the status.
    public var errorDetail: String?
    /// Segments (our count for sends, `num_messages` inbound, `count_total` until the send is recorded).
    public var segments: Int?
    /// `text` or `unicode` for sends.
    public var encoding: String?
    /// The caller's reference.
    public var clientRef: String?
    /// Price as a decimal string.
    public var price: String?
    /// Currency of `price`.
    public var currency: String?
    /// The inbound keyword.
    public var keyword: String?
    /// When the message was created (sent, received, or first heard of).
    public var createdAt: Date
    /// When the row last changed.
    public var updatedAt: Date
    /// Status history, ordered by event time then arrival; empty in list answers.
    public var events: [StoredEvent]

    /// A stored message.
    public init(
        uuid: String, direction: MessageDirection, to: String?, from: String?, text: String?,
        channel: String = "sms", messageType: String? = "text", status: String,
        vonageTimestamp: Date?, errorCode: String?, errorDetail: String?, segments: Int?, encoding: String?,
        clientRef: String?, price: String?, currency: String?, keyword: String?, createdAt: Date,
        updatedAt: Date, events: [StoredEvent] = []
    ) {
        self.uuid = uuid
        self.direction = direction
        self.to = to
        self.from = from
        self.text = text
        self.channel = channel
        self.messageType = messageType
        self.status = status
        self.vonageTimestamp = vonageTimestamp
        self.errorCode = errorCode
        self.errorDetail = errorDetail
        self.segments = segments
        self.encoding = encoding
        self.clientRef = clientRef
        self.price = price
        self.currency = currency
        self.keyword = keyword
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.events = events
    }
}

/// One entry of a message's status history.
public struct StoredEvent: Sendable, Equatable {
    /// The status the event reported.
    public var status: String
    /// Vonage's timestamp of the event.
    public var timestamp: Date
    /// Its error code.
    public var errorCode: String?
    /// Its error detail.
    public var errorDetail: String?
    /// When the webhook was stored.
    public var receivedAt: Date

    /// A history entry.
    public init(status: String, timestamp: Date, errorCode: String?, errorDetail: String?, receivedAt: Date) {
        self.status = status
        self.timestamp = timestamp
        self.errorCode = errorCode
        self.errorDetail = errorDetail
        self.receivedAt = receivedAt
    }
}
