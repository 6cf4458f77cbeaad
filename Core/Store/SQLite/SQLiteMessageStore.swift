import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The SQLite backend: one connection per process (per store), serialised by a mutex so a store may be shared
/// between threads; processes coordinate through SQLite's WAL locks and the busy timeout.
final class SQLiteMessageStore: MessageStore {
    private let connection: Mutex<SQLiteConnection>

    /// Opens the file and migrates when behind; nothing else happens at open.
    init(path: String, busyTimeoutMilliseconds: Int32) throws(StoreError) {
        let opened = try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        try SQLiteMigrator.migrate(opened)
        connection = Mutex(opened)
    }

    /// Runs `body` with exclusive use of the connection.
    func withConnection<T: Sendable>(_ body: (SQLiteConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        try connection.withLock { (db: inout SQLiteConnection) throws(StoreError) -> T in try body(db) }
    }

    /// Runs `body` in one immediate (write) transaction.
    func write<T: Sendable>(_ body: (SQLiteConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        try withConnection { (db) throws(StoreError) -> T in
            try db.transaction(.write) { () throws(StoreError) -> T in try body(db) }
        }
    }

    /// Runs `body` in one read transaction, so multi-statement reads see one snapshot.
    func read<T: Sendable>(_ body: (SQLiteConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        try withConnection { (db) throws(StoreError) -> T in
            try db.transaction(.read) { () throws(StoreError) -> T in try body(db) }
        }
    }

    func schemaVersion() throws(StoreError) -> Int {
        try withConnection { (db) throws(StoreError) -> Int in try SQLiteMigrator.currentVersion(db) }
    }

    /// Takes the write lock and lets it go: proves the file is writable and not locked beyond the busy timeout,
    /// without writing anything.
    func checkHealth() throws(StoreError) {
        try withConnection { (db) throws(StoreError) in
            try db.perform("BEGIN IMMEDIATE")
            try db.perform("ROLLBACK")
        }
    }
}
