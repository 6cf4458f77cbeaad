/// One statement, written once and held in the text of every dialect. Statements live in `static let`s, so each
/// is rendered on its first use in a process and never again: the per-request path only picks a string.
struct SQLStatement: Sendable {
    private let sqlite: String
    private let postgres: String

    /// A statement whose text depends on the dialect beyond its parameters (`SQLDialect.greatest`).
    init(_ write: (SQLDialect) -> String) {
        sqlite = SQLDialect.sqlite.render(write(.sqlite))
        postgres = SQLDialect.postgres.render(write(.postgres))
    }

    /// A statement in the neutral form, the same in every dialect but for its parameters.
    init(_ sql: String) { self.init { _ in sql } }

    /// The text for `dialect`.
    func text(in dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: sqlite
        case .postgres: postgres
        }
    }
}
