import Foundation
import TestSupport
import Testing

/// Faults with real processes: the store locked or gone, a function killed mid-write, concurrent duplicates.
/// The rule under test: never acknowledge what was not stored, never store anything twice.
@Suite("Faults lose nothing")
struct FaultTests {
    func sqlitePath(_ fixture: FunctionFixture) -> String {
        String(fixture.databaseURL.dropFirst("sqlite://".count))
    }

    func count(_ fixture: FunctionFixture, _ sql: String) throws -> Int {
        let result = try TestSupport.run(
            "/usr/bin/python3",
            [
                "-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])",
                sqlitePath(fixture), sql,
            ], environment: ["PATH": "/usr/bin"])
        return Int(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    func webhook(_ fixture: FunctionFixture, _ function: String, _ body: Data, extra: [String: String] = [:]) throws
        -> CGIResponse
    {
        try fixture.cgi(
            function, method: "POST", path: "/webhooks",
            headers: ["Authorization": fixture.signer.authorization(for: body)],
            body: body, extraEnvironment: extra)
    }

    @Test func storeLockedBeyondTheBusyTimeoutIs503ThenTheRetryLandsOnce() throws {
        let fixture = try FunctionFixture(scenario: nil)
        #expect(try fixture.cgi("health", method: "GET", path: "/health").status == 200)  // creates the database
        let holder = try BackgroundProcess(
            "/usr/bin/python3",
            [
                "-c",
                "import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(60)",
                sqlitePath(fixture),
            ])
        defer { holder.stop() }
        let deadline = Date().addingTimeInterval(10)
        while !holder.output.contains("locked") && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let body = VonageWebhookBodies.inbound(text: "during the outage")
        let refused = try webhook(fixture, "inbound-sms", body, extra: ["DATABASE_BUSY_TIMEOUT_MS": "200"])
        #expect(refused.status == 503)
        #expect(refused.headers["retry-after"] == "5")
        holder.stop()
        let retried = try webhook(fixture, "inbound-sms", body)
        #expect(retried.status == 200)
        #expect(try retried.json()["status"] as? String == "stored")
        #expect(try webhook(fixture, "inbound-sms", body).status == 200)
        #expect(try count(fixture, "SELECT COUNT(*) FROM messages") == 1)
    }

    @Test func sixteenConcurrentDuplicatesMakeOneRowAndOneEvent() async throws {
        let fixture = try FunctionFixture(scenario: nil)
        let body = VonageWebhookBodies.status(uuid: "dddddddd-0000-4000-8000-000000000001", status: "delivered")
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<16 { group.addTask { try webhook(fixture, "message-status", body).status } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 16))
        #expect(try count(fixture, "SELECT COUNT(*) FROM messages") == 1)
        #expect(try count(fixture, "SELECT COUNT(*) FROM message_events") == 1)
    }

    @Test func functionsKilledMidWriteLeaveAConsistentDatabase() throws {
        let fixture = try FunctionFixture(scenario: nil)
        #expect(try fixture.cgi("health", method: "GET", path: "/health").status == 200)
        var env = fixture.environment
        env.merge(["GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "POST", "SCRIPT_NAME": "/webhooks/inbound"]) { $1 }
        var acknowledged: [String] = []
        for round in 0..<40 {
            let uuid = String(format: "eeeeeeee-0000-4000-8000-%012d", round)
            let body = VonageWebhookBodies.inbound(uuid: uuid, text: "round \(round)")
            var roundEnv = env
            roundEnv["CONTENT_LENGTH"] = String(body.count)
            roundEnv["CONTENT_TYPE"] = "application/json"
            roundEnv["HTTP_AUTHORIZATION"] = fixture.signer.authorization(for: body)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: FunctionFixture.executable("inbound-sms"))
            process.environment = roundEnv
            let input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            input.fileHandleForWriting.write(body)
            try input.fileHandleForWriting.close()
            // Kill at a different moment each round: before, during or after the write.
            usleep(UInt32((round % 10) * 400))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let answer = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            if answer.hasPrefix("Status: 200") { acknowledged.append(uuid) }
        }
        let integrity = try TestSupport.run(
            "/usr/bin/python3",
            [
                "-c",
                "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])",
                sqlitePath(fixture),
            ], environment: ["PATH": "/usr/bin"])
        #expect(integrity.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
        // Every acknowledged webhook is stored; Vonage retries the rest and each lands exactly once.
        for uuid in acknowledged {
            #expect(try count(fixture, "SELECT COUNT(*) FROM messages WHERE message_uuid = '\(uuid)'") == 1)
        }
        for round in 0..<40 {
            let uuid = String(format: "eeeeeeee-0000-4000-8000-%012d", round)
            #expect(
                try webhook(fixture, "inbound-sms", VonageWebhookBodies.inbound(uuid: uuid, text: "round \(round)"))
                    .status == 200)
        }
        #expect(try count(fixture, "SELECT COUNT(*) FROM messages") == 40)
    }

    @Test func pathTricksInMessageIDAreHarmless() throws {
        let fixture = try FunctionFixture(scenario: nil)
        let auth = ["Authorization": "Bearer \(fixture.apiToken)"]
        for path in [
            "/messages/..%2F..%2Fetc%2Fpasswd", "/messages/' OR 1=1 --", "/messages/%00", "/messages/\u{1F600}",
        ] {
            let response = try fixture.cgi("messages", method: "GET", path: path, headers: auth)
            #expect(response.status == 404, "\(path): \(response.text)")
        }
    }
}
