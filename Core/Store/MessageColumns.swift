/// The message statements and row reading both backends share: SQL with `?N` parameters (PostgreSQL rewrites
/// them as `$N`), and one decoder over either backend's result row.
enum MessageColumns {
    /// The columns `decode` reads, in its order.
    static let list = """
        message_uuid, direction, to_number, from_number, body, status, vonage_timestamp, error_code, error_detail,
        segments, encoding, client_ref, price, currency, keyword, created_at, updated_at, channel, message_type
        """

    /// One `list` row as a message without events.
    static func decode(_ row: some SQLRow) throws(StoreError) -> StoredMessage {
        guard let direction = row.text(1).flatMap(MessageDirection.init(rawValue:)) else {
            throw .corrupt("a message row has an unknown direction")
        }
        return StoredMessage(
            uuid: row.text(0) ?? "", direction: direction, to: row.text(2), from: row.text(3),
            text: row.text(4), channel: row.text(17) ?? "sms", messageType: row.text(18),
            status: row.text(5) ?? "", vonageTimestamp: row.int64(6).map(Timestamp.date),
            errorCode: row.text(7), errorDetail: row.text(8), segments: row.int64(9).map { Int($0) },
            encoding: row.text(10), clientRef: row.text(11), price: row.text(12),
            currency: row.text(13), keyword: row.text(14),
            createdAt: Timestamp.date(row.int64(15) ?? 0), updatedAt: Timestamp.date(row.int64(16) ?? 0))
    }

    /// An inbound message, once per uuid. Parameters: ?1 uuid, ?2 to, ?3 from, ?4 text, ?5 Vonage time, ?6 segments,
    /// ?7 price, ?8 currency, ?9 keyword, ?10 received, ?11 channel, ?12 message type.
    static let insertInboundSQL = """
        INSERT INTO messages (message_uuid, direction, to_number, from_number, body, status, vonage_timestamp,
                              segments, price, currency, keyword, has_send_record, created_at, updated_at,
                              channel, message_type)
        VALUES (?1, 'inbound', ?2, ?3, ?4, 'received', ?5, ?6, ?7, ?8, ?9, 1, ?10, ?10, ?11, ?12)
        ON CONFLICT (message_uuid) DO NOTHING
        """

    /// The row a status event creates when the send record has not arrived yet. Parameters: ?1 uuid, ?2 to,
    /// ?3 from, ?4 status, ?5 Vonage time, ?6 error code, ?7 error detail, ?8 client_ref, ?9 segments, ?10 price,
    /// ?11 currency, ?12 received, ?13 channel.
    static let insertStatusPlaceholderSQL = """
        INSERT INTO messages (message_uuid, direction, to_number, from_number, status, vonage_timestamp,
                              error_code, error_detail, client_ref, segments, price, currency,
                              has_send_record, created_at, updated_at, channel)
        VALUES (?1, 'outbound', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0, ?12, ?12, ?13)
        ON CONFLICT (message_uuid) DO NOTHING
        """
}
