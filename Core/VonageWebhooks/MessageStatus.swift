#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A message status update as the Messages API v1 status webhook delivers it (reference section 5).
public struct MessageStatus: Sendable, Equatable {
    /// The `status` value; unknown values are kept, so a new Vonage status never fails a webhook.
    public enum Status: Sendable, Hashable, CustomStringConvertible {
        /// Handed to the carrier; the SMS is charged now. Not terminal.
        case submitted
        /// A handset delivery receipt arrived. Terminal.
        case delivered
        /// Vonage or the carrier refused it, or its TTL expired; carries an error. Terminal.
        case rejected
        /// Vonage could not reach the provider. Terminal.
        case undeliverable
        /// Any other value (e.g. `read` on other channels), as sent.
        case other(String)

        /// Reads a wire value; the known four match in any case.
        public init(rawValue: String) {
            switch rawValue.lowercased() {
            case "submitted": self = .submitted
            case "delivered": self = .delivered
            case "rejected": self = .rejected
            case "undeliverable": self = .undeliverable
            default: self = .other(rawValue)
            }
        }

        /// The wire value.
        public var rawValue: String {
            switch self {
            case .submitted: "submitted"
            case .delivered: "delivered"
            case .rejected: "rejected"
            case .undeliverable: "undeliverable"
            case .other(let value): value
            }
        }

        /// The wire value.
        public var description: String { rawValue }
    }

    /// The `error` object of a rejected or undeliverable message (RFC 7807 style).
    public struct ErrorInfo: Sendable, Equatable {
        /// `error.type`: a URL whose anchor is the code, e.g. `…/api-errors/messages#1360`.
        public var type: String?
        /// `error.title`: the code, sent as a string (`"1360"`) or, by some senders, a number.
        public var title: String?
        /// `error.detail`: a description for people.
        public var detail: String?
        /// `error.instance`: Vonage's trace id.
        public var instance: String?

        /// An error object with the given members.
        public init(type: String? = nil, title: String? = nil, detail: String? = nil, instance: String? = nil) {
            self.type = type
            self.title = title
            self.detail = detail
            self.instance = instance
        }

        /// The error code: a numeric title, else the numeric anchor of `type`, else whatever title there is.
        public var code: String? {
            if let title, Self.isDigits(title) { return title }
            if let type, let hash = type.lastIndex(of: "#") {
                let anchor = String(type[type.index(after: hash)...])
                if Self.isDigits(anchor) { return anchor }
            }
            return title.flatMap { $0.isEmpty ? nil : $0 }
        }

        private static func isDigits(_ text: String) -> Bool {
            !text.isEmpty && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
    }

    /// `message_uuid`: the id from the send answer.
    public var messageUUID: String
    /// `to`: the recipient.
    public var to: String
    /// `from`: the sender number or alphanumeric id.
    public var from: String
    /// `timestamp`: when the event happened.
    public var timestamp: Date
    /// `status`.
    public var status: Status
    /// `channel`: `"sms"` here (and when absent), but other channels decode too.
    public var channel: String
    /// `client_ref`: present when it was set on send.
    public var clientRef: String?
    /// `error`, for rejected and undeliverable messages.
    public var error: ErrorInfo?
    /// `usage.price`: decimal text.
    public var price: String?
    /// `usage.currency`: ISO 4217 code.
    public var currency: String?
    /// `destination.network_code`: the recipient's network, when known.
    public var networkCode: String?
    /// `sms.count_total` (or `sms.total_count`, the aggregated form): SMS parts the message needed (sent as a
    /// string, read from a string or a number).
    public var countTotal: Int?

    /// The error code (`error.title`, or the anchor of `error.type`), if any.
    public var errorCode: String? { error?.code }

    /// A status update with the given fields; used by emulators and tests.
    public init(
        messageUUID: String,
        to: String,
        from: String,
        timestamp: Date,
        status: Status,
        channel: String = "sms",
        clientRef: String? = nil,
        error: ErrorInfo? = nil,
        price: String? = nil,
        currency: String? = nil,
        networkCode: String? = nil,
        countTotal: Int? = nil
    ) {
        self.messageUUID = messageUUID
        self.to = to
        self.from = from
        self.timestamp = timestamp
        self.status = status
        self.channel = channel
        self.clientRef = clientRef
        self.error = error
        self.price = price
        self.currency = currency
        self.networkCode = networkCode
        self.countTotal = countTotal
    }

    /// Reads a status webhook body; unknown fields are ignored.
    /// - Throws: `WebhookPayloadError` naming every missing or invalid required field (message_uuid, to, from,
    ///   timestamp, status), or `.notAJSONObject`. `channel` is informational: absent means `sms`.
    public static func decode(_ body: some DataProtocol) throws(WebhookPayloadError) -> MessageStatus {
        var reader = try PayloadReader(body: body)
        let envelope = reader.envelope()
        let status = reader.requiredString("status")
        try reader.finish()
        let error = reader.nested("error").map { members in
            ErrorInfo(
                type: members["type"]?.string,
                title: members["title"]?.stringOrNumberText,
                detail: members["detail"]?.string,
                instance: members["instance"]?.string
            )
        }
        return MessageStatus(
            messageUUID: envelope.messageUUID,
            to: envelope.to,
            from: envelope.from,
            timestamp: envelope.timestamp,
            status: Status(rawValue: status),
            channel: reader.channel,
            clientRef: reader.string("client_ref"),
            error: error,
            price: reader.member("usage", "price")?.stringOrNumberText,
            currency: reader.member("usage", "currency")?.string,
            networkCode: reader.member("destination", "network_code")?.stringOrNumberText,
            countTotal: reader.segmentCount(preferring: "count_total")
        )
    }
}
