import Foundation
import TestSupport
import Testing

/// The ways a function reaches its database in these tests: its own SQLite file, the PostgreSQL test server
/// directly (SCRAM over TCP, `SMS_TEST_POSTGRES_URL`), or that server through the PgBouncer test instance in
/// transaction mode (unix socket, `SMS_TEST_PGBOUNCER_URL`), both started by `make test`.
enum DatabaseRoute: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres, pgbouncer

    /// The routes that lead to a PostgreSQL server, where present (see `available`).
    static let availableServers: [DatabaseRoute] = available.filter { $0 != .sqlite }

    /// The routes to test here: SQLite always, a server route where its service is present. Under `make test`
    /// (`SMS_TEST_REQUIRE_ALL=1`) every route, so an absent server fails its tests instead of dropping them.
    static let available: [DatabaseRoute] = allCases.filter {
        $0.service.map(\.isAvailable) ?? true
            || TestService.everyServiceRequired
    }

    /// The test service this route needs, if any.
    var service: TestService? {
        switch self {
        case .sqlite: nil
        case .postgres: .postgres
        case .pgbouncer: .pgbouncer
        }
    }

    var testDescription: String { rawValue }

    /// A fresh, empty database on this route; nil for SQLite, where each fixture makes its own file.
    ///
    /// PostgreSQL direct: a new schema on the test database, selected with `search_path` in the URL's `options`.
    /// Through PgBouncer, which passes no `options` to the server: a new database, reached under its own name.
    func freshDatabaseURL() throws -> String? {
        let name = "it_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        switch self {
        case .sqlite:
            return nil
        case .postgres:
            let base = try Self.variable("SMS_TEST_POSTGRES_URL", startedBy: "postgres-test-server.sh")
            try Self.psql(base, "CREATE SCHEMA \(name)")
            return base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(name)"
        case .pgbouncer:
            let server = try Self.variable("SMS_TEST_POSTGRES_URL", startedBy: "postgres-test-server.sh")
            let bouncer = try Self.variable("SMS_TEST_PGBOUNCER_URL", startedBy: "pgbouncer-test-server.sh")
            try Self.psql(server, "CREATE DATABASE \(name)")
            guard var components = URLComponents(string: bouncer) else {
                throw CocoaError(
                    .featureUnsupported, userInfo: [NSLocalizedDescriptionKey: "bad SMS_TEST_PGBOUNCER_URL"])
            }
            components.path = "/" + name
            return components.string ?? bouncer
        }
    }

    /// The first column of the first row of `sql` run on `url`, as text.
    static func query(_ url: String, _ sql: String) throws -> String {
        try TestSupport.run("/usr/bin/psql", [url, "-X", "-At", "-c", sql], environment: ["PATH": "/usr/bin"])
            .stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func psql(_ url: String, _ sql: String) throws {
        let result = try TestSupport.run(
            "/usr/bin/psql", [url, "-X", "-q", "-c", sql], environment: ["PATH": "/usr/bin"])
        guard result.status == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: result.stderrText])
        }
    }

    private static func variable(_ name: String, startedBy script: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw CocoaError(
                .featureUnsupported,
                userInfo: [
                    NSLocalizedDescriptionKey:
                        "\(name) is not set: run `make test` (scripts/\(script) starts the server)"
                ])
        }
        return value
    }
}
