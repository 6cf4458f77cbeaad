/// One database connection as the store uses it; `SQLiteConnection` and `PostgresConnection` are the two. Not
/// thread-safe: a `SQLMessageStore` serialises access. Every failure is a `StoreError` the backend mapped.
protocol SQLConnection: AnyObject {
    /// What a result row is while it is read (SQLite: the statement at that row; PostgreSQL: a row of text).
    associatedtype Row: SQLRow

    /// The dialect statements are rendered in for this connection.
    static var dialect: SQLDialect { get }

    /// Runs one statement with `values` bound to its parameters 1…n; returns how many rows it changed.
    @discardableResult
    func perform(_ sql: String, _ values: [SQLValue]) throws(StoreError) -> Int

    /// Runs one statement and maps every result row with `row`.
    func rows<T>(_ sql: String, _ values: [SQLValue], _ row: (Row) throws(StoreError) -> T) throws(StoreError) -> [T]

    /// Runs one statement and maps its first result row with `row`; `nil` when there is none.
    func firstRow<T>(_ sql: String, _ values: [SQLValue], _ row: (Row) throws(StoreError) -> T) throws(StoreError)
        -> T?

    /// Runs SQL without parameters or results: one or more statements (schema scripts, pragmas).
    func exec(_ sql: String) throws(StoreError)

    /// Runs `body` in one transaction, committed when it returns and rolled back when it throws, with the
    /// backend's own locking for `kind` (SQLite: `BEGIN IMMEDIATE` and its busy wait for writes; PostgreSQL: a
    /// lock timeout, a snapshot for reads, and deadlocks retried). `body` may run more than once.
    func transaction<T>(_ kind: SQLTransactionKind, _ body: () throws(StoreError) -> T) throws(StoreError) -> T

    /// Re-establishes a connection the server dropped (a no-op for a file).
    func reconnectIfNeeded() throws(StoreError)

    /// Brings the schema to `Migrations.latestVersion`, cheaply when it already is.
    func migrate() throws(StoreError)

    /// The schema version the database is at.
    func schemaVersion() throws(StoreError) -> Int

    /// Throws `.unavailable` unless the database can take a write right now; writes nothing.
    func checkWritable() throws(StoreError)
}

/// What a transaction does, which decides how it locks.
enum SQLTransactionKind: Sendable {
    /// Reads and writes: takes the write lock (SQLite) or row locks (PostgreSQL) as it goes.
    case write
    /// Reads only, all from one snapshot.
    case read
}

extension SQLConnection {
    /// `perform` with the statement's text in this connection's dialect.
    @discardableResult
    func perform(_ statement: SQLStatement, _ values: [SQLValue]) throws(StoreError) -> Int {
        try perform(statement.text(in: Self.dialect), values)
    }

    /// `rows` with the statement's text in this connection's dialect.
    func rows<T>(
        _ statement: SQLStatement, _ values: [SQLValue] = [], _ row: (Row) throws(StoreError) -> T
    ) throws(StoreError) -> [T] {
        try rows(statement.text(in: Self.dialect), values, row)
    }

    /// `firstRow` with the statement's text in this connection's dialect.
    func firstRow<T>(
        _ statement: SQLStatement, _ values: [SQLValue] = [], _ row: (Row) throws(StoreError) -> T
    ) throws(StoreError) -> T? {
        try firstRow(statement.text(in: Self.dialect), values, row)
    }

    /// The first column of the first row as an integer (`nil` for no row or NULL).
    func firstInt(_ sql: String, _ values: [SQLValue] = []) throws(StoreError) -> Int64? {
        try firstRow(sql, values) { $0.int64(0) } ?? nil
    }

    /// The first column of the first row as text (`nil` for no row or NULL).
    func firstText(_ sql: String, _ values: [SQLValue] = []) throws(StoreError) -> String? {
        try firstRow(sql, values) { $0.text(0) } ?? nil
    }
}
