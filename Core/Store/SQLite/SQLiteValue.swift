/// One SQL parameter or column value, as SQLite stores it.
enum SQLiteValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// Text, or NULL for `nil`.
    static func text(_ value: String?) -> SQLiteValue { value.map { .text($0) } ?? .null }
    /// An integer, or NULL for `nil`.
    static func int(_ value: Int?) -> SQLiteValue { value.map { .integer(Int64($0)) } ?? .null }
    /// Milliseconds since 1970, or NULL for `nil`.
    static func time(_ value: Int64?) -> SQLiteValue { value.map { .integer($0) } ?? .null }
}
