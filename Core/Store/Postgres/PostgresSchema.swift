/// `Migrations.scripts` in PostgreSQL's dialect: script `n` here is script `n` there, table for table and column
/// for column, so both backends are at the same version with the same meaning (`SQLDialect` holds the spellings
/// that differ, `Migrations` explains them).
enum PostgresSchema {
    /// The scripts in order.
    static let scripts = Migrations.scripts(in: .postgres)
}
