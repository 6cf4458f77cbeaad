/// How a message's status may move, written as SQL so the database applies it atomically. The PostgreSQL
/// backend reuses the same statements (numbered parameters `?N` become `$N`).
///
/// - Rank: `submitted` and any status this build does not know are 1; `delivered`, `rejected` and
///   `undeliverable` are terminal, rank 2.
/// - A higher rank always wins; a lower rank never does (a late `submitted` after `delivered` is only history).
/// - Among rank 1, the event with the later Vonage timestamp wins; on equal timestamps the stored one stays.
/// - The first terminal status wins and never changes, not even to another terminal one. Vonage calls these
///   states final, clients that saw one may have acted on it (so the API promises a terminal state never changes), and
///   two different terminal receipts for one message are a contradiction from the network that the history
///   keeps in full, rather than something to resolve by whichever retry arrived last.
///
/// Deciding in the `UPDATE … WHERE` rather than in Swift means two processes applying events to the same
/// message at once cannot regress it: each comparison sees the row as the other left it.
enum StatusRules {
    /// The statuses that end a message's life.
    static let terminalStatuses: Set<String> = ["delivered", "rejected", "undeliverable"]

    /// The rank of a status in Swift, for callers and tests; mirrors `rankSQL`.
    static func rank(_ status: String) -> Int { terminalStatuses.contains(status) ? 2 : 1 }

    /// The rank of the status held by SQL expression `expression`.
    static func rankSQL(_ expression: String) -> String {
        "(CASE \(expression) WHEN 'delivered' THEN 2 WHEN 'rejected' THEN 2 WHEN 'undeliverable' THEN 2 ELSE 1 END)"
    }

    /// Moves message ?1 to status ?2 at Vonage time ?3 with error ?4/?5, stamped ?6, only when the rules allow.
    /// Inbound messages have no delivery status, so an event naming one is kept as history only.
    static let advanceStatusSQL = """
        UPDATE messages
        SET status = ?2, vonage_timestamp = ?3, error_code = ?4, error_detail = ?5, updated_at = ?6
        WHERE message_uuid = ?1 AND direction = 'outbound'
          AND (\(rankSQL("?2")) > \(rankSQL("status"))
               OR (\(rankSQL("?2")) = 1 AND \(rankSQL("status")) = 1
                   AND (vonage_timestamp IS NULL OR vonage_timestamp < ?3)))
        """
}
