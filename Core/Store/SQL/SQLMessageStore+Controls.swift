#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Opt-outs, idempotency keys and rate limits: small tables that each request touches at most once. Each claim is
/// one `INSERT … ON CONFLICT DO UPDATE … WHERE`, decided under the backend's lock (SQLite's write lock,
/// PostgreSQL's row lock after any concurrent claim committed): race-free across processes and hosts.
extension SQLMessageStore {
    func optOut(number: String, keyword: String?, at date: Date) throws(StoreError) {
        try write { (db) throws(StoreError) in
            _ = try db.perform(
                ControlStatements.applyOptOutChange,
                [.text(number), .int(Timestamp.milliseconds(date)), .text(keyword), .int(0)])
        }
    }

    func optIn(number: String) throws(StoreError) {
        try write { (db) throws(StoreError) in
            _ = try db.perform(ControlStatements.removeOptOut, [.text(number)])
        }
    }

    func isOptedOut(number: String) throws(StoreError) -> Bool {
        try withConnection { (db) throws(StoreError) -> Bool in
            try db.firstRow(ControlStatements.isOptedOut, [.text(number)]) { _ in true } ?? false
        }
    }

    func idempotentResult(scope: String, key: String, now: Date) throws(StoreError) -> IdempotencyRecord? {
        let cutoff = Timestamp.milliseconds(now.addingTimeInterval(-IdempotencyRecord.lifetime))
        return try withConnection { (db) throws(StoreError) -> IdempotencyRecord? in
            try Self.idempotencyRecord(db, scope: scope, key: key, notBefore: cutoff)
        }
    }

    func reserveIdempotencyKey(
        scope: String, key: String, requestHash: String, now: Date
    ) throws(StoreError) -> IdempotencyReservation {
        let nowMs = Timestamp.milliseconds(now)
        let expired = Timestamp.milliseconds(now.addingTimeInterval(-IdempotencyRecord.lifetime))
        let abandoned = Timestamp.milliseconds(now.addingTimeInterval(-IdempotencyRecord.abandonedAfter))
        return try write { (db) throws(StoreError) -> IdempotencyReservation in
            // Pruning here keeps the table at one day of keys; the range delete on the created_at index costs
            // next to nothing when there is nothing to delete, which is almost always.
            try db.perform(ControlStatements.pruneIdempotencyKeys, [.int(expired)])
            let claimed = try db.perform(
                ControlStatements.reserveIdempotencyKey,
                [.text(scope), .text(key), .text(requestHash), .int(nowMs), .int(abandoned)])
            if claimed == 1 { return .reserved }
            guard let record = try Self.idempotencyRecord(db, scope: scope, key: key, notBefore: expired) else {
                throw .failure("an idempotency key vanished inside its transaction")
            }
            return record.isInProgress ? .inProgress : .completed(record)
        }
    }

    func saveIdempotentResult(
        scope: String, key: String, requestHash: String, status: Int, body: String?, now: Date
    ) throws(StoreError) -> IdempotencyRecord {
        guard status != IdempotencyRecord.inProgress else {
            throw .invalidQuery("an idempotent result needs a real HTTP status")
        }
        return try write { (db) throws(StoreError) -> IdempotencyRecord in
            try db.perform(
                ControlStatements.saveIdempotentResult,
                [
                    .text(scope), .text(key), .text(requestHash), .int(status), .text(body),
                    .int(Timestamp.milliseconds(now)),
                ])
            guard let record = try Self.idempotencyRecord(db, scope: scope, key: key, notBefore: Int64.min) else {
                throw .failure("an idempotency key vanished inside its transaction")
            }
            return record
        }
    }

    func releaseIdempotencyKey(scope: String, key: String) throws(StoreError) {
        try write { (db) throws(StoreError) in
            _ = try db.perform(ControlStatements.releaseIdempotencyKey, [.text(scope), .text(key)])
        }
    }

