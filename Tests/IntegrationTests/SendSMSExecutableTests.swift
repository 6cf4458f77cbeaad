import Foundation
import TestSupport
import Testing

/// The built `send-sms` executable, run as a CGI program, against the loopback fake Vonage (which checks the JWT
/// and the body like the Messages API).
@Suite("send-sms executable against a fake Vonage", .requires(.venv))
struct SendSMSExecutableTests {
    func send(
        _ fixture: FunctionFixture, _ body: String, token: String? = nil, headers: [String: String] = [:],
        extra: [String: String] = [:]
    ) throws -> CGIResponse {
        var all = headers
        all["Authorization"] = "Bearer " + (token ?? fixture.apiToken)
        return try fixture.cgi(
            "send-sms", method: "POST", path: "/send-sms", headers: all, body: Data(body.utf8), extraEnvironment: extra)
    }

    @Test func acceptedMessageAnswers202AndIsRecorded() throws {
        let fixture = try FunctionFixture()
        let response = try send(fixture, #"{"to":"+1 (415) 555-0101","text":"Hello €uro","client_ref":"order-7"}"#)
        #expect(response.status == 202, "\(response.text) \(response.log)")
        let json = try response.json()
        let uuid = try #require(json["message_uuid"] as? String)
        #expect(json["status"] as? String == "submitted")
        #expect(json["to"] as? String == "14155550101")
        #expect(json["from"] as? String == "447700900000")
        #expect(json["segments"] as? Int == 1)
        #expect(json["encoding"] as? String == "text")
        #expect(json["client_ref"] as? String == "order-7")

        let calls = try #require(fixture.vonage).requests()
        #expect(calls.count == 1)
        let sent = try #require(calls.first?["body"] as? [String: Any])
        #expect(sent["to"] as? String == "14155550101")
        #expect(sent["channel"] as? String == "sms")
        #expect(sent["message_type"] as? String == "text")
        #expect(sent["text"] as? String == "Hello €uro")

        let stored = try fixture.cgi(
            "messages", method: "GET", path: "/messages/\(uuid)",
            headers: ["Authorization": "Bearer \(fixture.apiToken)"])
        #expect(stored.status == 200)
        let message = try stored.json()
        #expect(message["status"] as? String == "submitted")
        #expect(message["direction"] as? String == "outbound")
        #expect(message["client_ref"] as? String == "order-7")
        #expect(message["error_code"] is NSNull)
    }

    @Test func vonage422IsPassedThrough() throws {
        let fixture = try FunctionFixture(
            scenario: """
                [{"status":422,"headers":{"Content-Type":"application/json"},"body":{"type":"https://developer.vonage.com/api-errors/messages#1150","title":"Invalid params","detail":"The value of one or more parameters is invalid.","instance":"x","invalid_parameters":[{"name":"to","reason":"not a mobile"}]}}]
                """)
        let response = try send(fixture, #"{"to":"14155550101","text":"hi"}"#)
        #expect(response.status == 422)
        let params = try #require(try response.json()["invalid_params"] as? [[String: String]])
        #expect(params == [["name": "to", "reason": "not a mobile"]])
    }

    @Test func vonage401Is502WithoutVonageText() throws {
        let fixture = try FunctionFixture(
            scenario: """
                [{"status":401,"headers":{"Content-Type":"application/problem+json"},"body":{"type":"https://developer.vonage.com/api-errors/#unathorized","title":"You did not provide correct credentials.","detail":"Check that you're using the correct credentials","instance":"x"}}]
                """)
        let response = try send(fixture, #"{"to":"14155550101","text":"hi"}"#)
        #expect(response.status == 502)
        #expect(!response.text.contains("credentials."))
        #expect(!response.text.contains("correct credentials"))
        #expect(response.headers["content-type"] == "application/problem+json")
    }

    @Test func rateLimitedThenAcceptedMakesExactlyTwoCalls() throws {
        let fixture = try FunctionFixture(
            scenario: """
                [{"status":429,"headers":{"Retry-After":"1","Content-Type":"application/problem+json"},"body":{"type":"https://developer.vonage.com/api-errors#rate-limit","title":"Rate Limit Hit","instance":"x"}}]
                """)
        let response = try send(fixture, #"{"to":"14155550101","text":"hi"}"#)
        #expect(response.status == 202)
        #expect(try #require(fixture.vonage).requests().count == 2)
    }

    @Test func persistentServerErrorsAre503AfterTheRetryBudget() throws {
        let error =
            #"{"status":500,"headers":{"Content-Type":"application/problem+json"},"body":{"type":"https://developer.vonage.com/api-errors","title":"Internal Server Error","instance":"x"}}"#
        let fixture = try FunctionFixture(scenario: "[\(error),\(error),\(error),\(error)]")
        let response = try send(fixture, #"{"to":"14155550101","text":"hi"}"#)
        #expect(response.status == 503)
        // Vonage named no Retry-After, so the default applies.
        #expect(response.headers["retry-after"] == "5")
        // VONAGE_MAX_RETRIES=2 in the fixture: one call and two retries.
        #expect(try #require(fixture.vonage).requests().count == 3)
    }

    @Test func hungVonageIs504WithinTheDeadline() throws {
        let fixture = try FunctionFixture(scenario: #"[{"hang":10}]"#)
        let start = Date()
        let response = try send(fixture, #"{"to":"14155550101","text":"hi"}"#, extra: ["VONAGE_TIMEOUT_MS": "1500"])
        #expect(response.status == 504)
        #expect(Date().timeIntervalSince(start) < 4)
    }

    @Test(arguments: [
        (#"{"to":"123","text":"hi"}"#, "to"),
        (#"{"to":"0044 7700 900000","text":"hi"}"#, "to"),
        (#"{"to":"14155550101"}"#, "text"),
        (#"{"to":"14155550101","text":""}"#, "text"),
        (#"{"to":"14155550101","text":"hi","from":"Way Too Long Sender"}"#, "from"),
        (#"{"to":"14155550101","text":"hi","ttl":5}"#, "ttl"),
        (#"{"to":"14155550101","text":"hi","encoding":"binary"}"#, "encoding"),
        (#"{"to":14155550101,"text":"hi"}"#, "to"),
        (#"{"to":"14155550101","text":"hi","txt":"typo"}"#, "txt"),
    ])
    func invalidFieldsAre422NamingTheField(body: String, field: String) throws {
        let fixture = try FunctionFixture()
        let response = try send(fixture, body)
        #expect(response.status == 422, "\(response.text)")
        let params = try #require(try response.json()["invalid_params"] as? [[String: String]])
        #expect(params.contains { $0["name"] == field }, "\(params)")
        #expect(try #require(fixture.vonage).requests().isEmpty)
    }

    @Test func tooManySegmentsIs422() throws {
        let fixture = try FunctionFixture()
        let text = String(repeating: "a", count: 161)
        let response = try send(fixture, #"{"to":"14155550101","text":"\#(text)"}"#, extra: ["SMS_MAX_SEGMENTS": "1"])
        #expect(response.status == 422)
        #expect(response.text.contains("segments"))
    }

    @Test func malformedJSONIs400AndWrongContentTypeIs415() throws {
        let fixture = try FunctionFixture()
        #expect(try send(fixture, #"{"to":"#).status == 400)
        let form = try send(fixture, "to=1&text=hi", headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(form.status == 415)
    }

    @Test func wrongOrMissingTokenIs401() throws {
        let fixture = try FunctionFixture()
        let wrong = try send(fixture, #"{"to":"14155550101","text":"hi"}"#, token: "not-the-token-0123456789")
        #expect(wrong.status == 401)
        #expect(wrong.headers["www-authenticate"] == "Bearer")
        let missing = try fixture.cgi("send-sms", method: "POST", path: "/send-sms", body: Data("{}".utf8))
        #expect(missing.status == 401)
        #expect(try #require(fixture.vonage).requests().isEmpty)
    }

    @Test func missingTokenConfigurationIs503NamingTheVariableOnlyInTheLog() throws {
        let fixture = try FunctionFixture()
        let response = try send(fixture, #"{"to":"14155550101","text":"hi"}"#, extra: ["SMS_API_TOKEN": ""])
        #expect(response.status == 503)
        #expect(!response.text.contains("SMS_API_TOKEN"))
        #expect(response.log.contains("SMS_API_TOKEN"))
    }

    @Test(arguments: DatabaseRoute.available)
    func idempotencyKeyAcrossProcessesSendsOnce(route: DatabaseRoute) throws {
        let fixture = try FunctionFixture(databaseURL: try route.freshDatabaseURL())
        let body = #"{"to":"14155550101","text":"once"}"#
        let first = try send(fixture, body, headers: ["Idempotency-Key": "order-42"])
        let second = try send(fixture, body, headers: ["Idempotency-Key": "order-42"])
        #expect(first.status == 202)
        #expect(second.status == 202)
        #expect(second.headers["idempotent-replayed"] == "true")
        #expect(try first.json()["message_uuid"] as? String == second.json()["message_uuid"] as? String)
        #expect(try #require(fixture.vonage).requests().count == 1)
        let different = try send(
            fixture, #"{"to":"14155550101","text":"other"}"#, headers: ["Idempotency-Key": "order-42"])
        #expect(different.status == 422)
        #expect(try #require(fixture.vonage).requests().count == 1)
    }

    /// Rate limits count in fixed one-minute windows: a test whose sends straddle a window boundary would see the
    /// count reset. When less than `seconds` of the current window remain, waits for the next one to begin.
    func awaitRoomInTheRateWindow(_ seconds: Double = 30) {
        let intoWindow = Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 60)
        if 60 - intoWindow < seconds { Thread.sleep(forTimeInterval: 60 - intoWindow + 0.1) }
    }

    @Test(arguments: DatabaseRoute.available)
    func aReplayIsAnsweredBeforeTheRateLimitAndOptOutChecks(route: DatabaseRoute) throws {
        let fixture = try FunctionFixture(databaseURL: try route.freshDatabaseURL())
        awaitRoomInTheRateWindow()
        let body = #"{"to":"14155550101","text":"first"}"#
        let limit = ["SMS_RATE_LIMIT_PER_MINUTE": "1"]
        #expect(try send(fixture, body, headers: ["Idempotency-Key": "k-1"], extra: limit).status == 202)
        let stop = VonageWebhookBodies.inbound(from: "+14155550101", text: "STOP")
        #expect(
            try fixture.cgi(
                "inbound-sms", method: "POST", path: "/webhooks/inbound",
                headers: ["Authorization": fixture.signer.authorization(for: stop)], body: stop
            ).status == 200)
        let replay = try send(fixture, body, headers: ["Idempotency-Key": "k-1"], extra: limit)
        #expect(replay.status == 202)
        #expect(replay.headers["idempotent-replayed"] == "true")
        // A new request is rate limited; once the window passes it would be refused as opted out.
        #expect(try send(fixture, #"{"to":"14155550102","text":"x"}"#, extra: limit).status == 429)
        #expect(try #require(fixture.vonage).requests().count == 1)
    }

    @Test func droppedConnectionAfterSendingIs504AndTheKeyIsKept() throws {
        let fixture = try FunctionFixture(scenario: #"[{"close":true}]"#)
        let body = #"{"to":"14155550101","text":"maybe sent"}"#
        let first = try send(fixture, body, headers: ["Idempotency-Key": "k-2"])
        #expect(first.status == 504)
        let retry = try send(fixture, body, headers: ["Idempotency-Key": "k-2"])
        #expect(retry.status == 504)
        #expect(retry.headers["idempotent-replayed"] == "true")
        #expect(try #require(fixture.vonage).requests().count == 1)
    }

    @Test(arguments: DatabaseRoute.available)
    func vonageUnavailableFreesTheKeySoTheRetrySends(route: DatabaseRoute) throws {
        let error =
            #"{"status":503,"headers":{"Content-Type":"application/problem+json"},"body":{"type":"x","title":"Unavailable","instance":"i"}}"#
        let fixture = try FunctionFixture(
            scenario: "[\(error),\(error),\(error)]", databaseURL: try route.freshDatabaseURL())
        let body = #"{"to":"14155550101","text":"retry me"}"#
        #expect(try send(fixture, body, headers: ["Idempotency-Key": "k-3"]).status == 503)
        #expect(try send(fixture, body, headers: ["Idempotency-Key": "k-3"]).status == 202)
        #expect(try #require(fixture.vonage).requests().count == 4)
    }

    @Test(arguments: [
        #"[{"status":202,"body":"this is not json","headers":{"Content-Type":"application/json"}}]"#,
        #"[{"status":202,"body":{"workflow_id":"w-1"}}]"#,
    ])
    func acceptedWithoutAMessageUUIDIs504OutcomeUnknownWithTheKeyKept(scenario: String) throws {
        let fixture = try FunctionFixture(scenario: scenario)
        let body = #"{"to":"14155550101","text":"hi"}"#
        let response = try send(fixture, body, headers: ["Idempotency-Key": "k-uuidless"])
        #expect(response.status == 504)
        #expect((try response.json()["detail"] as? String)?.contains("may or may not have been sent") == true)
        #expect(response.log.contains(#""error":"Vonage outcome unknown""#))
        // The key keeps the answer: a retry with it must not send a second message that may already be out.
        let replay = try send(fixture, body, headers: ["Idempotency-Key": "k-uuidless"])
        #expect(replay.status == 504)
        #expect(replay.headers["idempotent-replayed"] == "true")
        #expect(try #require(fixture.vonage).requests().count == 1)
        let list = try fixture.cgi(
            "messages", method: "GET", path: "/messages",
            headers: ["Authorization": "Bearer \(fixture.apiToken)"])
        #expect((try list.json()["messages"] as? [[String: Any]])?.isEmpty == true)
    }

    @Test func slowAnswerWithinTheBudgetStillSucceeds() throws {
        let fixture = try FunctionFixture(scenario: #"[{"status":202,"hang":1}]"#)
        let response = try send(fixture, #"{"to":"14155550101","text":"hi"}"#, extra: ["VONAGE_TIMEOUT_MS": "3000"])
        #expect(response.status == 202)
        #expect(try #require(fixture.vonage).requests().count == 1)
    }

    @Test(arguments: DatabaseRoute.available)
    func rateLimitPerTokenAcrossProcesses(route: DatabaseRoute) throws {
        let fixture = try FunctionFixture(databaseURL: try route.freshDatabaseURL())
        awaitRoomInTheRateWindow()
        let statuses = try (0..<4).map { _ in
            try send(fixture, #"{"to":"14155550101","text":"hi"}"#, extra: ["SMS_RATE_LIMIT_PER_MINUTE": "3"])
        }
        #expect(statuses.map(\.status) == [202, 202, 202, 429])
        #expect(statuses[3].headers["retry-after"].flatMap(Int.init).map { $0 >= 1 && $0 <= 60 } == true)
        #expect(try #require(fixture.vonage).requests().count == 3)
    }
}
