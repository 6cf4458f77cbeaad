#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SQLiteMessageStore {
    func recordOutbound(_ record: OutboundRecord) throws(StoreError) -> OutboundOutcome {
        let created = Timestamp.milliseconds(record.createdAt)
        let now = Timestamp.milliseconds(Date())
        return try write { (db) throws(StoreError) -> OutboundOutcome in
            let existing = try db.firstRow(
                "SELECT has_send_record FROM messages WHERE message_uuid = ?1", [.text(record.uuid)]
            ) { $0.int(0) ?? 1 }
            switch existing {
            case nil:
                try db.perform(
                    """
                    INSERT INTO messages (message_uuid, direction, to_number, from_number, body, status, segments,
                                          encoding, client_ref, has_send_record, created_at, updated_at,
                                          send_duration_ms, send_attempts, message_type)
                    VALUES (?1, 'outbound', ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?9, ?10, ?11, 'text')
                    """,
                    [.text(record.uuid), .text(record.to), .text(record.from), .text(record.text),
                     .text(record.status), .int(record.segments), .text(record.encoding), .text(record.clientRef),
                     .int(created), .int(record.sendDurationMilliseconds), .int(record.sendAttempts)])
                return .inserted
            case 0:
                // A status webhook got here first: fill in the send data and keep its status, which ranks at
                // least as high as `submitted`. created_at becomes the send time, the message's real birth.
                try db.perform(
                    """
                    UPDATE messages
                    SET direction = 'outbound', to_number = ?2, from_number = ?3, body = ?4, segments = ?5,
                        encoding = ?6, client_ref = COALESCE(?7, client_ref), has_send_record = 1,
                        created_at = ?8, updated_at = MAX(updated_at, ?9), send_duration_ms = ?10,
                        send_attempts = ?11, channel = 'sms', message_type = 'text'
                    WHERE message_uuid = ?1 AND has_send_record = 0
                    """,
                    [.text(record.uuid), .text(record.to), .text(record.from), .text(record.text),
                     .int(record.segments), .text(record.encoding), .text(record.clientRef), .int(created),
                     .int(now), .int(record.sendDurationMilliseconds), .int(record.sendAttempts)])
                return .merged
            default:
                return .duplicate
            }
        }
    }

    func recordInbound(_ record: InboundRecord) throws(StoreError) -> InsertOutcome {
        let received = Timestamp.milliseconds(record.receivedAt)
        let changed = try write { (db) throws(StoreError) -> Int in
            let inserted = try db.perform(
                MessageColumns.insertInboundSQL,
                [.text(record.uuid), .text(record.to), .text(record.from), .text(record.text),
                 .int(Timestamp.milliseconds(record.timestamp)), .int(record.segments), .text(record.price),
                 .text(record.currency), .text(record.keyword), .int(received), .text(record.channel),
                 .text(record.messageType)])
            guard inserted == 1 else { return inserted }
            switch record.optChange {
            case .optOut(let keyword)?:
                try db.perform(
                    OptOutRules.applyChangeSQL,
                    [.text(record.from), .int(Timestamp.milliseconds(record.timestamp)), .text(keyword), .int(0)])
            case .optIn?:
                try db.perform(
                    OptOutRules.applyChangeSQL,
                    [.text(record.from), .int(Timestamp.milliseconds(record.timestamp)), .text(nil), .int(1)])
            case nil:
                break
            }
            return inserted
        }
        return changed == 1 ? .inserted : .duplicate
    }

    func applyStatus(_ event: StatusEvent) throws(StoreError) -> StatusOutcome {
        let uuid = SQLValue.text(event.uuid)
        let status = SQLValue.text(event.status)
        let time = SQLValue.int(Timestamp.milliseconds(event.timestamp))
        let received = SQLValue.int(Timestamp.milliseconds(event.receivedAt))
        let errorCode = SQLValue.text(event.errorCode)
        let errorDetail = SQLValue.text(event.errorDetail)
        return try write { (db) throws(StoreError) -> StatusOutcome in
            let appended = try db.perform(
                """
                INSERT INTO message_events (message_uuid, status, event_timestamp, error_code, error_detail,
                                            received_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                ON CONFLICT (message_uuid, status, event_timestamp) DO NOTHING
                """,
                [uuid, status, time, errorCode, errorDetail, received])
            guard appended == 1 else {
                let current = try db.firstRow("SELECT status FROM messages WHERE message_uuid = ?1", [uuid]) {
                    $0.text(0) ?? ""
                }
                return StatusOutcome(
                    isDuplicate: true, statusChanged: false, createdPlaceholder: false,
                    currentStatus: current ?? event.status)
            }
            let created = try db.perform(
                MessageColumns.insertStatusPlaceholderSQL,
                [uuid, .text(event.to), .text(event.from), status, time, errorCode, errorDetail,
                 .text(event.clientRef), .int(event.countTotal), .text(event.price), .text(event.currency),
                 received, .text(event.channel)])
            if created == 1 {
                return StatusOutcome(
                    isDuplicate: false, statusChanged: true, createdPlaceholder: true, currentStatus: event.status)
            }
            let advanced = try db.perform(
                StatusRules.advanceStatusSQL, [uuid, status, time, errorCode, errorDetail, received])
            // Usage and addressing merge whatever the status rule decided: a price reported by a late event is
            // still the price. count_total only fills segments the send record did not give.
            try db.perform(
                """
                UPDATE messages
                SET price = COALESCE(?2, price), currency = COALESCE(?3, currency),
                    segments = COALESCE(segments, ?4), to_number = COALESCE(to_number, ?5),
                    from_number = COALESCE(from_number, ?6), client_ref = COALESCE(client_ref, ?7),
                    updated_at = MAX(updated_at, ?8)
                WHERE message_uuid = ?1
                """,
                [uuid, .text(event.price), .text(event.currency), .int(event.countTotal), .text(event.to),
                 .text(event.from), .text(event.clientRef), received])
            let current = try db.firstRow("SELECT status FROM messages WHERE message_uuid = ?1", [uuid]) {
                $0.text(0) ?? ""
            }
            return StatusOutcome(
                isDuplicate: false, statusChanged: advanced == 1, createdPlaceholder: false,
                currentStatus: current ?? event.status)
        }
    }

    func message(uuid: String) throws(StoreError) -> StoredMessage? {
        try read { (db) throws(StoreError) -> StoredMessage? in
            guard
                var message = try db.firstRow(
                    "SELECT \(MessageColumns.list) FROM messages WHERE message_uuid = ?1", [.text(uuid)],
                    MessageColumns.decode)
            else { return nil }
            message.events = try db.rows(
                """
                SELECT status, event_timestamp, error_code, error_detail, received_at FROM message_events
                WHERE message_uuid = ?1 ORDER BY event_timestamp, id
                """,
                [.text(uuid)]
            ) { row in
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
        let rows = try withConnection { (db) throws(StoreError) -> [StoredMessage] in
            try db.rows(statement.sql, values, MessageColumns.decode)
        }
        return MessageListSQL.page(rows, limit: query.limit)
    }
}
