import Synchronization

/// The message store over either backend: every statement and every transaction is written once, in extensions
/// of this protocol, and the connection (`SQLiteConnection`, `PostgresConnection`) supplies the dialect, the
/// locking and the error mapping. Processes coordinate through the database: unique keys with `ON CONFLICT`, and
/// conditions inside `UPDATE … WHERE` that each write re-checks under the backend's lock, so no read-then-write
/// race exists here.
///
/// A protocol with one small class per backend rather than one generic class, for the cost of a request: the
/// functions call the store through `any MessageStore`, and only a concrete type's witnesses are specialised for
/// its connection (a generic class's stay generic), and a generic class's metadata would be built at run time in
/// every process.
protocol SQLMessageStore: MessageStore {
    associatedtype Connection: SQLConnection
    /// The store's one connection, behind a mutex so a store may be shared between threads.
    var connection: Mutex<Connection> { get }
}

extension SQLMessageStore {
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

/// Migrates the database behind `opened` when behind, and puts the connection behind its mutex. Opening does
/// nothing else, because every webhook is a short-lived process that pays for it on each request.
func migrated<Connection: SQLConnection>(_ opened: sending Connection) throws(StoreError) -> Mutex<Connection> {
    try opened.migrate()
    return Mutex(opened)
}

/// The store on a SQLite file.
final class SQLiteMessageStore: SQLMessageStore {
    let connection: Mutex<SQLiteConnection>
    init(_ connection: consuming Mutex<SQLiteConnection>) { self.connection = connection }
}

/// The store on a PostgreSQL server.
final class PostgresMessageStore: SQLMessageStore {
    let connection: Mutex<PostgresConnection>
    init(_ connection: consuming Mutex<PostgresConnection>) { self.connection = connection }
}
