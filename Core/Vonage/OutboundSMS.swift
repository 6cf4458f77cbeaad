/// An SMS to send through the Messages API. Values are sent as given: validation and number normalisation belong
/// to the caller (the SMS module), so this type stays a faithful picture of the wire request.
public struct OutboundSMS: Sendable, Equatable {
    /// Recipient in E.164 digits without `+` (Vonage's pattern `^[1-9]\d{6,14}$`).
    public var to: String
    /// Sender: E.164 digits or an alphanumeric sender id.
    public var from: String
    /// Message text (Vonage accepts up to 3200 characters).
    public var text: String
    /// Echoed in every status webhook, up to 100 characters.
    public var clientRef: String?
    /// Delivery window in seconds (20...604800).
    public var ttl: Int?
    /// `sms.encoding_type`; Vonage's default is `auto`.
    public var encodingType: SMSEncodingType?

    /// Builds a message.
    public init(
        to: String,
        from: String,
        text: String,
        clientRef: String? = nil,
        ttl: Int? = nil,
        encodingType: SMSEncodingType? = nil
    ) {
        self.to = to
        self.from = from
        self.text = text
        self.clientRef = clientRef
        self.ttl = ttl
        self.encodingType = encodingType
    }
}

/// Vonage's `sms.encoding_type`.
public enum SMSEncodingType: String, Sendable, Equatable, Codable, CaseIterable {
    /// GSM-7 only; characters outside it are replaced by Vonage.
    case text
    /// UCS-2, 70 characters per single segment.
    case unicode
    /// Vonage picks from the content.
    case auto
}

/// The request body of `POST /v1/messages` for an SMS, shaped like the Python SDK's (nil fields omitted).
struct MessagesSMSBody: Encodable {
    struct Options: Encodable {
        // Vonage's field name on the wire.
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let encoding_type: SMSEncodingType
    }

    let to: String
    let from: String
    let text: String
    let channel = "sms"
    // Vonage's field names on the wire.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let message_type = "text"
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let client_ref: String?
    let ttl: Int?
    let sms: Options?

    init(_ message: OutboundSMS) {
        to = message.to
        from = message.from
        text = message.text
        client_ref = message.clientRef
        ttl = message.ttl
        sms = message.encodingType.map(Options.init(encoding_type:))
    }
}

/// A message Vonage accepted.
public struct SendResult: Sendable, Equatable {
    /// Vonage's id for the message, the key of every later status webhook.
    public var messageUUID: String
    /// How many HTTP attempts it took (1 when the first one succeeded).
    public var attempts: Int

    /// Builds a result.
    public init(messageUUID: String, attempts: Int) {
        self.messageUUID = messageUUID
        self.attempts = attempts
    }
}
