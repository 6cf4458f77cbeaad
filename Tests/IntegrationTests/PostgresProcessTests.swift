import Foundation
import TestSupport
import Testing

/// The built webhook executables against the real PostgreSQL server that `make test` starts, directly
/// (`SMS_TEST_POSTGRES_URL`) and through PgBouncer in transaction mode (`SMS_TEST_PGBOUNCER_URL`): many short-lived
/// processes at once, as many hosts or Lambda instances would run them.
@Suite("Webhook processes against PostgreSQL", .requires(.postgres))
struct PostgresProcessTests {
    /// A fresh schema on the test server, as a DATABASE_URL whose `search_path` selects it.
    static func freshDatabaseURL() throws -> String {
        try #require(try DatabaseRoute.postgres.freshDatabaseURL())
    }

    func query(_ url: String, _ sql: String) throws -> String { try DatabaseRoute.query(url, sql) }

    func webhook(_ fixture: FunctionFixture, _ function: String, _ body: Data, extra: [String: String] = [:]) throws
        -> Int
    {
        try fixture.cgi(
            function, method: "POST", path: "/webhooks",
            headers: ["Authorization": fixture.signer.authorization(for: body)],
            body: body, extraEnvironment: extra
        ).status
    }

    @Test(arguments: DatabaseRoute.availableServers)
    func fourHundredWebhooksSixteenAtATimeIncludingConcurrentDuplicates(route: DatabaseRoute) async throws {
        let url = try #require(try route.freshDatabaseURL())
        let fixture = try FunctionFixture(scenario: nil, databaseURL: url)
        // 200 inbound messages, and 20 outbound uuids each receiving submitted + delivered 5 times over (200
        // status webhooks, the same events arriving from many processes at once).
        var jobs: [(String, Data)] = (0..<200).map { ("inbound-sms", VonageWebhookBodies.inbound(text: "pg \($0)")) }
        let uuids = (0..<20).map { String(format: "abababab-0000-4000-8000-%012d", $0) }
        for round in 0..<10 {
            for uuid in uuids {
                jobs.append(
                    (
                        "message-status",
                        VonageWebhookBodies.status(
                            uuid: uuid, status: round.isMultiple(of: 2) ? "delivered" : "submitted",
                            timestamp: round.isMultiple(of: 2) ? "2025-02-03T12:14:30Z" : "2025-02-03T12:14:25Z")
                    ))
            }
        }
        jobs.shuffle()
        #expect(jobs.count == 400)
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            var results: [Int] = []
            var next = 0
            for _ in 0..<16 where next < jobs.count {
                let job = jobs[next]
                next += 1
                group.addTask { try webhook(fixture, job.0, job.1) }
            }
            while let status = try await group.next() {
                results.append(status)
                if next < jobs.count {
                    let job = jobs[next]
                    next += 1
                    group.addTask { try webhook(fixture, job.0, job.1) }
                }
            }
            return results
        }
        #expect(statuses.count == 400)
        #expect(statuses.allSatisfy { $0 == 200 }, "\(Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count))")
        #expect(try query(url, "SELECT COUNT(*) FROM messages WHERE direction = 'inbound'") == "200")
        #expect(try query(url, "SELECT COUNT(*) FROM messages WHERE direction = 'outbound'") == "20")
        #expect(try query(url, "SELECT COUNT(*) FROM message_events") == "40")
        #expect(
            try query(url, "SELECT COUNT(*) FROM messages WHERE direction = 'outbound' AND status <> 'delivered'")
                == "0")
    }

    @Test(arguments: DatabaseRoute.availableServers)
    func unreachableDatabaseIs503ThenTheRetryLandsOnce(route: DatabaseRoute) throws {
        let url = try #require(try route.freshDatabaseURL())
        let fixture = try FunctionFixture(scenario: nil, databaseURL: url)
        let body = VonageWebhookBodies.inbound(text: "while the database is down")
        let down = try fixture.cgi(
            "inbound-sms", method: "POST", path: "/webhooks/inbound",
            headers: ["Authorization": fixture.signer.authorization(for: body)], body: body,
            extraEnvironment: ["DATABASE_URL": "postgres://sms:secret@127.0.0.1:1/sms?connect_timeout=2"])
        #expect(down.status == 503)
        #expect(down.headers["retry-after"] == "5")
        #expect(!down.text.contains("secret"))
        #expect(try webhook(fixture, "inbound-sms", body) == 200)
        #expect(try webhook(fixture, "inbound-sms", body) == 200)
        #expect(try query(url, "SELECT COUNT(*) FROM messages") == "1")
    }

    /// A store that cannot be opened, and what its log line must name.
    enum OpenFailure: String, CaseIterable, Sendable {
        case unreachable, badURLParameter, badPassword
    }

    @Test(
        "a store that cannot be opened is 503 with Retry-After, and the log names the cause without secrets",
        arguments: OpenFailure.allCases)
    func storeOpenFailureIs503AndLogged(failure: OpenFailure) throws {
        let base = try Self.freshDatabaseURL()
        let fixture = try FunctionFixture(scenario: nil, databaseURL: base)
        let url: String
        let cause: String
        switch failure {
        case .unreachable:
            url = "postgres://sms:hunter2@127.0.0.1:\(try TestSupport.freePort())/sms?connect_timeout=2"
            cause = "PostgreSQL: cannot connect: "
        case .badURLParameter:
            url = base.replacingOccurrences(of: "?", with: "?sslmode=sometimes&")
            cause = "DATABASE_URL has an unknown sslmode"
        case .badPassword:
            url = base.replacingOccurrences(of: #":[0-9a-f]{32}@"#, with: ":hunter2@", options: .regularExpression)
            cause = "PostgreSQL: authentication failed: "
        }
        for function in ["health", "inbound-sms"] {
            let body = VonageWebhookBodies.inbound(text: "store down")
            let answer = try fixture.cgi(
                function, method: function == "health" ? "GET" : "POST", path: "/",
                headers: ["Authorization": fixture.signer.authorization(for: body)], body: body,
                extraEnvironment: ["DATABASE_URL": url])
            #expect(answer.status == 503, "\(function): \(answer.text)\n\(answer.log)")
            #expect(answer.headers["retry-after"] == "5")
            let line = answer.log.split(separator: "\n").first { $0.contains("store cannot be opened") }
            #expect(line?.contains(cause) == true, "\(function): \(answer.log)")
            #expect(!answer.log.contains("hunter2") && !answer.text.contains("hunter2"))
            #expect(!answer.log.contains(url))
        }
    }

    /// 16 processes at once on an empty database: each opens the store, so all of them find it unmigrated and
    /// race to migrate it. The transaction-scoped advisory lock (the only kind that holds under transaction pooling)
    /// lets exactly one apply each script; every webhook is stored.
    @Test(arguments: DatabaseRoute.availableServers)
    func sixteenProcessesMigratingAnEmptyDatabaseAtOnceApplyEachScriptOnce(route: DatabaseRoute) async throws {
        let url = try #require(try route.freshDatabaseURL())
        let fixture = try FunctionFixture(scenario: nil, databaseURL: url)
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<16 {
                group.addTask {
                    try webhook(fixture, "inbound-sms", VonageWebhookBodies.inbound(text: "migrate \(index)"))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 16))
        #expect(try query(url, "SELECT COUNT(*) FROM messages") == "16")
        let versions = try query(url, "SELECT COUNT(*) || ' ' || MAX(version) FROM schema_migrations").split(
            separator: " ")
        #expect(versions.count == 2 && versions[0] == versions[1] && (Int(versions[0]) ?? 0) > 0)
        if route == .pgbouncer {
            // A database of its own: a session-level lock left on a pooled server connection would show here.
            #expect(
                try query(
                    url,
                    """
                    SELECT COUNT(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                    WHERE l.locktype = 'advisory' AND d.datname = current_database()
                    """) == "0")
        }
    }

    /// What goes down in an outage test, and what DATABASE_URL the functions use.
    enum Outage: String, CaseIterable, Sendable, CustomTestStringConvertible {
        /// PostgreSQL, reached directly.
        case postgres
        /// PgBouncer, with PostgreSQL staying up behind it.
        case pgbouncer
        /// PostgreSQL, behind a PgBouncer that stays up.
        case postgresBehindPgBouncer

        var testDescription: String { rawValue }
    }

    @Test(
        "a server restarted mid-run: 503 with Retry-After while down, then each retried webhook lands once",
        arguments: Outage.allCases)
    func serverRestartedMidRun(outage: Outage) throws {
        // A private server (its own data folder and ports) so stopping it disturbs no other test.
        let data = try TestSupport.makeTemporaryDirectory("pg-private")
        let env = [
            "PATH": "/usr/sbin:/usr/bin:/bin", "SMS_PG_DATA": data.appendingPathComponent("pg").path,
            "SMS_PG_PORT": String(try TestSupport.freePort()),
            "SMS_PGB_DATA": data.appendingPathComponent("pgbouncer").path,
            "SMS_PGB_PORT": String(try TestSupport.freePort()),
        ]
        func server(_ name: String, _ command: String) throws -> String {
            let script = TestSupport.packageRoot.appendingPathComponent("scripts/\(name)-test-server.sh").path
            let result = try TestSupport.runDaemonizingOutput(
                "/bin/bash", [script, command], environment: env,
                currentDirectory: TestSupport.packageRoot)
            return result.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        _ = try server("postgres", "start")
        defer { _ = try? server("postgres", "stop") }
        let direct = try server("postgres", "url")
        var url = direct
        if outage != .postgres {
            _ = try server("pgbouncer", "start")
            url = try server("pgbouncer", "url")
        }
        defer { if outage != .postgres { _ = try? server("pgbouncer", "stop") } }
        #expect(url.hasPrefix("postgres"))
        let down = outage == .pgbouncer ? "pgbouncer" : "postgres"
        let fixture = try FunctionFixture(scenario: nil, databaseURL: url)
        let before = VonageWebhookBodies.inbound(text: "before the outage")
        #expect(try webhook(fixture, "inbound-sms", before) == 200)
        _ = try server(down, "stop")
        let during = (0..<5).map { VonageWebhookBodies.inbound(text: "during the outage \($0)") }
        for body in during {
            let answer = try fixture.cgi(
                "inbound-sms", method: "POST", path: "/webhooks/inbound",
                headers: ["Authorization": fixture.signer.authorization(for: body)], body: body)
            #expect(answer.status == 503, "\(answer.text)\n\(answer.log)")
            #expect(answer.headers["retry-after"] == "5")
        }
        _ = try server(down, "start")
        // As Vonage does: each webhook is retried until it is acknowledged (PgBouncer may refuse new clients for
        // server_login_retry after PostgreSQL comes back), then delivered once more.
        for body in during {
            var status = 0
            for _ in 0..<40 where status != 200 {
                status = try webhook(fixture, "inbound-sms", body)
                if status != 200 {
                    #expect(status == 503)
                    Thread.sleep(forTimeInterval: 0.25)
                }
            }
            #expect(status == 200)
        }
        for body in during { #expect(try webhook(fixture, "inbound-sms", body) == 200) }
        #expect(try query(direct, "SELECT COUNT(*) FROM messages") == "6")
    }
}
