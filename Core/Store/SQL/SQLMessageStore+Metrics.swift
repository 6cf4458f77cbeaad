#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension SQLMessageStore {
    func metrics(now: Date) throws(StoreError) -> MetricsSnapshot {
        let nowMs = Timestamp.milliseconds(now)
        return try read { (db) throws(StoreError) -> MetricsSnapshot in
            let messages = try db.rows(MetricsStatements.messages) {
                MetricsSnapshot.Count(labels: [$0.text(0) ?? "", $0.text(1) ?? ""], value: $0.int(2) ?? 0)
            }
            let events = try db.rows(MetricsStatements.events) {
                MetricsSnapshot.Count(labels: [$0.text(0) ?? ""], value: $0.int(1) ?? 0)
            }
            let optOuts = try db.firstRow(MetricsStatements.optOuts) { $0.int(0) ?? 0 } ?? 0
            let rejected = try db.rows(MetricsStatements.rejected, [.int(MetricsSnapshot.topErrorCodes)]) {
                MetricsSnapshot.Count(labels: [$0.text(0) ?? ""], value: $0.int(1) ?? 0)
            }
            func window(_ milliseconds: Int64) throws(StoreError) -> (finished: Int, delivered: Int) {
                try db.firstRow(MetricsStatements.finished, [.int(nowMs - milliseconds)]) {
                    (finished: $0.int(0) ?? 0, delivered: $0.int(1) ?? 0)
                } ?? (0, 0)
            }
            let hour = try window(3_600_000)
            let day = try window(86_400_000)
            let oldest = try db.firstRow(MetricsStatements.oldestPending) { $0.int64(0) } ?? nil
            let latency = try db.firstRow(MetricsStatements.sendLatency) { row in
                (
                    count: row.int(0) ?? 0, sum: row.int64(1) ?? 0, attempts: row.int(2) ?? 0,
                    buckets: MetricsSnapshot.sendDurationBounds.indices.map { row.int($0 + 3) ?? 0 }
                )
            }
            return MetricsSnapshot(
                messages: messages, statusEvents: events, optOuts: optOuts, rejectedByErrorCode: rejected,
                finishedLastHour: hour.finished, deliveredLastHour: hour.delivered, finishedLastDay: day.finished,
                deliveredLastDay: day.delivered, oldestPendingSubmission: oldest.map(Timestamp.date),
                sendDurationBuckets: MetricsSnapshot.sendDurationBounds.enumerated().map { index, bound in
                    (upperBound: bound, count: latency?.buckets[index] ?? 0)
                },
                sendDurationCount: latency?.count ?? 0, sendDurationSumSeconds: Double(latency?.sum ?? 0) / 1000,
                sendAttempts: latency?.attempts ?? 0)
        }
    }
}

/// The statements above, rendered once per dialect on first use. Conditional counts use the standard
/// `COUNT(*) FILTER (WHERE …)`, which both backends run (SQLite since 3.30).
private enum MetricsStatements {
    static let messages = SQLStatement(
        "SELECT direction, status, COUNT(*) FROM messages GROUP BY direction, status ORDER BY direction, status")

    static let events = SQLStatement("SELECT status, COUNT(*) FROM message_events GROUP BY status ORDER BY status")

    static let optOuts = SQLStatement(OptOutRules.countSQL)

    static let rejected = SQLStatement(
        """
        SELECT COALESCE(error_code, 'unknown'), COUNT(*) FROM messages
        WHERE status = 'rejected' AND direction = 'outbound'
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?1
        """)

    static let finished = SQLStatement(
        """
        SELECT COUNT(*), COUNT(*) FILTER (WHERE status = 'delivered') FROM messages
        WHERE direction = 'outbound' AND created_at >= ?1
          AND status IN ('delivered', 'rejected', 'undeliverable')
        """)

    static let oldestPending = SQLStatement(
        """
        SELECT MIN(created_at) FROM messages
        WHERE status = 'submitted' AND direction = 'outbound' AND has_send_record = 1
        """)

    /// Count, sum and attempts of the recorded send durations, then one cumulative count per histogram bound.
    static let sendLatency = SQLStatement(
        "SELECT COUNT(send_duration_ms), COALESCE(SUM(send_duration_ms), 0), COALESCE(SUM(send_attempts), 0)"
            + MetricsSnapshot.sendDurationBounds.map {
                ", COUNT(*) FILTER (WHERE send_duration_ms <= \(Int64($0 * 1000)))"
            }.joined()
            + " FROM messages WHERE direction = 'outbound' AND send_duration_ms IS NOT NULL")
}
