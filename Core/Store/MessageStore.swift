#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The message store behind every function, as the roles each function asks for. Each call is one transaction;
/// both backends (SQLite, PostgreSQL) give the same answers, which `StoreTests` checks for every backend.
public typealias MessageStore = MessageRecording & SendControls & OptOutEditing & MessageReading & StoreHealth
    & MetricsReading

/// Messages as they happen: what send-sms sent and the two webhooks' inbound messages and status events.
public protocol MessageRecording: Sendable {
    /// Records a message Vonage accepted. When a status webhook came first and created the row, the send data is
    /// merged in and the (possibly further advanced) status kept; a repeated send record changes nothing.
    @discardableResult
    func recordOutbound(_ record: OutboundRecord) throws(StoreError) -> OutboundOutcome

    /// Records an inbound message once per uuid; a webhook retry is `.duplicate` and changes nothing.
    @discardableResult
    func recordInbound(_ record: InboundRecord) throws(StoreError) -> InsertOutcome

    /// Appends a status event to the message's history (once per uuid+status+timestamp) and advances the
    /// message's status monotonically (see `StatusRules`). An unknown uuid gets a placeholder row.
    @discardableResult
    func applyStatus(_ event: StatusEvent) throws(StoreError) -> StatusOutcome
}

/// What send-sms checks around each send: the opt-out list, idempotency keys and the rate limit.
public protocol SendControls: Sendable {
    /// Whether send-sms must refuse `number`.
    func isOptedOut(number: String) throws(StoreError) -> Bool

    /// The unexpired record for an idempotency key, or `nil`.
    func idempotentResult(scope: String, key: String, now: Date) throws(StoreError) -> IdempotencyRecord?

    /// Claims a key before sending so two concurrent requests with it cannot both send. Also prunes expired keys.
    func reserveIdempotencyKey(
        scope: String, key: String, requestHash: String, now: Date
    ) throws(StoreError) -> IdempotencyReservation

    /// Stores the answer for a key; the first answer wins and is returned (a later save returns the first).
    @discardableResult
    func saveIdempotentResult(
        scope: String, key: String, requestHash: String, status: Int, body: String?, now: Date
    ) throws(StoreError) -> IdempotencyRecord

    /// Drops an in-progress reservation (the request failed in a way the client should be able to retry with
    /// the same key, e.g. 503); completed answers are kept.
    func releaseIdempotencyKey(scope: String, key: String) throws(StoreError)

    /// Counts one request against `bucket` in the fixed window of `windowSeconds` containing `now`, atomically
    /// across processes.
    func consumeRateLimit(
        bucket: String, limit: Int, windowSeconds: Int, now: Date
    ) throws(StoreError) -> RateLimitDecision
}

extension SendControls {
    /// `idempotentResult` at the current time.
    public func idempotentResult(scope: String, key: String) throws(StoreError) -> IdempotencyRecord? {
        try idempotentResult(scope: scope, key: key, now: Date())
    }

    /// `consumeRateLimit` with a one-minute window, the unit `SMS_RATE_LIMIT_PER_MINUTE` is given in.
    public func consumeRateLimit(bucket: String, limit: Int, now: Date = Date()) throws(StoreError)
        -> RateLimitDecision
    {
        try consumeRateLimit(bucket: bucket, limit: limit, windowSeconds: 60, now: now)
    }
}

/// An operator's changes to the opt-out list (a STOP or START by text arrives through `recordInbound`).
public protocol OptOutEditing: Sendable {
    /// Opts `number` out of messages (STOP); repeating it refreshes the time and keyword.
    func optOut(number: String, keyword: String?, at date: Date) throws(StoreError)

    /// Opts `number` back in (START); a number that was not opted out is left as it is.
    func optIn(number: String) throws(StoreError)
}

/// Stored messages as `GET /messages` shows them.
public protocol MessageReading: Sendable {
    /// One message with its status history, or `nil`.
    func message(uuid: String) throws(StoreError) -> StoredMessage?

    /// A page of messages, newest first. Throws `.invalidCursor` / `.invalidQuery` for bad input.
    func listMessages(_ query: MessageQuery) throws(StoreError) -> MessagePage
}

/// Whether the store can be used (`GET /health`).
public protocol StoreHealth: Sendable {
    /// The schema version the database is at (a fresh store is always fully migrated).
    func schemaVersion() throws(StoreError) -> Int

    /// Throws `.unavailable` unless the store can take a write right now.
    func checkHealth() throws(StoreError)
}

/// What the metrics function exports.
public protocol MetricsReading: Sendable {
    /// Everything the metrics function exports, from one consistent read (`now` anchors the time windows).
    func metrics(now: Date) throws(StoreError) -> MetricsSnapshot
}

/// Opens the store `config` names, migrating it when behind. Opening does nothing else, because every webhook is
/// a short-lived process that pays for it on each request.
public func openStore(_ config: StoreConfiguration) throws(StoreError) -> any MessageStore {
    switch config.location {
    case .sqlite(let path):
        return SQLiteMessageStore(
            try migrated(SQLiteConnection(path: path, busyTimeoutMilliseconds: config.busyTimeoutMilliseconds)))
    case .postgres(let url):
        return PostgresMessageStore(
            try migrated(PostgresConnection(url: url, lockTimeoutMilliseconds: config.busyTimeoutMilliseconds)))
    }
}
