/// One statement parameter, typed even when NULL: SQLite binds it by type, and PostgreSQL is told its type, so the
/// server never has to guess one from context (`CASE $2 WHEN …`, `COALESCE($3, price)`).
enum SQLValue: Sendable, Equatable {
    /// Text, or NULL.
    case text(String?)
    /// A 64-bit integer, or NULL.
    case int(Int64?)

    /// An `Int` as a 64-bit integer, or NULL for `nil`.
    static func int(_ value: Int?) -> SQLValue { .int(value.map { Int64($0) }) }
}

/// A result row as the store reads it, whichever backend produced it.
protocol SQLRow {
    /// Column `index` as text, `nil` for NULL.
    func text(_ index: Int) -> String?
    /// Column `index` as an integer, `nil` for NULL.
    func int64(_ index: Int) -> Int64?
}

extension SQLRow {
    /// Column `index` as an `Int`, `nil` for NULL.
    func int(_ index: Int) -> Int? { int64(index).map { Int($0) } }
}