    /// The record for a key created at or after `notBefore`.
    private static func idempotencyRecord(
        _ db: Connection, scope: String, key: String, notBefore: Int64
    ) throws(StoreError) -> IdempotencyRecord? {
        try db.firstRow(ControlStatements.idempotencyRecord, [.text(scope), .text(key), .int(notBefore)]) { row in
            IdempotencyRecord(
                requestHash: row.text(0) ?? "", status: row.int(1) ?? 0, body: row.text(2),
                createdAt: Timestamp.date(row.int64(3) ?? 0))
        }
    }

    func consumeRateLimit(
        bucket: String, limit: Int, windowSeconds: Int, now: Date
    ) throws(StoreError) -> RateLimitDecision {
        guard limit > 0, windowSeconds > 0 else {
            throw .invalidQuery("a rate limit needs a positive limit and window")
        }
        let nowMs = Timestamp.milliseconds(now)
        let windowMs = Int64(windowSeconds) * 1000
        let windowStart = nowMs >= 0 ? nowMs / windowMs * windowMs : (nowMs - windowMs + 1) / windowMs * windowMs
        let count = try write { (db) throws(StoreError) -> Int? in
            // Only this bucket's older windows are dropped, through the primary key, so the cost stays constant.
            try db.perform(ControlStatements.pruneRateLimits, [.text(bucket), .int(windowStart)])
            // The count only grows while under the limit, under the lock: no two processes can both take the
            // last slot. No row back means the bucket is full.
            return try db.firstRow(
                ControlStatements.countRateLimit, [.text(bucket), .int(windowStart), .int(limit)]
            ) { $0.int(0) ?? limit }
        }
        if let count { return .allowed(remaining: max(0, limit - count)) }
        let remainingMs = windowStart + windowMs - nowMs
        return .limited(retryAfterSeconds: max(1, Int((remainingMs + 999) / 1000)))
    }
}

/// The statements above (the opt-out change is also an inbound message's), rendered once per dialect on first use.
enum ControlStatements {
    static let applyOptOutChange = SQLStatement(OptOutRules.applyChangeSQL)
    static let removeOptOut = SQLStatement(OptOutRules.removeSQL)
    static let isOptedOut = SQLStatement(OptOutRules.isOptedOutSQL)

    static let pruneIdempotencyKeys = SQLStatement("DELETE FROM idempotency_keys WHERE created_at < ?1")

    /// A key is claimed when new, or taken over when its reservation was abandoned by a crashed process.
    static let reserveIdempotencyKey = SQLStatement(
        """
        INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body, created_at)
        VALUES (?1, ?2, ?3, 0, NULL, ?4)
        ON CONFLICT (scope, key) DO UPDATE
        SET request_hash = excluded.request_hash, created_at = excluded.created_at
        WHERE idempotency_keys.response_status = 0 AND idempotency_keys.created_at < ?5
        """)

    /// Completes this caller's reservation, or inserts when there was none; an existing answer wins.
    static let saveIdempotentResult = SQLStatement(
        """
        INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body, created_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
        ON CONFLICT (scope, key) DO UPDATE
        SET response_status = excluded.response_status, response_body = excluded.response_body
        WHERE idempotency_keys.response_status = 0
        """)

    static let releaseIdempotencyKey = SQLStatement(
        "DELETE FROM idempotency_keys WHERE scope = ?1 AND key = ?2 AND response_status = 0")

    static let idempotencyRecord = SQLStatement(
        """
        SELECT request_hash, response_status, response_body, created_at FROM idempotency_keys
        WHERE scope = ?1 AND key = ?2 AND created_at >= ?3
        """)

    static let pruneRateLimits = SQLStatement("DELETE FROM rate_limits WHERE bucket = ?1 AND window_start < ?2")

    static let countRateLimit = SQLStatement(
        """
        INSERT INTO rate_limits (bucket, window_start, count) VALUES (?1, ?2, 1)
        ON CONFLICT (bucket, window_start) DO UPDATE SET count = rate_limits.count + 1
        WHERE rate_limits.count < ?3
        RETURNING count
        """)
}
