import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Store

/// Behaviour only the PostgreSQL backend has: URLs, many connections at once, a server that goes away.
@Suite("PostgreSQL backend")
struct PostgresBackendTests {
    @Test(
        "libpq reads every part of both URL schemes, sslmode and unix-socket hosts",
        arguments: [
            (
                "postgres://app:s3cret@db.internal:6543/sms?sslmode=verify-full",
                [
                    "user": "app", "password": "s3cret", "host": "db.internal", "port": "6543", "dbname": "sms",
                    "sslmode": "verify-full",
                ]
            ),
            (
                "postgresql://app@127.0.0.1/sms?sslmode=disable",
                ["user": "app", "host": "127.0.0.1", "dbname": "sms", "sslmode": "disable"]
            ),
            ("postgres:///sms?host=/var/run/postgresql", ["host": "/var/run/postgresql", "dbname": "sms"]),
            (
                "postgres://app@%2Fvar%2Frun%2Fpostgresql:5433/sms",
                ["user": "app", "host": "/var/run/postgresql", "port": "5433", "dbname": "sms"]
            ),
            (
                "postgres://[::1]:5432/sms?connect_timeout=2",
                ["host": "::1", "port": "5432", "dbname": "sms", "connect_timeout": "2"]
            ),
        ])
    func parsesURL(url: String, expected: [String: String]) throws {
        let settings = try PostgresURL.parse(url)
        for key in ["user", "password", "host", "port", "dbname", "sslmode", "connect_timeout"] {
            #expect(settings[key] == expected[key], "\(key)")
        }
    }

    @Test(
        "malformed PostgreSQL URLs are configuration errors that never echo the password",
        arguments: [
            "postgres://app:s3cret@db/sms?sslmode=sometimes",
            "postgres://app:s3cret@db/sms?no_such_setting=1",
            "postgres://app:s3cret@db/sms?connect_timeout=soon",
            "postgres://app:s3cr%zzet@db/sms",
            "postgres://app:s3cret@[::1/sms",
        ])
    func rejectsURL(url: String) {
        let error = #expect(throws: StoreError.self) { try openStore(postgres(url)) }
        #expect(error?.kind == .configuration)
        #expect(error?.reason.contains("DATABASE_URL") == true)
        #expect(error?.reason.contains("s3cr") == false)
    }

    /// The test server's URL rewritten in each accepted form.
    enum Form: String, CaseIterable { case postgres, postgresql, socketQuery, socketEncodedHost }

    @Test(
        "both schemes over TCP and both unix-socket forms reach the server", .requires(.postgres),
        arguments: Form.allCases)
    func connectsInEveryForm(form: Form) throws {
        let base = try PostgresURL.parse(try PostgresTestServer.baseURL())
        let user = try #require(base["user"])
        let password = try #require(base["password"])
        let port = try #require(base["port"])
        let name = try #require(base["dbname"])
        let socketDir =
            ProcessInfo.processInfo.environment["SMS_TEST_POSTGRES_SOCKET_DIR"]
            ?? TestSupport.packageRoot.appendingPathComponent(".tools/pgdata-socket").path
        let encodedDir = try #require(socketDir.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let schema = try PostgresTestServer.createSchema()
        defer { PostgresTestServer.dropSchema(schema) }
        let url: String
        switch form {
        case .postgres: url = "postgres://\(user):\(password)@127.0.0.1:\(port)/\(name)?"
        case .postgresql: url = "postgresql://\(user):\(password)@127.0.0.1:\(port)/\(name)?"
        case .socketQuery: url = "postgres:///\(name)?host=\(socketDir)&port=\(port)&user=\(user)&password=\(password)&"
        case .socketEncodedHost: url = "postgres://\(user):\(password)@\(encodedDir):\(port)/\(name)?"
        }
        let store = try openStore(postgres(url + "options=-csearch_path%3D\(schema)"))
        #expect(try store.recordInbound(inbound("in-1")) == .inserted)
        #expect(try store.message(uuid: "in-1")?.text == "Hi there")
    }

