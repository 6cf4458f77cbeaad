#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Brings a SQLite database to `Migrations.latestVersion`, cheaply when it already is.
enum SQLiteMigrator {
    /// One `PRAGMA user_version` read on the fast path. When behind, migrates inside BEGIN IMMEDIATE and re-reads
    /// the version under the lock, so when many processes start on a fresh file exactly one runs each script and
    /// the others find the work done. `schema_migrations` logs each script once (its primary key would reject a
    /// second run, turning a locking bug into a loud error instead of a silent double migration). A newer schema
    /// than this build knows is left alone: migrations only add, so an older function still works during a rollout.
    static func migrate(_ connection: SQLiteConnection) throws(StoreError) {
        let latest = Migrations.latestVersion
        guard try currentVersion(connection) < latest else { return }
        try connection.transaction(.write) { () throws(StoreError) in
            let version = try currentVersion(connection)
            guard version < latest else { return }
            try connection.exec(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)
                """)
            for index in version..<latest {
                try connection.exec(Migrations.scripts[index])
                try connection.perform(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)",
                    [.int(Int64(index + 1)), .int(Timestamp.milliseconds(.now))])
            }
            try connection.exec("PRAGMA user_version = \(latest)")
        }
    }

    /// The schema version recorded in the file header.
    static func currentVersion(_ connection: SQLiteConnection) throws(StoreError) -> Int {
        Int(try connection.firstInt("PRAGMA user_version") ?? 0)
    }
}
