import CSQLite

#if canImport(Glibc)
    import Glibc
#endif

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One SQLite connection with a cache of prepared statements. Not thread-safe: `SQLiteMessageStore`
/// serialises access; separate processes each have their own connection and coordinate through SQLite's file locks.
final class SQLiteConnection: SQLConnection {
    static var dialect: SQLDialect { .sqlite }

    private let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]
    private let busyWait: SQLiteBusyWait
    private let walKeeper = SQLiteWALKeeper(threshold: 200)

    /// Opens (creating when missing) the database file at `path` and applies the per-connection settings.
    ///
    /// Settings, and why:
    /// - a busy handler (`SQLiteBusyWait`): a writer that finds another process holding the lock retries every
    ///   0.2–1 ms for up to `busyTimeoutMilliseconds` instead of failing at once; only beyond that is the store
    ///   `.unavailable`.
    /// - checkpoints by `SQLiteWALKeeper` once the WAL passes 200 pages (rather than SQLite's 1000), truncating the
    ///   WAL when nobody else is using it: a process that opens the file alone rebuilds the WAL index by reading
    ///   the whole WAL (measured ~590 reads for a 2.4 MB WAL, 13 → 9 ms of CPU per request once it was kept small),
    ///   and with one write per process SQLite's own autocheckpoint never restarts the WAL (see the keeper).
    /// - `journal_mode=WAL`: readers never block the one writer, so many short-lived webhook processes can run at
    ///   once. The mode is persistent in the file, so it is set only when not already WAL (setting it needs a lock).
    /// - `synchronous=FULL`: a webhook is acknowledged with 200 only after its commit, and Vonage stops retrying
    ///   after a 200. In WAL mode `NORMAL` may lose the last commits on power loss; `FULL` syncs the WAL at every
    ///   commit, so an acknowledged event survives a crash. The cost is one fsync per (single) transaction.
    /// - `foreign_keys=ON`: off by default per connection; on so any future reference is enforced.
    init(path: String, busyTimeoutMilliseconds: Int32) throws(StoreError) {
        try Self.createParentDirectory(of: path)
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let error = Self.mapError(code: code, message: db.map { String(cString: sqlite3_errmsg($0)) })
            sqlite3_close_v2(db)
            throw error
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        busyWait = SQLiteBusyWait(timeoutMilliseconds: busyTimeoutMilliseconds)
        busyWait.install(on: db)
        let mode = try firstText("PRAGMA journal_mode")
        if mode?.lowercased() != "wal" {
            let newMode = try switchToWAL(busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            guard newMode?.lowercased() == "wal" else {
                throw .unavailable("the database cannot use write-ahead logging (journal mode stays \(newMode ?? "?"))")
            }
        }
        try exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON")
        walKeeper.install(on: db)
    }

    /// Switches a fresh file to WAL. The switch reads (shared lock) and then needs the exclusive lock; when several
    /// processes open a fresh file at once, SQLite refuses all but one escalation with SQLITE_BUSY *without*
    /// consulting the busy handler (to avoid a deadlock). So the switch itself retries on BUSY, with a short
    /// back-off, until the busy timeout has passed.
    private func switchToWAL(busyTimeoutMilliseconds: Int32) throws(StoreError) -> String? {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int(busyTimeoutMilliseconds)))
        var pause = 1
        while true {
            do {
                return try firstText("PRAGMA journal_mode=WAL")
            } catch {
                guard sqlite3_errcode(handle) & 0xFF == SQLITE_BUSY, ContinuousClock.now < deadline else { throw error }
                usleep(UInt32(pause * 1000))
                pause = min(pause * 2, 50)
            }
        }
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements without parameters or results (pragmas, schema scripts, BEGIN/COMMIT).
    func exec(_ sql: String) throws(StoreError) {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(code) }
    }

    /// The cached prepared statement for `sql`, prepared on first use.
    func prepared(_ sql: String) throws(StoreError) -> SQLiteStatement {
        if let statement = statements[sql] { return statement }
        var raw: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard code == SQLITE_OK, let raw else { throw error(code) }
        let statement = SQLiteStatement(handle: raw, connection: self)
        statements[sql] = statement
        return statement
    }

    /// Binds, steps to completion and returns how many rows the statement changed.
    @discardableResult
    func perform(_ sql: String, _ values: [SQLValue] = []) throws(StoreError) -> Int {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(values)
        while try statement.step() {}
        return Int(sqlite3_changes(handle))
    }

    /// Binds and maps every result row with `row`.
    func rows<T>(
        _ sql: String, _ values: [SQLValue] = [], _ row: (SQLiteStatement) throws(StoreError) -> T
    ) throws(StoreError) -> [T] {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(values)
        var rows: [T] = []
        while try statement.step() { rows.append(try row(statement)) }
        return rows
    }

    /// The first row mapped with `row`, or `nil` when there is none.
    func firstRow<T>(
        _ sql: String, _ values: [SQLValue] = [], _ row: (SQLiteStatement) throws(StoreError) -> T
    ) throws(StoreError) -> T? {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(values)
        return try statement.step() ? try row(statement) : nil
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    ///
    /// A write takes the write lock at BEGIN (`BEGIN IMMEDIATE`): a deferred transaction that reads and then
    /// writes can hit SQLITE_BUSY at the upgrade without the busy handler being consulted (SQLite avoids a
    /// deadlock that way), whereas BEGIN IMMEDIATE waits for the busy timeout. A read is deferred: in WAL mode it
    /// sees one snapshot and never waits for the writer.
    func transaction<T>(_ kind: SQLTransactionKind, _ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        // Prepared once and cached like any statement: sqlite3_exec would parse BEGIN/COMMIT again every time.
        try perform(kind == .write ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try perform("COMMIT")
            walKeeper.checkpointIfLarge(handle) { busyWait.install(on: handle) }
            return result
        } catch {
            if sqlite3_get_autocommit(handle) == 0 { sqlite3_exec(handle, "ROLLBACK", nil, nil, nil) }
            throw error
        }
    }

    /// A file needs no reconnecting.
    func reconnectIfNeeded() throws(StoreError) {}

    func migrate() throws(StoreError) { try SQLiteMigrator.migrate(self) }

    func schemaVersion() throws(StoreError) -> Int { try SQLiteMigrator.currentVersion(self) }

    /// Takes the write lock and lets it go: proves the file is writable and not locked beyond the busy timeout,
    /// without writing anything.
    func checkWritable() throws(StoreError) {
        try perform("BEGIN IMMEDIATE")
        try perform("ROLLBACK")
    }

    /// The store error for result `code`, with SQLite's message (which names no values or paths).
    func error(_ code: Int32) -> StoreError {
        Self.mapError(code: code, message: String(cString: sqlite3_errmsg(handle)))
    }

    /// Sorts SQLite result codes into the kinds the functions answer differently.
    static func mapError(code: Int32, message: String?) -> StoreError {
        let detail = message ?? String(cString: sqlite3_errstr(code))
        switch code & 0xFF {
        case SQLITE_CANTOPEN, SQLITE_IOERR, SQLITE_READONLY, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_FULL, SQLITE_PERM,
            SQLITE_NOLFS, SQLITE_PROTOCOL:
            return .unavailable("SQLite: \(detail)")
        case SQLITE_CONSTRAINT:
            return .constraint("SQLite: \(detail)")
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            return .corrupt("SQLite: \(detail)")
        default:
            return .failure("SQLite (\(code)): \(detail)")
        }
    }

    /// Creates the folder that will hold the database (e.g. `data/`) so a fresh checkout works out of the box.
    private static func createParentDirectory(of path: String) throws(StoreError) {
        guard let slash = path.lastIndex(of: "/") else { return }
        let parent = String(path[..<slash])
        guard !parent.isEmpty else { return }
        // A parent that exists as a file is left for sqlite3_open to report (as `.unavailable`).
        guard !FileManager.default.fileExists(atPath: parent) else { return }
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw .unavailable("cannot create the database folder")
        }
    }
}
