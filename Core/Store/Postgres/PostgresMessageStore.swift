import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The PostgreSQL backend: one connection per store (per process), serialised by a mutex so a store may be shared
/// between threads. Processes on any number of hosts coordinate through the server: unique keys with
/// `ON CONFLICT`, and conditions inside `UPDATE … WHERE` that the server re-checks against the newest row version
/// after waiting for a concurrent writer (READ COMMITTED), so no read-then-write race exists in this code.
final class PostgresMessageStore: MessageStore {
    private let connection: Mutex<PostgresConnection>

    /// Connects and migrates when behind; nothing else happens at open. `lockTimeoutMilliseconds` bounds how long
    /// a statement waits for a row another transaction holds before the store reports `.unavailable`.
    init(url: String, lockTimeoutMilliseconds: Int32) throws(StoreError) {
        let opened = try PostgresConnection(url: url, lockTimeoutMilliseconds: lockTimeoutMilliseconds)
        try PostgresMigrator.migrate(opened)
        connection = Mutex(opened)
    }

    /// Runs `body` with exclusive use of the connection, reconnecting first if the server went away meanwhile.
    func withConnection<T: Sendable>(
        _ body: (PostgresConnection) throws(StoreError) -> T
    ) throws(StoreError) -> T {
        try connection.withLock { (db: inout PostgresConnection) throws(StoreError) -> T in
            try db.reconnectIfNeeded()
            return try body(db)
        }
    }

    /// Runs `body` in one read-write transaction (retried as a whole on deadlock).
    func write<T: Sendable>(_ body: (PostgresConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        try withConnection { (db) throws(StoreError) -> T in
            try db.transaction { () throws(StoreError) -> T in try body(db) }
        }
    }

    /// Runs `body` in one read-only snapshot, so a message and its events are read as of one moment.
    func read<T: Sendable>(_ body: (PostgresConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        try withConnection { (db) throws(StoreError) -> T in
            try db.transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { () throws(StoreError) -> T in
                try body(db)
            }
        }
    }

    func schemaVersion() throws(StoreError) -> Int {
        try withConnection { (db) throws(StoreError) -> Int in try PostgresMigrator.readVersion(db) }
    }

    /// One round trip: the server answers, and it is a primary that accepts writes (not a standby, which a
    /// failover can leave a DNS name pointing at).
    func checkHealth() throws(StoreError) {
        let writable = try withConnection { (db) throws(StoreError) -> Bool in
            let row = try db.execute(
                "SELECT pg_is_in_recovery(), current_setting('transaction_read_only')").rows.first
            return row?.text(0) == "f" && row?.text(1) == "off"
        }
        guard writable else { throw .unavailable("PostgreSQL: the server is read-only (a standby?)") }
    }
}
