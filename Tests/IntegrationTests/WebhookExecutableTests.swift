import Foundation
import TestSupport
import Testing

/// The built webhook executables (inbound-sms, message-status) and messages, run as CGI programs against one
/// SQLite file (and, for the storing behaviour, PostgreSQL direct and through PgBouncer), with bodies signed
/// exactly like Vonage signs them.
@Suite("Webhook executables")
struct WebhookExecutableTests {
    func webhook(
        _ fixture: FunctionFixture, _ function: String, _ body: Data, authorization: String? = nil,
        extra: [String: String] = [:]
    ) throws -> CGIResponse {
        let path = function == "inbound-sms" ? "/webhooks/inbound" : "/webhooks/status"
        var headers: [String: String] = [:]
        if let value = authorization ?? Optional(fixture.signer.authorization(for: body)), !value.isEmpty {
            headers["Authorization"] = value
        }
        return try fixture.cgi(
            function, method: "POST", path: path, headers: headers, body: body, extraEnvironment: extra)
    }

    func message(_ fixture: FunctionFixture, _ uuid: String) throws -> [String: Any]? {
        let response = try fixture.cgi(
            "messages", method: "GET", path: "/messages/\(uuid)",
            headers: ["Authorization": "Bearer \(fixture.apiToken)"])
        return response.status == 200 ? try response.json() : nil
    }

