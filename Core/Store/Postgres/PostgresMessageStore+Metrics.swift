#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension PostgresMessageStore {
    func metrics(now: Date) throws(StoreError) -> MetricsSnapshot {
        let nowMs = Timestamp.milliseconds(now)
        return try read { (db) throws(StoreError) -> MetricsSnapshot in
            let messages = try db.run(
                "SELECT direction, status, COUNT(*) FROM messages GROUP BY direction, status ORDER BY direction, status"
            ).rows.map { MetricsSnapshot.Count(labels: [$0.text(0) ?? "", $0.text(1) ?? ""], value: $0.int(2) ?? 0) }
            let events = try db.run("SELECT status, COUNT(*) FROM message_events GROUP BY status ORDER BY status")
                .rows.map { MetricsSnapshot.Count(labels: [$0.text(0) ?? ""], value: $0.int(1) ?? 0) }
            let optOuts = try db.queryInt(Self.postgres(OptOutRules.countSQL)).map { Int($0) } ?? 0
            let rejected = try db.run(
                """
                SELECT COALESCE(error_code, 'unknown'), COUNT(*) FROM messages
                WHERE status = 'rejected' AND direction = 'outbound'
                GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $1
                """, [.int(MetricsSnapshot.topErrorCodes)]
            ).rows.map { MetricsSnapshot.Count(labels: [$0.text(0) ?? ""], value: $0.int(1) ?? 0) }
            func window(_ milliseconds: Int64) throws(StoreError) -> (finished: Int, delivered: Int) {
                let row = try db.run(
                    """
                    SELECT COUNT(*), COUNT(*) FILTER (WHERE status = 'delivered') FROM messages
                    WHERE direction = 'outbound' AND created_at >= $1
                      AND status IN ('delivered', 'rejected', 'undeliverable')
                    """, [.int(nowMs - milliseconds)]
                ).rows.first
                return (finished: row?.int(0) ?? 0, delivered: row?.int(1) ?? 0)
            }
            let hour = try window(3_600_000)
            let day = try window(86_400_000)
            let oldest = try db.queryInt(
                """
                SELECT MIN(created_at) FROM messages
                WHERE status = 'submitted' AND direction = 'outbound' AND has_send_record = 1
                """)
            var sql = "SELECT COUNT(send_duration_ms), COALESCE(SUM(send_duration_ms), 0), COALESCE(SUM(send_attempts), 0)"
            for bound in MetricsSnapshot.sendDurationBounds {
                sql += ", COUNT(*) FILTER (WHERE send_duration_ms <= \(Int64(bound * 1000)))"
            }
            sql += " FROM messages WHERE direction = 'outbound' AND send_duration_ms IS NOT NULL"
            let latency = try db.run(sql).rows.first
            return MetricsSnapshot(
                messages: messages, statusEvents: events, optOuts: optOuts, rejectedByErrorCode: rejected,
                finishedLastHour: hour.finished, deliveredLastHour: hour.delivered, finishedLastDay: day.finished,
                deliveredLastDay: day.delivered, oldestPendingSubmission: oldest.map(Timestamp.date),
                sendDurationBuckets: MetricsSnapshot.sendDurationBounds.enumerated().map { index, bound in
                    (upperBound: bound, count: latency?.int(index + 3) ?? 0)
                },
                sendDurationCount: latency?.int(0) ?? 0, sendDurationSumSeconds: Double(latency?.int64(1) ?? 0) / 1000,
                sendAttempts: latency?.int(2) ?? 0)
        }
    }
}
