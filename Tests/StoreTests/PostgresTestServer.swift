import Foundation
import Synchronization
import TestSupport

@testable import Store

/// The PostgreSQL server the tests use: `scripts/postgres-test-server.sh`, whose URL `scripts/test.sh` exports as
/// `SMS_TEST_POSTGRES_URL`.
enum PostgresTestServer {
    /// Why a PostgreSQL test cannot run where `make test` requires every service and the server is missing.
    struct NotConfigured: Error, CustomStringConvertible {
        var description: String {
            "SMS_TEST_POSTGRES_URL is not set. Run `make test`, or start the server with "
                + "`scripts/postgres-test-server.sh start` and export "
                + "SMS_TEST_POSTGRES_URL=\"$(scripts/postgres-test-server.sh url)\""
        }
    }

    /// The test database's URL.
    static func baseURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["SMS_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw NotConfigured()
        }
        return url
    }

    /// `baseURL()` with libpq's `options` setting `search_path`, so every unqualified table name is in `schema`.
    static func url(searchPath schema: String) throws -> String {
        let base = try baseURL()
        return base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
    }

    /// One connection for creating and dropping schemas, shared so each test pays for one SCRAM login less.
    private static let admin = Mutex<PostgresConnection?>(nil)

    /// Runs `sql` (no parameters: schema names are generated here, never input) on the admin connection.
    static func adminExecute(_ sql: String) throws {
        let url = try baseURL()
        try admin.withLock { (connection: inout PostgresConnection?) throws in
            if connection == nil { connection = try PostgresConnection(url: url) }
            try connection?.execute(sql)
        }
    }

    /// A new empty schema, named from a random UUID.
    static func createSchema() throws -> String {
        let schema = "t_" + UUID().uuidString.lowercased().filter { $0 != "-" }
        try adminExecute("CREATE SCHEMA \(schema)")
        return schema
    }

    /// Drops a test schema and everything in it.
    static func dropSchema(_ schema: String) {
        try? adminExecute("DROP SCHEMA IF EXISTS \(schema) CASCADE")
    }
}