    func send(_ fixture: FunctionFixture, to: String) throws -> CGIResponse {
        try fixture.cgi(
            "send-sms", method: "POST", path: "/send-sms", headers: ["Authorization": "Bearer \(fixture.apiToken)"],
            body: Data(#"{"to":"\#(to)","text":"hello"}"#.utf8))
    }

    @Test(.requires(.venv), arguments: DatabaseRoute.available)
    func statusSequenceSubmittedThenDeliveredAndLateSubmittedStaysDelivered(route: DatabaseRoute) throws {
        let fixture = try FunctionFixture(databaseURL: try route.freshDatabaseURL())
        let sent = try send(fixture, to: "14155550101")
        let uuid = try #require(try sent.json()["message_uuid"] as? String)
        let submitted = VonageWebhookBodies.status(uuid: uuid, status: "submitted", timestamp: "2025-02-03T12:14:25Z")
        let delivered = VonageWebhookBodies.status(uuid: uuid, status: "delivered", timestamp: "2025-02-03T12:14:30Z")
        #expect(try webhook(fixture, "message-status", delivered).status == 200)
        #expect(try webhook(fixture, "message-status", submitted).status == 200)
        let duplicate = try webhook(fixture, "message-status", delivered)
        #expect(duplicate.status == 200)
        #expect(try duplicate.json()["status"] as? String == "duplicate")
        let stored = try #require(try message(fixture, uuid))
        #expect(stored["status"] as? String == "delivered")
        let events = try #require(stored["events"] as? [[String: Any]])
        #expect(events.map { $0["status"] as? String } == ["submitted", "delivered"])
        #expect(stored["price"] as? String == "0.0333")
    }

    @Test(.requires(.venv)) func rejectedCarriesTheErrorCode() throws {
        let fixture = try FunctionFixture()
        let uuid = try #require(try send(fixture, to: "14155550101").json()["message_uuid"] as? String)
        let rejected = VonageWebhookBodies.status(uuid: uuid, status: "rejected", errorCode: "1360")
        #expect(try webhook(fixture, "message-status", rejected).status == 200)
        let stored = try #require(try message(fixture, uuid))
        #expect(stored["status"] as? String == "rejected")
        #expect(stored["error_code"] as? String == "1360")
        #expect(stored["error_detail"] as? String == "Message was rejected")
    }

    @Test(arguments: DatabaseRoute.available)
    func statusBeforeTheSendRecordIsKept(route: DatabaseRoute) throws {
        let fixture = try FunctionFixture(scenario: nil, databaseURL: try route.freshDatabaseURL())
        let uuid = UUID().uuidString.lowercased()
        #expect(
            try webhook(fixture, "message-status", VonageWebhookBodies.status(uuid: uuid, status: "delivered")).status
                == 200)
        let stored = try #require(try message(fixture, uuid))
        #expect(stored["status"] as? String == "delivered")
    }

    @Test("the write-ahead log stays bounded when every webhook is its own process")
    func walStaysBoundedAcrossProcesses() throws {
        let fixture = try FunctionFixture(scenario: nil)
        let wal = fixture.directory.appendingPathComponent("data/sms.sqlite-wal").path
        var largest = 0
        for index in 0..<120 {
            let body = VonageWebhookBodies.inbound(text: "message \(index) " + String(repeating: "x", count: 400))
            #expect(try webhook(fixture, "inbound-sms", body).status == 200)
            let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
            largest = max(largest, size)
        }
        // Each webhook adds about 6 pages; without truncating checkpoints the WAL passed 2.5 MB by now. The keeper
        // truncates at 200 pages (800 KiB), so it never holds much more than that plus one transaction.
        #expect(largest > 0)
        #expect(largest < 1_000_000, "WAL reached \(largest) bytes")
    }

    @Test(arguments: DatabaseRoute.available)
    func inboundIsStoredOnceAndListed(route: DatabaseRoute) throws {
        let fixture = try FunctionFixture(scenario: nil, databaseURL: try route.freshDatabaseURL())
        let body = VonageWebhookBodies.inbound(text: "Hi there")
        let first = try webhook(fixture, "inbound-sms", body)
        let second = try webhook(fixture, "inbound-sms", body)
        #expect(first.status == 200)
        #expect(try first.json()["status"] as? String == "stored")
        #expect(try second.json()["status"] as? String == "duplicate")
        let list = try fixture.cgi(
            "messages", method: "GET", path: "/messages", query: "direction=inbound",
            headers: ["Authorization": "Bearer \(fixture.apiToken)"])
        let messages = try #require(try list.json()["messages"] as? [[String: Any]])
        #expect(messages.count == 1)
        #expect(messages.first?["text"] as? String == "Hi there")
        #expect(messages.first?["events"] == nil)
    }

    @Test(.requires(.venv), arguments: DatabaseRoute.available)
    func stopThenSendIs409AndStartThenSendIs202(route: DatabaseRoute) throws {
        let fixture = try FunctionFixture(databaseURL: try route.freshDatabaseURL())
        let stop = VonageWebhookBodies.inbound(from: "14155550101", text: "Stop")
        #expect(try webhook(fixture, "inbound-sms", stop).status == 200)
        let refused = try send(fixture, to: "+14155550101")
        #expect(refused.status == 409)
        #expect(try #require(fixture.vonage).requests().isEmpty)
        let start = VonageWebhookBodies.inbound(from: "14155550101", text: "START")
        #expect(try webhook(fixture, "inbound-sms", start).status == 200)
        #expect(try send(fixture, to: "14155550101").status == 202)
    }

    @Test func forgedTamperedAndUnsignedWebhooks() throws {
        let fixture = try FunctionFixture(scenario: nil)
        let body = VonageWebhookBodies.inbound()
        let wrongSecret = VonageWebhookSigner(secret: "not-the-secret-0123456789abcdef").authorization(for: body)
        #expect(try webhook(fixture, "inbound-sms", body, authorization: wrongSecret).status == 401)
        let tampered = VonageWebhookBodies.inbound(text: "tampered")
        #expect(
            try webhook(fixture, "inbound-sms", tampered, authorization: fixture.signer.authorization(for: body)).status
                == 401)
        let future = fixture.signer.authorization(for: body, issuedAt: Date().addingTimeInterval(3600))
        #expect(try webhook(fixture, "inbound-sms", body, authorization: future).status == 401)
        let unsigned = try webhook(fixture, "inbound-sms", body, authorization: "")
        #expect(unsigned.status == 503)
        #expect(unsigned.headers["retry-after"] == "30")
        let unconfigured = try webhook(fixture, "inbound-sms", body, extra: ["VONAGE_SIGNATURE_SECRET": ""])
        #expect(unconfigured.status == 503)
        let off = try webhook(
            fixture, "inbound-sms", body, authorization: "",
            extra: ["VONAGE_SIGNATURE_SECRET": "", "VONAGE_WEBHOOK_VERIFY": "off"])
        #expect(off.status == 200)
    }

