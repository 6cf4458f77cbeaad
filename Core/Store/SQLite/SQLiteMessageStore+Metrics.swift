#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SQLiteMessageStore {
    func metrics(now: Date) throws(StoreError) -> MetricsSnapshot {
        let nowMs = Timestamp.milliseconds(now)
        return try read { (db) throws(StoreError) -> MetricsSnapshot in
            let messages = try db.rows(
                "SELECT direction, status, COUNT(*) FROM messages GROUP BY direction, status ORDER BY direction, status"
            ) { MetricsSnapshot.Count(labels: [$0.text(0) ?? "", $0.text(1) ?? ""], value: $0.int(2) ?? 0) }
            let events = try db.rows("SELECT status, COUNT(*) FROM message_events GROUP BY status ORDER BY status") {
                MetricsSnapshot.Count(labels: [$0.text(0) ?? ""], value: $0.int(1) ?? 0)
            }
            let optOuts = try db.firstInt(OptOutRules.countSQL).map { Int($0) } ?? 0
            let rejected = try db.rows(
                """
                SELECT COALESCE(error_code, 'unknown'), COUNT(*) FROM messages
                WHERE status = 'rejected' AND direction = 'outbound'
                GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?1
                """, [.int(Int64(MetricsSnapshot.topErrorCodes))]
            ) { MetricsSnapshot.Count(labels: [$0.text(0) ?? ""], value: $0.int(1) ?? 0) }
            func window(_ milliseconds: Int64) throws(StoreError) -> (finished: Int, delivered: Int) {
                try db.firstRow(
                    """
                    SELECT COUNT(*), COALESCE(SUM(status = 'delivered'), 0) FROM messages
                    WHERE direction = 'outbound' AND created_at >= ?1
                      AND status IN ('delivered', 'rejected', 'undeliverable')
                    """, [.int(nowMs - milliseconds)]
                ) { (finished: $0.int(0) ?? 0, delivered: $0.int(1) ?? 0) } ?? (0, 0)
            }
            let hour = try window(3_600_000)
            let day = try window(86_400_000)
            let oldest = try db.firstInt(
                """
                SELECT MIN(created_at) FROM messages
                WHERE status = 'submitted' AND direction = 'outbound' AND has_send_record = 1
                """)
            var bucketSQL = "SELECT COUNT(send_duration_ms), COALESCE(SUM(send_duration_ms), 0), COALESCE(SUM(send_attempts), 0)"
            for bound in MetricsSnapshot.sendDurationBounds {
                bucketSQL += ", COALESCE(SUM(send_duration_ms <= \(Int64(bound * 1000))), 0)"
            }
            bucketSQL += " FROM messages WHERE direction = 'outbound' AND send_duration_ms IS NOT NULL"
            let latency = try db.firstRow(bucketSQL) { row in
                (count: row.int(0) ?? 0, sum: row.int64(1) ?? 0, attempts: row.int(2) ?? 0,
                 buckets: MetricsSnapshot.sendDurationBounds.indices.map { row.int($0 + 3) ?? 0 })
            }
            return MetricsSnapshot(
                messages: messages, statusEvents: events, optOuts: optOuts, rejectedByErrorCode: rejected,
                finishedLastHour: hour.finished, deliveredLastHour: hour.delivered, finishedLastDay: day.finished,
                deliveredLastDay: day.delivered, oldestPendingSubmission: oldest.map(Timestamp.date),
                sendDurationBuckets: Array(zip(MetricsSnapshot.sendDurationBounds, latency?.buckets ?? [])).map {
                    (upperBound: $0.0, count: $0.1)
                },
                sendDurationCount: latency?.count ?? 0, sendDurationSumSeconds: Double(latency?.sum ?? 0) / 1000,
                sendAttempts: latency?.attempts ?? 0)
        }
    }
}
