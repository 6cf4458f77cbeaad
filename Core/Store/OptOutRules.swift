/// Opt-out state per number, ordered by the time of the message that changed it, not by arrival: Vonage retries
/// webhooks for 24 h, so a START sent at 10:00 may land after a STOP sent at 10:01, and must not undo it. A row
/// is kept for both states (`opted_in` 0 or 1) with the time of the latest change in `opted_out_at`, and a change
/// applies only when it is at least as new as the one recorded. The SQL is shared by both backends (`?N`
/// parameters; PostgreSQL rewrites them as `$N`).
enum OptOutRules {
    /// Parameters: ?1 number, ?2 change time (ms), ?3 keyword (NULL for an opt-in), ?4 opted_in (0 or 1).
    static let applyChangeSQL = """
        INSERT INTO opt_outs (number, opted_out_at, keyword, opted_in) VALUES (?1, ?2, ?3, ?4)
        ON CONFLICT (number) DO UPDATE
        SET opted_out_at = excluded.opted_out_at, keyword = COALESCE(excluded.keyword, opt_outs.keyword),
            opted_in = excluded.opted_in
        WHERE excluded.opted_out_at >= opt_outs.opted_out_at
        """

    /// Parameter: ?1 number. One row when the number is opted out.
    static let isOptedOutSQL = "SELECT 1 FROM opt_outs WHERE number = ?1 AND opted_in = 0"

    /// How many numbers are opted out.
    static let countSQL = "SELECT COUNT(*) FROM opt_outs WHERE opted_in = 0"

    /// An operator's opt-in (no message time): removes the record, so the next STOP of any age applies again.
    static let removeSQL = "DELETE FROM opt_outs WHERE number = ?1"
}
