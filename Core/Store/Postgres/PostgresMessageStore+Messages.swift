#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Messages and their status history: the same statements as SQLite's, with `$N` parameters and `GREATEST`.
extension PostgresMessageStore {
    func recordOutbound(_ record: OutboundRecord) throws(StoreError) -> OutboundOutcome {
        let created = Timestamp.milliseconds(record.createdAt)
        let now = Timestamp.milliseconds(Date())
        return try write { (db) throws(StoreError) -> OutboundOutcome in
            // Insert first: a concurrent status webhook's placeholder makes this wait for it and then do nothing,
            // where a SELECT-then-INSERT would hit the unique key.
            let inserted = try db.run(
                """
                INSERT INTO messages (message_uuid, direction, to_number, from_number, body, status, segments,
                                      encoding, client_ref, has_send_record, created_at, updated_at,
                                      send_duration_ms, send_attempts, message_type)
                VALUES ($1, 'outbound', $2, $3, $4, $5, $6, $7, $8, 1, $9, $9, $10, $11, 'text')
                ON CONFLICT (message_uuid) DO NOTHING
                """,
                [.text(record.uuid), .text(record.to), .text(record.from), .text(record.text), .text(record.status),
                 .int(record.segments), .text(record.encoding), .text(record.clientRef), .int(created),
                 .int(record.sendDurationMilliseconds), .int(record.sendAttempts)])
            if inserted.affectedRows == 1 { return .inserted }
            // A status webhook got here first: fill in the send data and keep its status, which ranks at least as
            // high as `submitted`. The WHERE is re-checked after any concurrent merge, so only one merges.
            let merged = try db.run(
                """
                UPDATE messages
                SET direction = 'outbound', to_number = $2, from_number = $3, body = $4, segments = $5,
                    encoding = $6, client_ref = COALESCE($7, client_ref), has_send_record = 1,
                    created_at = $8, updated_at = GREATEST(updated_at, $9), send_duration_ms = $10,
                    send_attempts = $11, channel = 'sms', message_type = 'text'
                WHERE message_uuid = $1 AND has_send_record = 0
                """,
                [.text(record.uuid), .text(record.to), .text(record.from), .text(record.text),
                 .int(record.segments), .text(record.encoding), .text(record.clientRef), .int(created), .int(now),
                 .int(record.sendDurationMilliseconds), .int(record.sendAttempts)])
            return merged.affectedRows == 1 ? .merged : .duplicate
        }
    }

    func recordInbound(_ record: InboundRecord) throws(StoreError) -> InsertOutcome {
        let received = Timestamp.milliseconds(record.receivedAt)
        let result = try write { (db) throws(StoreError) -> Int in
            let inserted = try db.run(
                Self.insertInboundSQL,
                [.text(record.uuid), .text(record.to), .text(record.from), .text(record.text),
                 .int(Timestamp.milliseconds(record.timestamp)), .int(record.segments), .text(record.price),
                 .text(record.currency), .text(record.keyword), .int(received), .text(record.channel),
                 .text(record.messageType)]
            ).affectedRows
            guard inserted == 1 else { return inserted }
            switch record.optChange {
            case .optOut(let keyword)?:
                _ = try db.run(
                    Self.postgres(OptOutRules.applyChangeSQL),
                    [.text(record.from), .int(Timestamp.milliseconds(record.timestamp)), .text(keyword), .int(0)])
            case .optIn?:
                _ = try db.run(
                    Self.postgres(OptOutRules.applyChangeSQL),
                    [.text(record.from), .int(Timestamp.milliseconds(record.timestamp)), .text(nil), .int(1)])
            case nil:
                break
            }
            return inserted
        }
        return result == 1 ? .inserted : .duplicate
    }

