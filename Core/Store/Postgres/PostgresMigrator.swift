#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Brings a PostgreSQL database (the first schema on the connection's `search_path`) to
/// `Migrations.latestVersion`, cheaply when it already is.
enum PostgresMigrator {
    /// The key of the transaction-level advisory lock migrations hold ("SMSFNMIG" in ASCII, 0x534D53464E4D4947);
    /// only this program takes it, so it cannot collide with an application's own locks in practice.
    static let advisoryLockKey: Int64 = 0x534D_5346_4E4D_4947

    /// Fast path: one query reads the version. When behind, migrates in one
    /// transaction under `pg_advisory_xact_lock` and re-reads the version under the lock, so when many processes
    /// start together on a fresh database exactly one runs each script and the others wait and find the work
    /// done. DDL is transactional in PostgreSQL: a failed migration leaves nothing behind. A newer schema than this
    /// build knows is left alone (migrations only add).
    static func migrate(_ connection: PostgresConnection) throws(StoreError) {
        let latest = Migrations.latestVersion
        precondition(PostgresSchema.scripts.count == latest, "PostgresSchema must follow Migrations step by step")
        let version: Int
        do {
            version = try readVersion(connection)
        } catch  where connection.lastSQLState == "42P01" {
            version = 0  // no schema_migrations yet
        }
        guard version < latest else { return }
        try connection.transaction { () throws(StoreError) in
            try connection.run("SELECT pg_advisory_xact_lock($1)", [.int(advisoryLockKey)])
            try connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)")
            let current = try readVersion(connection)
            guard current < latest else { return }
            for index in current..<latest {
                try connection.execute(PostgresSchema.scripts[index])
                try connection.run(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
                    [.int(Int64(index + 1)), .int(Timestamp.milliseconds(.now))])
            }
        }
    }

    /// The highest applied version (0 for an empty table); throws with SQLSTATE 42P01 when the table is missing.
    static func readVersion(_ connection: PostgresConnection) throws(StoreError) -> Int {
        Int(try connection.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").rows.first?.int64(0) ?? 0)
    }
}