    @Test(
        "an unreachable server or a wrong password is unavailable, naming the cause but not the URL or password",
        .requires(.postgres))
    func unreachable() throws {
        let port = try TestSupport.freePort()
        let refused = "postgres://app:hunter2@127.0.0.1:\(port)/sms"
        let wrongPassword = try PostgresTestServer.baseURL().replacingOccurrences(
            of: #":[0-9a-f]{32}@"#, with: ":hunter2@", options: .regularExpression)
        #expect(wrongPassword.contains("hunter2"))
        let cases = [(refused, "PostgreSQL: cannot connect: "), (wrongPassword, "PostgreSQL: authentication failed: ")]
        for (url, cause) in cases {
            let error = #expect(throws: StoreError.self) { try openStore(postgres(url)) }
            #expect(error?.kind == .unavailable)
            #expect(error?.reason.hasPrefix(cause) == true, "\(error?.reason ?? "")")
            #expect(error?.reason.contains("hunter2") == false)
            #expect(error?.reason.contains(url) == false)
        }
    }

    @Test(
        "the PostgreSQL schema has the SQLite schema's tables and columns, in order, at the same version",
        .requires(.postgres))
    func sameSchemaAsSQLite() throws {
        #expect(PostgresSchema.scripts.count == Migrations.scripts.count)
        let sqliteDB = try TestDatabase(.sqlite)
        let postgresDB = try TestDatabase(.postgres)
        _ = try sqliteDB.open()
        #expect(try postgresDB.open().schemaVersion() == Migrations.latestVersion)
        let sqlite = try SQLiteConnection(path: try #require(sqlitePath(sqliteDB)), busyTimeoutMilliseconds: 1000)
        let postgres = try PostgresConnection(url: try #require(postgresURL(postgresDB)))
        let tables = try sqlite.rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
            $0.text(0) ?? ""
        }
        let postgresTables = try postgres.run(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1"
        ).rows.map { $0.text(0) ?? "" }
        #expect(tables == postgresTables && tables.count == 6)
        for table in tables {
            let columns = try sqlite.rows("SELECT name FROM pragma_table_info(?1) ORDER BY cid", [.text(table)]) {
                $0.text(0) ?? ""
            }
            let postgresColumns = try postgres.run(
                """
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position
                """, [.text(table)]
            ).rows.map { $0.text(0) ?? "" }
            #expect(columns == postgresColumns, "\(table)")
        }
    }

    @Test("8 processes opening a fresh database at once migrate it exactly once", .requires(.postgres))
    func concurrentFirstOpen() throws {
        let db = try TestDatabase(.postgres)
        let errors = runConcurrently(threads: 8) { _ in _ = try db.open() }
        #expect(errors.isEmpty, "\(errors)")
        let raw = try PostgresConnection(url: try #require(postgresURL(db)))
        #expect(try raw.firstInt("SELECT COUNT(*) FROM schema_migrations") == Int64(Migrations.latestVersion))
        #expect(try db.open().schemaVersion() == Migrations.latestVersion)
    }

    @Test(
        "8 connected processes migrating a fresh database at the same instant run each script once",
        .requires(.postgres),
        arguments: 0..<3)
    func concurrentMigration(round: Int) throws {
        let db = try TestDatabase(.postgres)
        let url = try #require(postgresURL(db))
        // Connected first, so the migrations (not the logins, which take ~10 ms each) start together.
        let connections = try (0..<8).map { _ in try PostgresConnection(url: url) }
        nonisolated(unsafe) let shared = connections
        let errors = runConcurrently(threads: 8) { thread in
            try PostgresMigrator.migrate(shared[thread])
        }
        #expect(errors.isEmpty, "\(errors)")
        #expect(
            try connections[0].firstInt("SELECT COUNT(*) FROM schema_migrations")
                == Int64(Migrations.latestVersion))
    }

    @Test(
        "16 connections applying the same status webhooks store each event once and never regress", .requires(.postgres)
    )
    func concurrentStatusWebhooks() throws {
        let db = try TestDatabase(.postgres)
        _ = try db.open()
        let events: [(String, Double)] = [("submitted", 1), ("buffered", 2), ("delivered", 5)]
        let storedBy = Mutex<[String: Int]>([:])
        let placeholders = Mutex<[String: Int]>([:])
        let errors = runConcurrently(threads: 16) { thread in
            let store = try db.open()
            for index in 0..<10 {
                // Each thread sends the three events in another order, as retries and reordering would.
                for offset in 0..<3 {
                    let (name, time) = events[(thread + offset) % 3]
                    let outcome = try store.applyStatus(status("u\(index)", name, at: at(time)))
                    if !outcome.isDuplicate { storedBy.withLock { $0["u\(index)/\(name)", default: 0] += 1 } }
                    if outcome.createdPlaceholder { placeholders.withLock { $0["u\(index)", default: 0] += 1 } }
                }
            }
        }
        #expect(errors.isEmpty, "\(errors)")
        let expected = Dictionary(
            uniqueKeysWithValues: (0..<10).flatMap { index in
                events.map { ("u\(index)/\($0.0)", 1) }
            })
        #expect(storedBy.withLock { $0 } == expected, "each event is stored by exactly one caller")
        #expect(placeholders.withLock { $0 } == Dictionary(uniqueKeysWithValues: (0..<10).map { ("u\($0)", 1) }))
        let store = try db.open()
        for index in 0..<10 {
            let message = try #require(try store.message(uuid: "u\(index)"))
            #expect(message.status == "delivered" && message.vonageTimestamp == at(5))
            #expect(message.events.map(\.status) == ["submitted", "buffered", "delivered"])
        }
    }

    @Test(
        "a row locked beyond the lock timeout makes a write unavailable, and the write lands once it is free",
        .requires(.postgres))
    func lockedBeyondTimeout() throws {
        let db = try TestDatabase(.postgres)
        _ = try db.open().recordOutbound(outbound("m1"))
        let holder = try PostgresConnection(url: try #require(postgresURL(db)))
        try holder.execute("BEGIN")
        try holder.run("SELECT 1 FROM messages WHERE message_uuid = $1 FOR UPDATE", [.text("m1")])
        var config = db.configuration
        config.busyTimeoutMilliseconds = 100
        let store = try openStore(config)
        let write = #expect(throws: StoreError.self) { try store.applyStatus(status("m1", "delivered", at: at(2))) }
        #expect(write?.kind == .unavailable)
        try store.checkHealth()
        #expect(try store.message(uuid: "m1")?.status == "submitted", "readers are not blocked by the lock")
        try holder.execute("ROLLBACK")
        #expect(try store.applyStatus(status("m1", "delivered", at: at(2))).statusChanged)
        #expect(try store.message(uuid: "m1")?.events.count == 1, "the failed attempt left no event behind")
    }

    @Test(
        "a server stopped mid-test makes the store unavailable; after a restart a retried write lands once",
        .requires(.postgres))
    func serverStopAndRestart() throws {
        let server = try PrivatePostgresServer()
        defer { server.remove() }
        try server.run("start")
        let url = try server.url()
        let store = try openStore(postgres(url))
        #expect(try store.recordInbound(inbound("before")) == .inserted)
        try store.applyStatus(status("m1", "submitted", at: at(1)))

        try server.run("stop")
        let write = #expect(throws: StoreError.self) { try store.recordInbound(inbound("retried")) }
        #expect(write?.kind == .unavailable)
        let event = #expect(throws: StoreError.self) { try store.applyStatus(status("m1", "delivered", at: at(2))) }
        #expect(event?.kind == .unavailable)
        let health = #expect(throws: StoreError.self) { try store.checkHealth() }
        #expect(health?.kind == .unavailable)
        let open = #expect(throws: StoreError.self) { try openStore(postgres(url)) }
        #expect(open?.kind == .unavailable)

        try server.run("start")
        // The same store reconnects (a warm Lambda instance); a second process retrying again changes nothing.
        #expect(try store.recordInbound(inbound("retried")) == .inserted)
        #expect(try store.applyStatus(status("m1", "delivered", at: at(2))).statusChanged)
        let other = try openStore(postgres(url))
        #expect(try other.recordInbound(inbound("retried")) == .duplicate)
        #expect(try other.applyStatus(status("m1", "delivered", at: at(2))).isDuplicate)
        try other.checkHealth()
        let uuids = try other.listMessages(MessageQuery()).messages.map(\.uuid).sorted()
        #expect(uuids == ["before", "m1", "retried"])
        #expect(try other.message(uuid: "m1")?.events.map(\.status) == ["submitted", "delivered"])
    }
}

/// A configuration for the PostgreSQL database at `url`.
func postgres(_ url: String) -> StoreConfiguration { StoreConfiguration(location: .postgres(url: url)) }

/// The URL of a PostgreSQL test database.
func postgresURL(_ db: TestDatabase) -> String? {
    if case .postgres(let url) = db.configuration.location { return url }
    return nil
}

/// A second PostgreSQL server of this test's own, on a free port in a temporary folder, started and stopped
/// through `scripts/postgres-test-server.sh` so the test can take it away without disturbing the others.
struct PrivatePostgresServer {
    let directory: URL
    let environment: [String: String]
    let script = TestSupport.packageRoot.appendingPathComponent("scripts/postgres-test-server.sh").path

    init() throws {
        directory = try TestSupport.makeTemporaryDirectory("pg-private")
        var env = [
            "SMS_PG_DATA": directory.appendingPathComponent("data").path,
            "SMS_PG_PORT": String(try TestSupport.freePort()),
        ]
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        environment = env
    }

    /// Runs `start` or `stop`; the server outlives `start`, so its output goes to a log file, not a pipe.
    func run(_ command: String) throws {
        let log = directory.appendingPathComponent("\(command).log")
        let status = try TestSupport.runDaemonizing(
            "/bin/bash", [script, command], environment: environment, logFile: log)
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        try #require(status == 0, "postgres-test-server.sh \(command) failed: \(output)")
    }

    /// The private server's DATABASE_URL.
    func url() throws -> String {
        let result = try TestSupport.run("/bin/bash", [script, "url"], environment: environment)
        try #require(result.status == 0, "\(result.stderrText)")
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops the server if it runs and removes its folder.
    func remove() {
        try? run("stop")
        try? FileManager.default.removeItem(at: directory)
    }
}
