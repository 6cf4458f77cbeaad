import CSQLite

/// SQLite asks to copy bound text (`SQLITE_TRANSIENT`), because Swift strings do not outlive the bind call.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement owned by a `SQLiteConnection`'s cache: bind, step, read columns, then it is reset for reuse.
/// While stepping, it is also the current result row.
final class SQLiteStatement: SQLRow {
    private let handle: OpaquePointer
    private unowned let connection: SQLiteConnection

    init(handle: OpaquePointer, connection: SQLiteConnection) {
        self.handle = handle
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds `values` to parameters 1…n (numbered `?N` parameters may repeat in the SQL).
    func bind(_ values: [SQLValue]) throws(StoreError) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .int(let number?): code = sqlite3_bind_int64(handle, index, number)
            case .text(let text?): code = sqlite3_bind_text(handle, index, text, -1, sqliteTransient)
            case .int(nil), .text(nil): code = sqlite3_bind_null(handle, index)
            }
            guard code == SQLITE_OK else { throw connection.error(code) }
        }
    }

    /// Advances to the next row; `false` when the statement is done.
    func step() throws(StoreError) -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.error(code)
        }
    }

    /// Clears bindings and rewinds, so the cached statement is ready for the next caller.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// True when column `index` of the current row is NULL.
    func isNull(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

    /// Column `index` as an integer, `nil` for NULL.
    func int64(_ index: Int) -> Int64? {
        isNull(Int32(index)) ? nil : sqlite3_column_int64(handle, Int32(index))
    }

    /// Column `index` as UTF-8 text, `nil` for NULL.
    func text(_ index: Int) -> String? {
        let column = Int32(index)
        guard !isNull(column), let bytes = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }
}
