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
        try connection.transaction(immediate: true) { () throws(StoreError) in
            let version = try currentVersion(connection)
            guard version < latest else { return }
            try connection.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)
                """)
            for index in version..<latest {
                try connection.execute(Migrations.scripts[index])
                try connection.run(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)",
                    [.integer(Int64(index + 1)), .integer(Timestamp.milliseconds(.now))])
            }
            try connection.execute("PRAGMA user_version = \(latest)")
        }
    }

    /// The schema version recorded in the file header.
    static func currentVersion(_ connection: SQLiteConnection) throws(StoreError) -> Int {
        Int(try connection.queryInt("PRAGMA user_version") ?? 0)
    }
}
