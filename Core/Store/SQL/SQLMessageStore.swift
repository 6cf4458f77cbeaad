import Synchronization

/// The message store over either backend: every statement and every transaction is written once here, and the
/// connection (`SQLiteConnection`, `PostgresConnection`) supplies the dialect, the locking and the error mapping.
/// One connection per store (per process), serialised by a mutex so a store may be shared between threads.
/// Processes coordinate through the database: unique keys with `ON CONFLICT`, and conditions inside
/// `UPDATE … WHERE` that each write re-checks under the backend's lock, so no read-then-write race exists here.
final class SQLMessageStore<Connection: SQLConnection>: MessageStore {
    private let connection: Mutex<Connection>

    /// Takes an open connection and migrates when behind; nothing else happens at open, because every webhook is
    /// a short-lived process that pays for it on each request.
    init(_ opened: sending Connection) throws(StoreError) {
        try opened.migrate()
        connection = Mutex(opened)
    }

    /// Runs `body` with exclusive use of the connection, reconnecting first if the server went away meanwhile.
    func withConnection<T: Sendable>(_ body: (Connection) throws(StoreError) -> T) throws(StoreError) -> T {
        try connection.withLock { (db: inout Connection) throws(StoreError) -> T in
            try db.reconnectIfNeeded()
            return try body(db)
        }
    }

    /// Runs `body` in one write transaction.
    func write<T: Sendable>(_ body: (Connection) throws(StoreError) -> T) throws(StoreError) -> T {
        try withConnection { (db) throws(StoreError) -> T in
            try db.transaction(.write) { () throws(StoreError) -> T in try body(db) }
        }
    }

    /// Runs `body` in one read-only snapshot, so multi-statement reads see one moment.
    func read<T: Sendable>(_ body: (Connection) throws(StoreError) -> T) throws(StoreError) -> T {
        try withConnection { (db) throws(StoreError) -> T in
            try db.transaction(.read) { () throws(StoreError) -> T in try body(db) }
        }
    }

    func schemaVersion() throws(StoreError) -> Int {
        try withConnection { (db) throws(StoreError) -> Int in try db.schemaVersion() }
    }

    func checkHealth() throws(StoreError) {
        try withConnection { (db) throws(StoreError) in try db.checkWritable() }
    }
}
