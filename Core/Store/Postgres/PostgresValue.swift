/// A query parameter as libpq takes it: every value travels in text format with its type's OID.
typealias PostgresValue = SQLValue

extension SQLValue {
    /// The type's OID (pg_type.oid: 25 text, 20 int8).
    var typeOID: UInt32 {
        switch self {
        case .text: return 25
        case .int: return 20
        }
    }

    /// The value in PostgreSQL's text format, `nil` for NULL.
    var textFormat: String? {
        switch self {
        case .text(let text): return text
        case .int(let number): return number.map { String($0) }
        }
    }
}

/// One row of a result, read in text format.
struct PostgresRow: SQLRow {
    let values: [String?]

    /// Column `index` as text, `nil` for NULL.
    func text(_ index: Int) -> String? { index < values.count ? values[index] : nil }

    /// Column `index` as an integer, `nil` for NULL (or for text that is not one, which the schema rules out).
    func int64(_ index: Int) -> Int64? { text(index).flatMap { Int64($0) } }
}

/// What a statement returned: its rows and how many rows it changed.
struct PostgresResult {
    var rows: [PostgresRow]
    var affectedRows: Int
}
