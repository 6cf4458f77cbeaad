/// `PostgresConnection` as the store's connection. Every statement is sent as an unnamed statement with its
/// parameters (`PQexecParams`), and every setting is transaction-local, so the store works unchanged behind a
/// transaction-mode pooler (PgBouncer, RDS Proxy): nothing is prepared by name and no session state is kept.
extension PostgresConnection: SQLConnection {
    static var dialect: SQLDialect { .postgres }

    func perform(_ sql: String, _ values: [SQLValue]) throws(StoreError) -> Int {
        try run(sql, values).affectedRows
    }

    func rows<T>(_ sql: String, _ values: [SQLValue], _ row: (PostgresRow) throws(StoreError) -> T)
        throws(StoreError) -> [T]
    {
        try run(sql, values).rows.map(row)
    }

    func firstRow<T>(_ sql: String, _ values: [SQLValue], _ row: (PostgresRow) throws(StoreError) -> T)
        throws(StoreError) -> T?
    {
        try run(sql, values).rows.first.map(row)
    }

    func exec(_ sql: String) throws(StoreError) { try execute(sql) }

    /// Writes run at READ COMMITTED, where each `UPDATE … WHERE` re-checks its condition against the newest row
    /// version after waiting for a concurrent writer; reads run in one read-only snapshot, so a message and its
    /// events are read as of one moment.
    func transaction<T>(_ kind: SQLTransactionKind, _ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        switch kind {
        case .write: try transaction(begin: "BEGIN", body)
        case .read: try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
        }
    }

    func migrate() throws(StoreError) { try PostgresMigrator.migrate(self) }

    func schemaVersion() throws(StoreError) -> Int { try PostgresMigrator.readVersion(self) }

    /// One round trip: the server answers, and it is a primary that accepts writes (not a standby, which a
    /// failover can leave a DNS name pointing at).
    func checkWritable() throws(StoreError) {
        let row = try execute("SELECT pg_is_in_recovery(), current_setting('transaction_read_only')").rows.first
        guard row?.text(0) == "f" && row?.text(1) == "off" else {
            throw .unavailable("PostgreSQL: the server is read-only (a standby?)")
        }
    }
}
