import CPostgres

#if canImport(Glibc)
    import Glibc
#endif

/// One libpq connection. Not thread-safe: `PostgresMessageStore` serialises access; separate processes (and
/// separate stores) each have their own connection and coordinate through the server's row locks.
final class PostgresConnection {
    private let handle: OpaquePointer
    private let password: String?
    /// `lock_timeout` of every transaction this connection runs.
    private let lockTimeoutMilliseconds: Int32
    /// The SQLSTATE of the last failed statement, so `transaction` can tell a deadlock from other failures.
    private(set) var lastSQLState: String?
    /// The BEGIN of the transaction `transaction` opened, not sent yet: it travels with the transaction's first
    /// statement, in the same round trip.
    private var pendingBegin: String?

    /// Connects with `url` passed to libpq as it is (libpq parses `postgres://` and `postgresql://` URIs, their
    /// query parameters and percent-encoded unix-socket hosts). `connect_timeout` defaults to 5 s and can be
    /// overridden by the URL; `client_encoding` is always UTF8, since every string is Swift UTF-8.
    /// `lockTimeoutMilliseconds` bounds each transaction's wait for a row lock (0: wait without limit).
    init(url: String, lockTimeoutMilliseconds: Int32 = 5000) throws(StoreError) {
        let settings = try PostgresURL.parse(url)
        password = settings["password"]
        self.lockTimeoutMilliseconds = max(0, lockTimeoutMilliseconds)
        // Entries before `dbname` are defaults the URL may override; entries after it override the URL.
        // Both arrays end in NULL, as libpq expects.
        let keywords: [String?] = ["connect_timeout", "dbname", "client_encoding", nil]
        let values: [String?] = [PostgresURL.defaultConnectTimeoutSeconds, url, "UTF8", nil]
        let connection = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in PQconnectdbParams(keywordPointers, valuePointers, 1) }
        }
        guard let connection else { throw .unavailable("PostgreSQL: out of memory while connecting") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresErrors.connectionFailure(message, password: settings["password"])
        }
        cpg_discard_notices(connection)
        handle = connection
    }

    deinit { PQfinish(handle) }

    /// True when the connection is usable (not broken by a server restart or network failure).
    var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Re-establishes the connection with the same settings when it is broken, or when the server closed it while
    /// it sat idle between requests (a restart, `pg_terminate_backend`, an idle timeout of the server or a pooler),
    /// which a warm Lambda instance's connection meets; `.unavailable` when the server is still away. Found before
    /// anything of the next unit of work is sent, so that work runs once, on the new connection.
    func reconnectIfNeeded() throws(StoreError) {
        let idle = PQtransactionStatus(handle) == PQTRANS_IDLE
        guard !isConnected || (idle && cpg_closed_while_idle(handle) != 0) else { return }
        PQreset(handle)
        guard isConnected else {
            throw PostgresErrors.connectionFailure(String(cString: PQerrorMessage(handle)), password: password)
        }
    }

    /// Runs SQL without parameters: one or more statements (schema scripts, BEGIN/COMMIT). Returns the last
    /// statement's rows.
    @discardableResult
    func execute(_ sql: String) throws(StoreError) -> PostgresResult {
        if let begin = takePendingBegin() {
            return try opening { () throws(StoreError) -> PostgresResult in
                try check(PQexec(handle, "\(begin); \(setLockTimeout); \(sql)"))
            }
        }
        return try check(PQexec(handle, sql))
    }

    /// Runs one statement with `$1…$n` bound to `values`; parameters never become part of the SQL text.
    @discardableResult
    func run(_ sql: String, _ values: [PostgresValue] = []) throws(StoreError) -> PostgresResult {
        if let begin = takePendingBegin() {
            return try opening { () throws(StoreError) -> PostgresResult in try pipelined(begin, sql, values) }
        }
        return try check(send(sql, values, with: PQexecParams))
    }

    /// Calls libpq's `PQexecParams` or `PQsendQueryParams` (same arguments) for `sql` with `values` as text
    /// parameters of their types.
    private func send<R>(
        _ sql: String, _ values: [PostgresValue],
        with call: (
            OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?,
            UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32
        ) -> R
    ) -> R {
        let types = values.map { $0.typeOID }
        let texts = values.map { $0.textFormat }
        return types.withUnsafeBufferPointer { typePointer in
            withCStrings(texts) { valuePointers in
                call(handle, sql, Int32(values.count), typePointer.baseAddress, valuePointers, nil, nil, 0)
            }
        }
    }

    /// The pending BEGIN, once: statements after the first go alone.
    private func takePendingBegin() -> String? {
        defer { pendingBegin = nil }
        return pendingBegin
    }

    /// Bounds each transaction's wait for a row lock.
    private var setLockTimeout: String { "SET LOCAL lock_timeout = \(lockTimeoutMilliseconds)" }

    /// A transaction's first round trip. When it finds the connection lost (closed after the idle check), nothing
    /// of the transaction is left on the server, which never saw a COMMIT: it reconnects and sends it once more.
    private func opening(_ send: () throws(StoreError) -> PostgresResult) throws(StoreError) -> PostgresResult {
        do {
            return try send()
        } catch  where !isConnected {
            try reconnectIfNeeded()
            return try send()
        }
    }

    /// BEGIN, SET LOCAL and the first statement in one round trip: libpq's pipeline mode sends all three before
    /// reading any answer. The server runs them in order and skips the rest after a failure; the statement's
    /// result (or the first failure) is returned.
    private func pipelined(_ begin: String, _ sql: String, _ values: [PostgresValue]) throws(StoreError)
        -> PostgresResult
    {
        guard PQenterPipelineMode(handle) == 1 else { return try check(nil) }
        defer { leavePipeline() }
        let queued =
            PQsendQueryParams(handle, begin, 0, nil, nil, nil, nil, 0)
            + PQsendQueryParams(handle, setLockTimeout, 0, nil, nil, nil, nil, 0)
            + send(sql, values, with: PQsendQueryParams)
        guard queued == 3, PQpipelineSync(handle) == 1 else { return try check(nil) }
        var failure: StoreError?
        var statement: PostgresResult?
        for index in 0..<3 {
            let raw = PQgetResult(handle)
            while let terminator = PQgetResult(handle) { PQclear(terminator) }  // each query's results end in NULL
            if failure != nil {
                if let raw { PQclear(raw) }  // skipped by the server after the failure
                continue
            }
            do {
                let result = try check(raw)
                if index == 2 { statement = result }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        guard let statement else { return try check(nil) }
        return statement
    }

    /// Reads what is left of a pipeline up to its sync and leaves pipeline mode, so the connection serves the
    /// next statement normally; a broken connection is left to `reconnectIfNeeded`.
    private func leavePipeline() {
        for _ in 0..<8 where PQpipelineStatus(handle) != PQ_PIPELINE_OFF {
            if PQexitPipelineMode(handle) == 1 || !isConnected { return }
            if let raw = PQgetResult(handle) { PQclear(raw) }
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws. A deadlock or
    /// serialization failure re-runs the whole transaction (up to 4 attempts in all, with a short growing pause),
    /// because the server kept nothing of the failed one. `begin` picks the isolation level. The store checks the
    /// connection before it starts a unit of work (`SQLMessageStore.withConnection`), and a connection found lost
    /// at the first round trip is reconnected there, so the loop does not check again.
    ///
    /// The lock timeout is set with `SET LOCAL` inside the transaction, not once per session: behind a
    /// transaction-mode pooler (PgBouncer, RDS Proxy) a session setting would leak to other clients or pin the
    /// server connection. BEGIN and SET LOCAL are sent with the body's first statement, in its round trip.
    func transaction<T>(
        begin: String = "BEGIN", _ body: () throws(StoreError) -> T
    ) throws(StoreError) -> T {
        var attempt = 1
        while true {
            do {
                pendingBegin = begin
                let result = try body()
                // A body that ran no statement began nothing on the server.
                if pendingBegin == nil { try execute("COMMIT") }
                pendingBegin = nil
                return result
            } catch {
                pendingBegin = nil
                rollbackIfOpen()
                guard PostgresErrors.isRetryable(lastSQLState), attempt < 4 else { throw error }
                usleep(UInt32(attempt * 5_000))
                attempt += 1
            }
        }
    }

    /// Ends a transaction left open by a failure, so the connection can be reused.
    private func rollbackIfOpen() {
        guard isConnected else { return }
        let status = PQtransactionStatus(handle)
        if status == PQTRANS_INTRANS || status == PQTRANS_INERROR {
            PQclear(PQexec(handle, "ROLLBACK"))
        }
    }

    /// Reads a result into Swift values and frees it; a failed result becomes the mapped `StoreError`.
    private func check(_ raw: OpaquePointer?) throws(StoreError) -> PostgresResult {
        guard let raw else {
            lastSQLState = nil
            let message = String(cString: PQerrorMessage(handle))
            throw .unavailable(
                "PostgreSQL: no result: \(PostgresErrors.connectionDetail(message, password: password))")
        }
        defer { PQclear(raw) }
        switch PQresultStatus(raw) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            lastSQLState = nil
            return PostgresResult(rows: Self.rows(raw), affectedRows: Int(String(cString: PQcmdTuples(raw))) ?? 0)
        default:
            let state = field(raw, "C")
            lastSQLState = state
            let message =
                field(raw, "M")
                ?? PostgresErrors.connectionDetail(
                    String(cString: PQerrorMessage(handle)), password: password)
            throw PostgresErrors.map(sqlState: state, message: message, connectionLost: !isConnected)
        }
    }

    /// An error field (`C` SQLSTATE, `M` primary message) of a failed result.
    private func field(_ result: OpaquePointer, _ code: Character) -> String? {
        guard let ascii = code.asciiValue, let value = PQresultErrorField(result, Int32(ascii)) else {
            return nil
        }
        return String(cString: value)
    }

    private static func rows(_ result: OpaquePointer) -> [PostgresRow] {
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        guard rowCount > 0 else { return [] }
        var rows: [PostgresRow] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(nil)
                } else {
                    values.append(String(cString: PQgetvalue(result, row, column)))
                }
            }
            rows.append(PostgresRow(values: values))
        }
        return rows
    }
}

/// Calls `body` with a C array of C strings (NULL entries for `nil`) that lives for the call.
func withCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let copies = strings.map { $0.flatMap { strdup($0) } }
    defer { for copy in copies { free(copy) } }
    return body(copies.map { $0.map { UnsafePointer($0) } })
}
