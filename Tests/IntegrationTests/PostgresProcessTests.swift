import Foundation
import Testing
import TestSupport

/// The built webhook executables against the real PostgreSQL server that `make test` starts
/// (`SMS_TEST_POSTGRES_URL`): many short-lived processes at once, as many hosts or Lambda instances would run them.
@Suite("Webhook processes against PostgreSQL", .requires(.postgres))
struct PostgresProcessTests {
    /// A fresh schema on the test server, as a DATABASE_URL whose `search_path` selects it.
    static func freshDatabaseURL() throws -> String {
        guard let base = ProcessInfo.processInfo.environment["SMS_TEST_POSTGRES_URL"], !base.isEmpty else {
            throw CocoaError(.featureUnsupported, userInfo: [NSLocalizedDescriptionKey:
                "SMS_TEST_POSTGRES_URL is not set: run `make test` (scripts/postgres-test-server.sh starts the server)"])
        }
        let schema = "it_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let created = try TestSupport.run("/usr/bin/psql", [base, "-q", "-c", "CREATE SCHEMA \(schema)"], environment: ["PATH": "/usr/bin"])
        guard created.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: created.stderrText]) }
        return base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
    }

    func query(_ url: String, _ sql: String) throws -> String {
        try TestSupport.run("/usr/bin/psql", [url, "-At", "-c", sql], environment: ["PATH": "/usr/bin"])
            .stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func webhook(_ fixture: FunctionFixture, _ function: String, _ body: Data, extra: [String: String] = [:]) throws -> Int {
        try fixture.cgi(function, method: "POST", path: "/webhooks", headers: ["Authorization": fixture.signer.authorization(for: body)],
            body: body, extraEnvironment: extra).status
    }

    @Test func fourHundredWebhooksSixteenAtATimeIncludingConcurrentDuplicates() async throws {
        let url = try Self.freshDatabaseURL()
        let fixture = try FunctionFixture(scenario: nil, databaseURL: url)
        // 200 inbound messages, and 20 outbound uuids each receiving submitted + delivered 5 times over (200
        // status webhooks, the same events arriving from many processes at once).
        var jobs: [(String, Data)] = (0..<200).map { ("inbound-sms", VonageWebhookBodies.inbound(text: "pg \($0)")) }
        let uuids = (0..<20).map { String(format: "abababab-0000-4000-8000-%012d", $0) }
        for round in 0..<10 {
            for uuid in uuids {
                jobs.append(("message-status", VonageWebhookBodies.status(uuid: uuid, status: round.isMultiple(of: 2) ? "delivered" : "submitted",
                    timestamp: round.isMultiple(of: 2) ? "2025-02-03T12:14:30Z" : "2025-02-03T12:14:25Z")))
            }
        }
        jobs.shuffle()
        #expect(jobs.count == 400)
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            var results: [Int] = []
            var next = 0
            for _ in 0..<16 where next < jobs.count {
                let job = jobs[next]; next += 1
                group.addTask { try webhook(fixture, job.0, job.1) }
            }
            while let status = try await group.next() {
                results.append(status)
                if next < jobs.count {
                    let job = jobs[next]; next += 1
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
        #expect(try query(url, "SELECT COUNT(*) FROM messages WHERE direction = 'outbound' AND status <> 'delivered'") == "0")
    }

    @Test func unreachableDatabaseIs503ThenTheRetryLandsOnce() throws {
        let url = try Self.freshDatabaseURL()
        let fixture = try FunctionFixture(scenario: nil, databaseURL: url)
        let body = VonageWebhookBodies.inbound(text: "while the database is down")
        let down = try fixture.cgi("inbound-sms", method: "POST", path: "/webhooks/inbound",
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

    @Test("a store that cannot be opened is 503 with Retry-After, and the log names the cause without secrets",
        arguments: OpenFailure.allCases)
    func storeOpenFailureIs503AndLogged(failure: OpenFailure) throws {
        let base = try Self.freshDatabaseURL()
        let fixture = try FunctionFixture(scenario: nil, databaseURL: base)
        let url: String, cause: String
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

    @Test func serverStoppedMidRunIs503AndRetriedWebhooksLandOnceAfterRestart() throws {
        // A private server (its own data folder and port) so stopping it disturbs no other test.
        let data = try TestSupport.makeTemporaryDirectory("pg-private")
        let script = TestSupport.packageRoot.appendingPathComponent("scripts/postgres-test-server.sh").path
        let port = String(try TestSupport.freePort())
        let env = ["PATH": "/usr/sbin:/usr/bin:/bin", "SMS_PG_DATA": data.appendingPathComponent("pg").path, "SMS_PG_PORT": port]
        func server(_ command: String) throws -> String {
            let result = try TestSupport.runDaemonizingOutput("/bin/bash", [script, command], environment: env,
                currentDirectory: TestSupport.packageRoot)
            return result.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        _ = try server("start")
        defer { _ = try? server("stop") }
        let url = try server("url")
        #expect(url.hasPrefix("postgres"))
        let fixture = try FunctionFixture(scenario: nil, databaseURL: url)
        let before = VonageWebhookBodies.inbound(text: "before the outage")
        #expect(try webhook(fixture, "inbound-sms", before) == 200)
        _ = try server("stop")
        let during = (0..<5).map { VonageWebhookBodies.inbound(text: "during the outage \($0)") }
        for body in during {
            let answer = try fixture.cgi("inbound-sms", method: "POST", path: "/webhooks/inbound",
                headers: ["Authorization": fixture.signer.authorization(for: body)], body: body)
            #expect(answer.status == 503)
            #expect(answer.headers["retry-after"] == "5")
        }
        _ = try server("start")
        for body in during + during { #expect(try webhook(fixture, "inbound-sms", body) == 200) }
        #expect(try query(url, "SELECT COUNT(*) FROM messages") == "6")
    }
}
