import Store

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A message as `GET /messages[/{uuid}]` answers it: every field present, `null` when unknown, so clients can rely
/// on the shape `openapi.yaml` gives.
struct MessageView: Encodable {
    var message: StoredMessage
    var includeEvents: Bool

    enum CodingKeys: String, CodingKey {
        case messageUUID = "message_uuid"
        case direction, channel
        case messageType = "message_type"
        case to, from, text, status
        case errorCode = "error_code"
        case errorDetail = "error_detail"
        case segments, encoding
        case clientRef = "client_ref"
        case price, currency
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case events
    }

    enum EventKeys: String, CodingKey {
        case status, timestamp
        case errorCode = "error_code"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(message.uuid, forKey: .messageUUID)
        try container.encode(message.direction.rawValue, forKey: .direction)
        try container.encode(message.channel, forKey: .channel)
        // Optionals are encoded with `encode`, not `encodeIfPresent`, so absent values appear as null.
        try container.encode(message.to, forKey: .to)
        try container.encode(message.from, forKey: .from)
        try container.encode(message.messageType, forKey: .messageType)
        try container.encode(message.text, forKey: .text)
        try container.encode(message.status, forKey: .status)
        try container.encode(message.errorCode, forKey: .errorCode)
        try container.encode(message.errorDetail, forKey: .errorDetail)
        try container.encode(message.segments, forKey: .segments)
        try container.encode(message.encoding, forKey: .encoding)
        try container.encode(message.clientRef, forKey: .clientRef)
        try container.encode(message.price, forKey: .price)
        try container.encode(message.currency, forKey: .currency)
        try container.encode(APITimestamp.format(message.createdAt), forKey: .createdAt)
        try container.encode(APITimestamp.format(message.updatedAt), forKey: .updatedAt)
        guard includeEvents else { return }
        var events = container.nestedUnkeyedContainer(forKey: .events)
        for event in message.events {
            var item = events.nestedContainer(keyedBy: EventKeys.self)
            try item.encode(event.status, forKey: .status)
            try item.encode(APITimestamp.format(event.timestamp), forKey: .timestamp)
            try item.encode(event.errorCode, forKey: .errorCode)
        }
    }
}

/// The answer of `GET /messages`.
struct MessageListView: Encodable {
    var messages: [MessageView]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case messages
        case nextCursor = "next_cursor"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(messages, forKey: .messages)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
