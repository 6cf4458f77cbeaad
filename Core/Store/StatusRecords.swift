#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What a status webhook carried, as plain values.
public struct StatusEvent: Sendable, Equatable {
    /// The message the status is about.
    public var uuid: String
    /// `submitted`, `delivered`, `rejected`, `undeliverable`, or anything else Vonage may add.
    public var status: String
    /// Vonage's `timestamp` of the event.
    public var timestamp: Date
    /// `error.title`, as a string even when Vonage sent a number.
    public var errorCode: String?
    /// `error.detail`.
    public var errorDetail: String?
    /// `usage.price`.
    public var price: String?
    /// `usage.currency`.
    public var currency: String?
    /// `sms.count_total`: fills `segments` when the send record has not given one.
    public var countTotal: Int?
    /// Recipient, used when the event creates the message row.
    public var to: String?
    /// Sender, used when the event creates the message row.
    public var from: String?
    /// `client_ref`, used when the row has none.
    public var clientRef: String?
    /// The channel the event is about, used when the event creates the message row.
    public var channel: String
    /// When the webhook was received.
    public var receivedAt: Date

    /// A status event.
    public init(
        uuid: String, status: String, timestamp: Date, errorCode: String? = nil, errorDetail: String? = nil,
        price: String? = nil, currency: String? = nil, countTotal: Int? = nil, to: String? = nil,
        from: String? = nil, clientRef: String? = nil, channel: String = "sms", receivedAt: Date
    ) {
        self.uuid = uuid
        self.status = status
        self.timestamp = timestamp
        self.errorCode = errorCode
        self.errorDetail = errorDetail
        self.price = price
        self.currency = currency
        self.countTotal = countTotal
        self.to = to
        self.from = from
        self.clientRef = clientRef
        self.channel = channel
        self.receivedAt = receivedAt
    }
}

/// What `applyStatus` did.
public struct StatusOutcome: Sendable, Equatable {
    /// The same (uuid, status, timestamp) event was already stored: nothing changed (a webhook retry).
    public var isDuplicate: Bool
    /// The message's current status moved to this event's status.
    public var statusChanged: Bool
    /// The event created the message row because the send record has not arrived yet.
    public var createdPlaceholder: Bool
    /// The message's status after the call.
    public var currentStatus: String

    /// An outcome.
    public init(isDuplicate: Bool, statusChanged: Bool, createdPlaceholder: Bool, currentStatus: String) {
        self.isDuplicate = isDuplicate
        self.statusChanged = statusChanged
        self.createdPlaceholder = createdPlaceholder
        self.currentStatus = currentStatus
    }
}
