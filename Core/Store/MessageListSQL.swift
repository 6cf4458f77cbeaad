/// The `GET /messages` statement and paging. The statement depends on the query, so it is built per request in
/// the neutral form (`?N` parameters) and rendered in the connection's dialect.
struct MessageListSQL {
    /// The statement (it selects `limit + 1` rows, so a further page can be detected).
    let sql: String
    /// Its parameters, in `?N` order.
    let parameters: [SQLValue]

    /// The statement for `query`; `.invalidQuery` / `.invalidCursor` for bad input.
    init(_ query: MessageQuery, columns: String) throws(StoreError) {
        guard (1...MessageQuery.maximumLimit).contains(query.limit) else {
            throw .invalidQuery("limit must be between 1 and \(MessageQuery.maximumLimit)")
        }
        let cursor = try query.cursor.map { (text) throws(StoreError) in try MessageCursor(decoding: text) }
        var conditions: [String] = []
        var values: [SQLValue] = []
        func add(_ condition: (Int) -> String, _ value: SQLValue) {
            values.append(value)
            conditions.append(condition(values.count))
        }
        if let direction = query.direction { add({ "direction = ?\($0)" }, .text(direction.rawValue)) }
        if let status = query.status { add({ "status = ?\($0)" }, .text(status)) }
        if let channel = query.channel { add({ "channel = ?\($0)" }, .text(channel)) }
        if let to = query.to { add({ "to_number = ?\($0)" }, .text(to)) }
        if let from = query.from { add({ "from_number = ?\($0)" }, .text(from)) }
        if let since = query.since { add({ "created_at >= ?\($0)" }, .int(Timestamp.milliseconds(since))) }
        if let cursor {
            values.append(.int(cursor.createdAt))
            values.append(.text(cursor.uuid))
            let time = values.count - 1
            let uuid = values.count
            conditions.append("(created_at < ?\(time) OR (created_at = ?\(time) AND message_uuid < ?\(uuid)))")
        }
        values.append(.int(Int64(query.limit + 1)))
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        sql = """
            SELECT \(columns) FROM messages \(filter)
            ORDER BY created_at DESC, message_uuid DESC LIMIT ?\(values.count)
            """
        parameters = values
    }

    /// The page for the rows the statement returned: at most `limit` messages, and a cursor when there are more.
    static func page(_ rows: [StoredMessage], limit: Int) -> MessagePage {
        guard rows.count > limit else { return MessagePage(messages: rows, nextCursor: nil) }
        let shown = Array(rows.prefix(limit))
        let next = shown.last.map {
            MessageCursor(createdAt: Timestamp.milliseconds($0.createdAt), uuid: $0.uuid).encoded
        }
        return MessagePage(messages: shown, nextCursor: next)
    }
}
