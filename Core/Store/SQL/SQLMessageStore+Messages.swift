#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Messages and their status history.
extension SQLMessageStore {
    func recordOutbound(_ record: OutboundRecord) throws(StoreError) -> OutboundOutcome {
        let created = Timestamp.milliseconds(record.createdAt)
        let now = Timestamp.milliseconds(Date())
        return try write { (db) throws(StoreError) -> OutboundOutcome in
            // Insert first: a concurrent status webhook's placeholder makes this wait for it and then do nothing,
            // where a SELECT-then-INSERT would hit the unique key (on PostgreSQL, which locks rows, not the file).
            let inserted = try db.perform(
                MessageStatements.insertOutbound,
                [
                    .text(record.uuid), .text(record.to), .text(record.from), .text(record.text), .text(record.status),
                    .int(record.segments), .text(record.encoding), .text(record.clientRef), .int(created),
                    .int(record.sendDurationMilliseconds), .int(record.sendAttempts),
                ])
            if inserted == 1 { return .inserted }
            // A status webhook got here first: fill in the send data and keep its status, which ranks at least as
            // high as `submitted`. The WHERE is re-checked after any concurrent merge, so only one merges.
            let merged = try db.perform(
                MessageStatements.mergeOutbound,
                [
                    .text(record.uuid), .text(record.to), .text(record.from), .text(record.text),
                    .int(record.segments), .text(record.encoding), .text(record.clientRef), .int(created), .int(now),
                    .int(record.sendDurationMilliseconds), .int(record.sendAttempts),
                ])
            return merged == 1 ? .merged : .duplicate
        }
    }