    @Test func tokenWithoutPayloadHashIsRefusedForABody() throws {
        let fixture = try FunctionFixture(scenario: nil)
        let uuid = UUID().uuidString.lowercased()
        let body = VonageWebhookBodies.inbound(uuid: uuid, from: "14155550101", text: "STOP")
        let response = try webhook(
            fixture, "inbound-sms", body, authorization: fixture.signer.authorization(for: body, payloadHash: false))
        #expect(response.status == 401)
        #expect(
            try response.json()["detail"] as? String
                == "The token has no payload_hash, so it does not vouch for this body.")
        #expect(try message(fixture, uuid) == nil)
    }

    @Test func tokenAgeIsLimitedToTwentyFiveHoursByDefaultAndByVonageWebhookMaxAge() throws {
        let fixture = try FunctionFixture(scenario: nil)
        func attempt(ageSeconds: Double, extra: [String: String] = [:]) throws -> Int {
            let body = VonageWebhookBodies.inbound()
            let token = fixture.signer.authorization(for: body, issuedAt: Date().addingTimeInterval(-ageSeconds))
            return try webhook(fixture, "inbound-sms", body, authorization: token, extra: extra).status
        }
        #expect(try attempt(ageSeconds: 3 * 86_400) == 401)
        #expect(try attempt(ageSeconds: 3600) == 200)
        #expect(try attempt(ageSeconds: 24 * 3600) == 200)
        #expect(try attempt(ageSeconds: 3600, extra: ["VONAGE_WEBHOOK_MAX_AGE": "30m"]) == 401)
        #expect(try attempt(ageSeconds: 600, extra: ["VONAGE_WEBHOOK_MAX_AGE": "1800"]) == 200)
        let invalid = try webhook(
            fixture, "inbound-sms", VonageWebhookBodies.inbound(), extra: ["VONAGE_WEBHOOK_MAX_AGE": "forever"])
        #expect(invalid.status == 503)
        #expect(invalid.log.contains("VONAGE_WEBHOOK_MAX_AGE"))
    }

    @Test func tokenOfAnotherApplicationIsRefusedWhenVonageApplicationIDIsSet() throws {
        let fixture = try FunctionFixture(scenario: nil)
        let body = VonageWebhookBodies.status(uuid: UUID().uuidString.lowercased(), status: "delivered")
        let other = fixture.signer.authorization(for: body, applicationID: "ffffffff-bbbb-4ccc-8ddd-0123456789ab")
        #expect(try webhook(fixture, "message-status", body, authorization: other).status == 401)
        // Without VONAGE_APPLICATION_ID any application of the account is accepted.
        #expect(
            try webhook(
                fixture, "message-status", body, authorization: other,
                extra: ["VONAGE_APPLICATION_ID": ""]
            ).status == 200)
        #expect(try webhook(fixture, "message-status", body).status == 200)
    }

    @Test func verificationOffIsLoggedAsAnErrorAtStartAndAWarningPerRequest() throws {
        let fixture = try FunctionFixture(scenario: nil)
        let response = try webhook(
            fixture, "inbound-sms", VonageWebhookBodies.inbound(), authorization: "",
            extra: ["VONAGE_WEBHOOK_VERIFY": "off"])
        #expect(response.status == 200)
        let lines = response.log.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        func logged(_ level: String, _ message: String) -> Bool {
            lines.contains { $0["level"] as? String == level && $0["msg"] as? String == message }
        }
        #expect(logged("error", "webhook verification is off"))
        #expect(logged("warning", "webhook accepted unverified"))
        let verified = try webhook(fixture, "inbound-sms", VonageWebhookBodies.inbound())
        #expect(!verified.log.contains("verification is off") && !verified.log.contains("unverified"))
    }

    @Test func messagesResolvesItsIdFromScriptNamePlusPathInfoUnderCGI() throws {
        let fixture = try FunctionFixture(scenario: nil)
        let uuid = UUID().uuidString.lowercased()
        let body = VonageWebhookBodies.inbound(uuid: uuid, text: "split")
        #expect(try webhook(fixture, "inbound-sms", body).status == 200)
        let auth = ["Authorization": "Bearer \(fixture.apiToken)"]
        for (script, info) in [("/messages", "/\(uuid)"), ("", "/messages/\(uuid)")] {
            let one = try fixture.cgi("messages", method: "GET", path: script, pathInfo: info, headers: auth)
            #expect(one.status == 200, "SCRIPT_NAME=\(script) PATH_INFO=\(info)")
            #expect(try one.json()["message_uuid"] as? String == uuid)
            #expect(try one.json()["events"] != nil)
        }
        for (script, info) in [("/messages", ""), ("", "/messages")] {
            let list = try fixture.cgi("messages", method: "GET", path: script, pathInfo: info, headers: auth)
            #expect(list.status == 200, "SCRIPT_NAME=\(script) PATH_INFO=\(info)")
            let messages = try #require(try list.json()["messages"] as? [[String: Any]])
            #expect(messages.map { $0["message_uuid"] as? String } == [uuid])
        }
    }

    @Test func invalidPayloadIs422AndGarbageIs400() throws {
        let fixture = try FunctionFixture(scenario: nil)
        let missing = Data(#"{"channel":"sms","to":"447700900000"}"#.utf8)
        let response = try webhook(fixture, "inbound-sms", missing)
        #expect(response.status == 422)
        let names = try #require(try response.json()["invalid_params"] as? [[String: String]]).compactMap { $0["name"] }
        #expect(names.contains("message_uuid"))
        #expect(try webhook(fixture, "message-status", Data("[1,2]".utf8)).status == 400)
    }

    @Test func unwritableStoreIs503AndNothingIsAcknowledged() throws {
        let fixture = try FunctionFixture(scenario: nil, databaseURL: "sqlite:///proc/forbidden/sms.sqlite")
        let response = try webhook(fixture, "inbound-sms", VonageWebhookBodies.inbound())
        #expect(response.status == 503)
        #expect(response.headers["retry-after"] == "5")
        let health = try fixture.cgi("health", method: "GET", path: "/health")
        #expect(health.status == 503)
    }

    @Test func twoHundredWebhooksEightAtATimeAllLandExactlyOnce() async throws {
        let fixture = try FunctionFixture(scenario: nil)
        let bodies = (0..<200).map { index in
            index.isMultiple(of: 2)
                ? ("inbound-sms", VonageWebhookBodies.inbound(text: "message \(index)"))
                : (
                    "message-status",
                    VonageWebhookBodies.status(uuid: UUID().uuidString.lowercased(), status: "delivered")
                )
        }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            var results: [Int] = []
            var next = 0
            func add() {
                let (function, body) = bodies[next]
                next += 1
                group.addTask { try webhook(fixture, function, body).status }
            }
            for _ in 0..<8 { add() }
            while let status = try await group.next() {
                results.append(status)
                if next < bodies.count { add() }
            }
            return results
        }
        #expect(statuses.count == 200)
        #expect(statuses.allSatisfy { $0 == 200 }, "\(Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count))")
        var total = 0
        var cursor: String?
        repeat {
            let query = "limit=100" + (cursor.map { "&cursor=\($0)" } ?? "")
            let page = try fixture.cgi(
                "messages", method: "GET", path: "/messages", query: query,
                headers: ["Authorization": "Bearer \(fixture.apiToken)"]
            ).json()
            total += (page["messages"] as? [[String: Any]])?.count ?? 0
            cursor = page["next_cursor"] as? String
        } while cursor != nil
        #expect(total == 200)
    }

    @Test func messagesQueryValidationAndNotFound() throws {
        let fixture = try FunctionFixture(scenario: nil)
        let auth = ["Authorization": "Bearer \(fixture.apiToken)"]
        let bad = try fixture.cgi(
            "messages", method: "GET", path: "/messages", query: "limit=500&direction=sideways&since=yesterday",
            headers: auth)
        #expect(bad.status == 422)
        let names = try #require(try bad.json()["invalid_params"] as? [[String: String]]).compactMap { $0["name"] }
        #expect(Set(names) == ["limit", "direction", "since"])
        #expect(
            try fixture.cgi("messages", method: "GET", path: "/messages", query: "cursor=garbage!", headers: auth)
                .status == 422)
        #expect(try fixture.cgi("messages", method: "GET", path: "/messages/unknown-uuid", headers: auth).status == 404)
        #expect(try fixture.cgi("messages", method: "GET", path: "/messages").status == 401)
        #expect(try fixture.cgi("messages", method: "DELETE", path: "/messages", headers: auth).status == 405)
    }
}
