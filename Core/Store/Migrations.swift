/// The schema as an ordered list of scripts: script `n` (1-based) brings the schema from version n-1 to n.
/// Append new scripts; never change the text a released one gives either dialect, since existing databases have
/// already run it.
///
/// Each script is written once; `SQLDialect` supplies the spellings that differ: times and counts are `BIGINT`
/// in PostgreSQL (SQLite's INTEGER is 64-bit), the event id is an identity column there (SQLite's
/// `INTEGER PRIMARY KEY` is its rowid), and `message_uuid` compares by bytes in both (PostgreSQL's "C"
/// collation), so pages are ordered alike whatever the database's locale. Conventions every backend shares: times
/// are integer milliseconds since 1970 UTC (sortable, exact); prices stay decimal text as Vonage sends them.
enum Migrations {
    /// Every script in order, as a function of the dialect.
    static let versions: [@Sendable (SQLDialect) -> String] = [version1, version2, version3, { _ in version4 }]

    /// The scripts in order, in SQLite's dialect.
    static let scripts = scripts(in: .sqlite)

    /// The scripts in order, in `dialect`.
    static func scripts(in dialect: SQLDialect) -> SchemaScripts { SchemaScripts(dialect: dialect) }

    /// The version a fully migrated database has.
    static var latestVersion: Int { versions.count }

    /// v1: messages, their status history, opt-outs, idempotency keys and rate-limit windows.
    ///
    /// `message_events` has no foreign key to `messages`: a status webhook may arrive before the send-sms process
    /// has recorded the message it belongs to. `has_send_record` marks rows created by the send (or inbound)
    /// path; 0 means a placeholder created by an early status event, into which `recordOutbound` merges.
    /// The indexes end in (created_at, message_uuid) so every filtered, newest-first page is an index walk.
    static func version1(_ dialect: SQLDialect) -> String {
        """
        CREATE TABLE messages (
            message_uuid     \(dialect.bytewiseText) PRIMARY KEY NOT NULL,
            direction        TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound')),
            to_number        TEXT,
            from_number      TEXT,
            body             TEXT,
            status           TEXT NOT NULL,
            vonage_timestamp \(dialect.integer),
            error_code       TEXT,
            error_detail     TEXT,
            client_ref       TEXT,
            segments         \(dialect.integer),
            encoding         TEXT,
            price            TEXT,
            currency         TEXT,
            keyword          TEXT,
            has_send_record  \(dialect.integer) NOT NULL DEFAULT 1,
            created_at       \(dialect.integer) NOT NULL,
            updated_at       \(dialect.integer) NOT NULL
        );
        CREATE INDEX messages_status ON messages (status, created_at, message_uuid);
        CREATE INDEX messages_created ON messages (created_at, message_uuid);
        CREATE INDEX messages_direction_created ON messages (direction, created_at, message_uuid);

        CREATE TABLE message_events (
            id              \(dialect.generatedID),
            message_uuid    \(dialect.bytewiseText) NOT NULL,
            status          TEXT NOT NULL,
            event_timestamp \(dialect.integer) NOT NULL,
            error_code      TEXT,
            error_detail    TEXT,
            received_at     \(dialect.integer) NOT NULL,
            UNIQUE (message_uuid, status, event_timestamp)
        );

        CREATE TABLE opt_outs (
            number       TEXT PRIMARY KEY NOT NULL,
            opted_out_at \(dialect.integer) NOT NULL,
            keyword      TEXT
        );

        CREATE TABLE idempotency_keys (
            scope           TEXT NOT NULL,
            key             TEXT NOT NULL,
            request_hash    TEXT NOT NULL,
            response_status \(dialect.integer) NOT NULL,
            response_body   TEXT,
            created_at      \(dialect.integer) NOT NULL,
            PRIMARY KEY (scope, key)
        );
        CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

        CREATE TABLE rate_limits (
            bucket       TEXT NOT NULL,
            window_start \(dialect.integer) NOT NULL,
            count        \(dialect.integer) NOT NULL,
            PRIMARY KEY (bucket, window_start)
        );
        """
    }

    /// v2: how long the Vonage call took and how many attempts it needed, per sent message (the send-latency
    /// histogram of the metrics function), and the index that finds pending submissions without a scan.
    static func version2(_ dialect: SQLDialect) -> String {
        """
        ALTER TABLE messages ADD COLUMN send_duration_ms \(dialect.integer);
        ALTER TABLE messages ADD COLUMN send_attempts \(dialect.integer);
        CREATE INDEX message_events_status ON message_events (status);
        """
    }

    /// v3: opt-out rows keep both states (`opted_in`), so changes apply in message-time order (`OptOutRules`).
    static func version3(_ dialect: SQLDialect) -> String {
        """
        ALTER TABLE opt_outs ADD COLUMN opted_in \(dialect.integer) NOT NULL DEFAULT 0;
        """
    }

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

/// The schema scripts in one dialect. Each is rendered only when a migration runs it: opening an up-to-date
/// database, which every function process does, reads the version and renders nothing.
struct SchemaScripts: RandomAccessCollection, Sendable {
    /// The dialect the scripts are rendered in.
    let dialect: SQLDialect

    var startIndex: Int { 0 }
    var endIndex: Int { Migrations.versions.count }

    /// Script `position` (0-based: it brings the schema to version `position + 1`).
    subscript(position: Int) -> String { Migrations.versions[position](dialect) }
}