    func recordInbound(_ record: InboundRecord) throws(StoreError) -> InsertOutcome {
        let received = Timestamp.milliseconds(record.receivedAt)
        let sent = Timestamp.milliseconds(record.timestamp)
        let changed = try write { (db) throws(StoreError) -> Int in
            let inserted = try db.perform(
                MessageStatements.insertInbound,
                [
                    .text(record.uuid), .text(record.to), .text(record.from), .text(record.text), .int(sent),
                    .int(record.segments), .text(record.price), .text(record.currency), .text(record.keyword),
                    .int(received), .text(record.channel), .text(record.messageType),
                ])
            guard inserted == 1 else { return inserted }
            switch record.optChange {
            case .optOut(let keyword)?:
                try db.perform(
                    ControlStatements.applyOptOutChange, [.text(record.from), .int(sent), .text(keyword), .int(0)])
            case .optIn?:
                try db.perform(
                    ControlStatements.applyOptOutChange, [.text(record.from), .int(sent), .text(nil), .int(1)])
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
            // The same event from two processes at once: the second waits for the first's unique key and then
            // does nothing, so each (uuid, status, timestamp) is stored once.
            let appended = try db.perform(
                MessageStatements.appendEvent, [uuid, status, time, errorCode, errorDetail, received])
            guard appended == 1 else {
                let current = try db.firstRow(MessageStatements.currentStatus, [uuid]) { $0.text(0) ?? "" }
                return StatusOutcome(
                    isDuplicate: true, statusChanged: false, createdPlaceholder: false,
                    currentStatus: current ?? event.status)
            }
            let created = try db.perform(
                MessageStatements.insertStatusPlaceholder,
                [
                    uuid, .text(event.to), .text(event.from), status, time, errorCode, errorDetail,
                    .text(event.clientRef), .int(event.countTotal), .text(event.price), .text(event.currency),
                    received, .text(event.channel),
                ])
            if created == 1 {
                return StatusOutcome(
                    isDuplicate: false, statusChanged: true, createdPlaceholder: true, currentStatus: event.status)
            }
            let advanced = try db.perform(
                MessageStatements.advanceStatus, [uuid, status, time, errorCode, errorDetail, received])
            // Usage and addressing merge whatever the status rule decided: a price reported by a late event is
            // still the price. count_total only fills segments the send record did not give.
            try db.perform(
                MessageStatements.mergeStatusDetails,
                [
                    uuid, .text(event.price), .text(event.currency), .int(event.countTotal), .text(event.to),
                    .text(event.from), .text(event.clientRef), received,
                ])
            let current = try db.firstRow(MessageStatements.currentStatus, [uuid]) { $0.text(0) ?? "" }
            return StatusOutcome(
                isDuplicate: false, statusChanged: advanced == 1, createdPlaceholder: false,
                currentStatus: current ?? event.status)
        }
    }

    func message(uuid: String) throws(StoreError) -> StoredMessage? {
        try read { (db) throws(StoreError) -> StoredMessage? in
            guard
                var message = try db.firstRow(
                    MessageStatements.message, [.text(uuid)],
                    { (row) throws(StoreError) in
                        try MessageColumns.decode(row)
                    })
            else { return nil }
            message.events = try db.rows(MessageStatements.events, [.text(uuid)]) { row in
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
        let sql = Connection.dialect.render(statement.sql)
        let rows = try withConnection { (db) throws(StoreError) -> [StoredMessage] in
            try db.rows(sql, statement.parameters) { (row) throws(StoreError) in try MessageColumns.decode(row) }
        }
        return MessageListSQL.page(rows, limit: query.limit)
    }
}

/// The statements above, rendered once per dialect on first use.
private enum MessageStatements {
    static let insertOutbound = SQLStatement(
        """
        INSERT INTO messages (message_uuid, direction, to_number, from_number, body, status, segments,
                              encoding, client_ref, has_send_record, created_at, updated_at,
                              send_duration_ms, send_attempts, message_type)
        VALUES (?1, 'outbound', ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?9, ?10, ?11, 'text')
        ON CONFLICT (message_uuid) DO NOTHING
        """)

    /// The send data merged into a status placeholder; created_at becomes the send time, the message's real birth.
    static let mergeOutbound = SQLStatement { dialect in
        """
        UPDATE messages
        SET direction = 'outbound', to_number = ?2, from_number = ?3, body = ?4, segments = ?5,
            encoding = ?6, client_ref = COALESCE(?7, client_ref), has_send_record = 1,
            created_at = ?8, updated_at = \(dialect.greatest("updated_at", "?9")), send_duration_ms = ?10,
            send_attempts = ?11, channel = 'sms', message_type = 'text'
        WHERE message_uuid = ?1 AND has_send_record = 0
        """
    }

    static let insertInbound = SQLStatement(MessageColumns.insertInboundSQL)

    static let appendEvent = SQLStatement(
        """
        INSERT INTO message_events (message_uuid, status, event_timestamp, error_code, error_detail, received_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
        ON CONFLICT (message_uuid, status, event_timestamp) DO NOTHING
        """)

    static let insertStatusPlaceholder = SQLStatement(MessageColumns.insertStatusPlaceholderSQL)
    static let advanceStatus = SQLStatement(StatusRules.advanceStatusSQL)

    static let mergeStatusDetails = SQLStatement { dialect in
        """
        UPDATE messages
        SET price = COALESCE(?2, price), currency = COALESCE(?3, currency),
            segments = COALESCE(segments, ?4), to_number = COALESCE(to_number, ?5),
            from_number = COALESCE(from_number, ?6), client_ref = COALESCE(client_ref, ?7),
            updated_at = \(dialect.greatest("updated_at", "?8"))
        WHERE message_uuid = ?1
        """
    }

    static let currentStatus = SQLStatement("SELECT status FROM messages WHERE message_uuid = ?1")
    static let message = SQLStatement("SELECT \(MessageColumns.list) FROM messages WHERE message_uuid = ?1")

    static let events = SQLStatement(
        """
        SELECT status, event_timestamp, error_code, error_detail, received_at FROM message_events
        WHERE message_uuid = ?1 ORDER BY event_timestamp, id
        """)
}