    func applyStatus(_ event: StatusEvent) throws(StoreError) -> StatusOutcome {
        let uuid = PostgresValue.text(event.uuid)
        let status = PostgresValue.text(event.status)
        let time = PostgresValue.int(Timestamp.milliseconds(event.timestamp))
        let received = PostgresValue.int(Timestamp.milliseconds(event.receivedAt))
        let errorCode = PostgresValue.text(event.errorCode)
        let errorDetail = PostgresValue.text(event.errorDetail)
        return try write { (db) throws(StoreError) -> StatusOutcome in
            // The same event from two processes at once: the second waits for the first's unique key and then
            // does nothing, so each (uuid, status, timestamp) is stored once.
            let appended = try db.run(
                """
                INSERT INTO message_events (message_uuid, status, event_timestamp, error_code, error_detail,
                                            received_at)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (message_uuid, status, event_timestamp) DO NOTHING
                """,
                [uuid, status, time, errorCode, errorDetail, received])
            guard appended.affectedRows == 1 else {
                let current = try Self.currentStatus(db, uuid)
                return StatusOutcome(
                    isDuplicate: true, statusChanged: false, createdPlaceholder: false,
                    currentStatus: current ?? event.status)
            }
            let created = try db.run(
                Self.insertStatusPlaceholderSQL,
                [uuid, .text(event.to), .text(event.from), status, time, errorCode, errorDetail,
                 .text(event.clientRef), .int(event.countTotal), .text(event.price), .text(event.currency),
                 received, .text(event.channel)])
            if created.affectedRows == 1 {
                return StatusOutcome(
                    isDuplicate: false, statusChanged: true, createdPlaceholder: true, currentStatus: event.status)
            }
            let advanced = try db.run(
                Self.advanceStatusSQL, [uuid, status, time, errorCode, errorDetail, received])
            try db.run(
                """
                UPDATE messages
                SET price = COALESCE($2, price), currency = COALESCE($3, currency),
                    segments = COALESCE(segments, $4), to_number = COALESCE(to_number, $5),
                    from_number = COALESCE(from_number, $6), client_ref = COALESCE(client_ref, $7),
                    updated_at = GREATEST(updated_at, $8)
                WHERE message_uuid = $1
                """,
                [uuid, .text(event.price), .text(event.currency), .int(event.countTotal), .text(event.to),
                 .text(event.from), .text(event.clientRef), received])
            let current = try Self.currentStatus(db, uuid)
            return StatusOutcome(
                isDuplicate: false, statusChanged: advanced.affectedRows == 1, createdPlaceholder: false,
                currentStatus: current ?? event.status)
        }
    }

    /// `StatusRules.advanceStatusSQL` with its `?N` parameters written as PostgreSQL's `$N`.
    static let advanceStatusSQL = postgres(StatusRules.advanceStatusSQL)
    /// `MessageColumns.insertInboundSQL` in PostgreSQL's parameter style.
    static let insertInboundSQL = postgres(MessageColumns.insertInboundSQL)
    /// `MessageColumns.insertStatusPlaceholderSQL` in PostgreSQL's parameter style.
    static let insertStatusPlaceholderSQL = postgres(MessageColumns.insertStatusPlaceholderSQL)

    /// Shared SQL with its `?N` parameters written as PostgreSQL's `$N`.
    static func postgres(_ sql: String) -> String { String(sql.map { $0 == "?" ? "$" : $0 }) }

    private static func currentStatus(_ db: PostgresConnection, _ uuid: PostgresValue) throws(StoreError) -> String? {
        try db.run("SELECT status FROM messages WHERE message_uuid = $1", [uuid]).rows.first?.text(0)
    }

    func message(uuid: String) throws(StoreError) -> StoredMessage? {
        try read { (db) throws(StoreError) -> StoredMessage? in
            guard
                let row = try db.run(
                    "SELECT \(MessageColumns.list) FROM messages WHERE message_uuid = $1",
                    [.text(uuid)]
                ).rows.first
            else { return nil }
            var message = try MessageColumns.decode(row)
            message.events = try db.run(
                """
                SELECT status, event_timestamp, error_code, error_detail, received_at FROM message_events
                WHERE message_uuid = $1 ORDER BY event_timestamp, id
                """,
                [.text(uuid)]
            ).rows.map { row in
                StoredEvent(
                    status: row.text(0) ?? "", timestamp: Timestamp.date(row.int64(1) ?? 0),
                    errorCode: row.text(2), errorDetail: row.text(3),
                    receivedAt: Timestamp.date(row.int64(4) ?? 0))
            }
            return message
        }
    }

    func listMessages(_ query: MessageQuery) throws(StoreError) -> MessagePage {
        let statement = try MessageListSQL(query, columns: MessageColumns.list)
        let values = statement.parameters
        let sql = Self.postgres(statement.sql)
        let rows = try withConnection { (db) throws(StoreError) -> [StoredMessage] in
            var messages: [StoredMessage] = []
            for row in try db.run(sql, values).rows { messages.append(try MessageColumns.decode(row)) }
            return messages
        }
        return MessageListSQL.page(rows, limit: query.limit)
    }
}
