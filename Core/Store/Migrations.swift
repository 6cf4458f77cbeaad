/// The schema as an ordered list of scripts: script `n` (1-based) brings the schema from version n-1 to n.
/// Append new scripts; never edit a released one, since existing databases have already run it.
///
/// Conventions every backend shares: times are integer milliseconds since 1970 UTC (sortable, exact, and
/// `BIGINT` in PostgreSQL); prices stay decimal text as Vonage sends them.
enum Migrations {
    /// The scripts in order.
    static let scripts: [String] = [version1, version2, version3, version4]

    /// The version a fully migrated database has.
    static var latestVersion: Int { scripts.count }

    /// v1: messages, their status history, opt-outs, idempotency keys and rate-limit windows.
    ///
    /// `message_events` has no foreign key to `messages`: a status webhook may arrive before the send-sms process
    /// has recorded the message it belongs to. `has_send_record` marks rows created by the send (or inbound)
    /// path; 0 means a placeholder created by an early status event, into which `recordOutbound` merges.
    /// The indexes end in (created_at, message_uuid) so every filtered, newest-first page is an index walk.
    static let version1 = """
        CREATE TABLE messages (
            message_uuid     TEXT PRIMARY KEY NOT NULL,
            direction        TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound')),
            to_number        TEXT,
            from_number      TEXT,
            body             TEXT,
            status           TEXT NOT NULL,
            vonage_timestamp INTEGER,
            error_code       TEXT,
            error_detail     TEXT,
            client_ref       TEXT,
            segments         INTEGER,
            encoding         TEXT,
            price            TEXT,
            currency         TEXT,
            keyword          TEXT,
            has_send_record  INTEGER NOT NULL DEFAULT 1,
            created_at       INTEGER NOT NULL,
            updated_at       INTEGER NOT NULL
        );
        CREATE INDEX messages_status ON messages (status, created_at, message_uuid);
        CREATE INDEX messages_created ON messages (created_at, message_uuid);
        CREATE INDEX messages_direction_created ON messages (direction, created_at, message_uuid);

        CREATE TABLE message_events (
            id              INTEGER PRIMARY KEY,
            message_uuid    TEXT NOT NULL,
            status          TEXT NOT NULL,
            event_timestamp INTEGER NOT NULL,
            error_code      TEXT,
            error_detail    TEXT,
            received_at     INTEGER NOT NULL,
            UNIQUE (message_uuid, status, event_timestamp)
        );

        CREATE TABLE opt_outs (
            number       TEXT PRIMARY KEY NOT NULL,
            opted_out_at INTEGER NOT NULL,
            keyword      TEXT
        );

        CREATE TABLE idempotency_keys (
            scope           TEXT NOT NULL,
            key             TEXT NOT NULL,
            request_hash    TEXT NOT NULL,
            response_status INTEGER NOT NULL,
            response_body   TEXT,
            created_at      INTEGER NOT NULL,
            PRIMARY KEY (scope, key)
        );
        CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

        CREATE TABLE rate_limits (
            bucket       TEXT NOT NULL,
            window_start INTEGER NOT NULL,
            count        INTEGER NOT NULL,
            PRIMARY KEY (bucket, window_start)
        );
        """

    /// v2: how long the Vonage call took and how many attempts it needed, per sent message (the send-latency
    /// histogram of the metrics function), and the index that finds pending submissions without a scan.
    static let version2 = """
        ALTER TABLE messages ADD COLUMN send_duration_ms INTEGER;
        ALTER TABLE messages ADD COLUMN send_attempts INTEGER;
        CREATE INDEX message_events_status ON message_events (status);
        """

    /// v3: opt-out rows keep both states (`opted_in`), so changes apply in message-time order (`OptOutRules`).
    static let version3 = """
        ALTER TABLE opt_outs ADD COLUMN opted_in INTEGER NOT NULL DEFAULT 0;
        """

    /// v4: every channel one Vonage application receives is stored as itself. `channel` defaults to `sms` (all
    /// earlier rows were SMS) and `message_type` is `text` for every row that had a send or inbound record; status
    /// placeholders learn theirs when the record arrives. The index serves `GET /messages?channel=`.
    static let version4 = """
        ALTER TABLE messages ADD COLUMN channel TEXT NOT NULL DEFAULT 'sms';
        ALTER TABLE messages ADD COLUMN message_type TEXT;
        UPDATE messages SET message_type = 'text' WHERE has_send_record = 1;
        CREATE INDEX messages_channel_created ON messages (channel, created_at, message_uuid);
        """
}
