import Foundation
import TestSupport
import Testing
import Vonage

/// The real client (OpenSSLTransport) against `Tests/Python/fake_vonage.py` on 127.0.0.1.
@Suite("Messages client against the loopback fake Vonage", .requires(.venv))
struct MessagesClientFakeTests {
    let sms = OutboundSMS(
        to: "447700900000", from: "AcmeInc", text: "Hello €", clientRef: "ref-1", ttl: 600, encodingType: .auto)

    func start(_ scenario: String? = nil) throws -> FakeVonage {
        try FakeVonage(
            publicKeyPath: Fixtures.keys().pkcs8PublicPath, scenario: scenario, applicationId: Fixtures.applicationId)
    }

    func client(_ fake: FakeVonage, timeout: Double = 3, maxRetries: Int = 3, keyPath: String? = nil) throws
        -> MessagesClient
    {
        let key = try VonagePrivateKey.fromFile(path: keyPath ?? Fixtures.keys().pkcs8Path)
        let config = try VonageClientConfiguration(
            applicationId: Fixtures.applicationId, privateKey: key, baseURL: fake.baseURL, timeout: timeout,
            maxRetries: maxRetries)
        return MessagesClient(configuration: config)
    }

    func failure(_ client: MessagesClient, _ message: OutboundSMS? = nil) -> VonageError? {
        do throws(VonageError) {
            _ = try client.sendSMS(message ?? sms)
            return nil
        } catch {
            return error
        }
    }

    @Test("a send is accepted: uuid parsed, JWT accepted, headers and body as the Messages API wants")
    func success() throws {
        let fake = try start()
        defer { fake.stop() }
        let result = try client(fake).sendSMS(sms)
        #expect(UUID(uuidString: result.messageUUID) != nil)
        #expect(result.attempts == 1)

        let logged = try fake.requests()
        try #require(logged.count == 1)
        let request = logged[0]
        #expect(request["path"] as? String == "/v1/messages")
        #expect(request["status"] as? Int == 202)
        let claims = try #require(request["jwt_claims"] as? [String: Any])
        #expect(claims["application_id"] as? String == Fixtures.applicationId)
        let headers = try #require(request["headers"] as? [String: String])
        let lowered = Dictionary(uniqueKeysWithValues: headers.map { ($0.key.lowercased(), $0.value) })
        #expect(lowered["content-type"] == "application/json")
        #expect(lowered["accept"] == "application/json")
        #expect(lowered["user-agent"]?.hasPrefix("sms-functions/") == true)
        #expect(lowered["authorization"]?.hasPrefix("Bearer ey") == true)
        let body = try #require(request["body"] as? NSDictionary)
        #expect(body["channel"] as? String == "sms")
        #expect(body["message_type"] as? String == "text")
        #expect(body["text"] as? String == "Hello €")
        #expect((body["sms"] as? [String: String]) == ["encoding_type": "auto"])
    }

    @Test("the body equals what the official Python SDK serialises for the same SMS", .requires(.venv))
    func bodyMatchesSDK() throws {
        let fake = try start()
        defer { fake.stop() }
        _ = try client(fake).sendSMS(sms)
        _ = try client(fake).sendSMS(OutboundSMS(to: "14155550101", from: "14155550100", text: "plain"))
        let sdk = try Fixtures.python(
            """
            import json
            from vonage_messages import Sms, SmsOptions
            a = Sms(to="447700900000", from_="AcmeInc", text="Hello €", client_ref="ref-1", ttl=600,
                    sms=SmsOptions(encoding_type="auto"))
            b = Sms(to="14155550101", from_="14155550100", text="plain")
            print(json.dumps([m.model_dump(by_alias=True, exclude_none=True) for m in (a, b)]))
            """)
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(sdk.utf8)) as? [NSDictionary])
        let sent = try fake.requests().compactMap { $0["body"] as? NSDictionary }
        #expect(sent == expected)
    }

    @Test("a 422 passes Vonage's invalid_parameters through, and maps to our 422")
    func invalidParameters() throws {
        let fake = try start()
        defer { fake.stop() }
        let bad = OutboundSMS(to: "+447700900000", from: "AcmeInc", text: "hi")
        let error = failure(try client(fake), bad)
        guard case .invalidParameters(let parameters, let detail) = error else {
            Issue.record("expected invalidParameters, got \(String(describing: error))")
            return
        }
        #expect(parameters.map(\.name) == ["to"])
        #expect(detail == "The value of one or more parameters is invalid.")
        let mapped = try #require(error).publicFailure
        #expect(mapped.status == 422)
        #expect(mapped.invalidParams == parameters)
        #expect(try fake.requests().count == 1)
    }

    @Test("a JWT signed with the wrong key is refused: unauthorized, mapped to 502 without Vonage's text")
    func wrongKeyIsUnauthorized() throws {
        let fake = try start()
        defer { fake.stop() }
        let error = failure(try client(fake, keyPath: Fixtures.keys().pkcs1Path))
        #expect(error == .unauthorized(status: 401))
        let mapped = try #require(error).publicFailure
        #expect(mapped.status == 502)
        #expect(mapped.title == "Vonage refused our credentials")
        #expect(!mapped.detail.contains("correct credentials") && !mapped.title.contains("correct credentials"))
        #expect(try fake.requests().count == 1)
    }

    @Test(
        "scripted refusals map to their typed errors after exactly one call",
        arguments: [
            (
                #"{"status":401,"body":{"type":"https://developer.vonage.com/api-errors/#unathorized","#
                    + #""title":"You did not provide correct credentials.","instance":"i"}}"#,
                VonageError.unauthorized(status: 401)
            ),
            (#"{"status":403,"body":{"title":"Forbidden","instance":"i"}}"#, .unauthorized(status: 403)),
            (
                #"{"status":402,"body":{"type":"https://developer.nexmo.com/api-errors/#low-balance","#
                    + #""title":"Low balance","instance":"i"}}"#, .insufficientBalance
            ),
            (
                #"{"status":404,"body":{"title":"Not Found","instance":"i"}}"#,
                .rejected(status: 404, title: "Not Found")
            ),
            (#"{"status":202,"body":{}}"#, .acceptedWithoutMessageUUID),
            (#"{"status":202,"body":"accepted"}"#, .acceptedWithoutMessageUUID),
        ])
    func scriptedRefusals(entry: String, expected: VonageError) throws {
        let fake = try start("[\(entry)]")
        defer { fake.stop() }
        #expect(failure(try client(fake)) == expected)
        #expect(try fake.requests().count == 1)
        if case .unauthorized = expected {
            let mapped = expected.publicFailure
            #expect(mapped.status == 502 && !mapped.detail.contains("You did not provide"))
        }
    }

    @Test("429 with Retry-After: 1, then 202: success after exactly two calls, a second apart")
    func rateLimitedThenAccepted() throws {
        let fake = try start(#"[{"status":429,"headers":{"Retry-After":"1"},"body":{"title":"Rate Limit Hit"}}]"#)
        defer { fake.stop() }
        let started = Date()
        let result = try client(fake, timeout: 3).sendSMS(sms)
        #expect(result.attempts == 2)
        #expect(Date().timeIntervalSince(started) >= 1)
        #expect(try fake.requests().map { $0["status"] as? Int } == [429, 202])
    }

    @Test("500 on every call: unavailable after maxRetries + 1 calls")
    func serverErrorsExhaustRetries() throws {
        let entry = #"{"status":500,"body":{"title":"Internal Server Error","instance":"i"}}"#
        let fake = try start("[" + Array(repeating: entry, count: 3).joined(separator: ",") + "]")
        defer { fake.stop() }
        let error = failure(try client(fake, timeout: 3, maxRetries: 2))
        #expect(error == .unavailable(retryAfter: nil))
        #expect(try fake.requests().count == 3)
        let mapped = try #require(error).publicFailure
        #expect(mapped.status == 503)
        #expect(mapped.retryAfterSeconds == VonagePublicFailure.defaultRetryAfterSeconds)
    }

    @Test("a shorter per-call budget (a Lambda deadline) wins over the configured timeout")
    func perCallBudgetWins() throws {
        let fake = try start(#"[{"hang":10}]"#)
        defer { fake.stop() }
        let messages = try client(fake, timeout: 5)
        let started = Date()
        var failure: VonageError?
        do {
            _ = try messages.sendSMS(sms, within: 0.6)
        } catch {
            failure = error as? VonageError
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(failure == .timedOut)
        #expect(elapsed >= 0.5 && elapsed < 1.2)
    }

    @Test("a server that never answers: timedOut within the budget, mapped to 504")
    func hangTimesOut() throws {
        let fake = try start(#"[{"hang":10}]"#)
        defer { fake.stop() }
        let started = Date()
        let error = failure(try client(fake, timeout: 1))
        let elapsed = Date().timeIntervalSince(started)
        #expect(error == .timedOut)
        #expect(elapsed >= 0.9 && elapsed < 1.5)
        #expect(error?.publicFailure.status == 504)
        #expect(try fake.requests().count == 1)
    }

    @Test("a connection dropped after the request was sent is not retried: the outcome is unknown (504)")
    func droppedConnectionIsNotRetried() throws {
        let fake = try start(#"[{"close":true}]"#)
        defer { fake.stop() }
        let error = failure(try client(fake))
        #expect(error == .outcomeUnknown)
        #expect(error?.publicFailure.status == 504)
        #expect(try fake.requests().count == 1)
    }

    @Test("nothing listening: unavailable within the budget, after the retries")
    func connectionRefused() throws {
        let port = try TestSupport.freePort()
        let config = try VonageClientConfiguration(
            applicationId: Fixtures.applicationId, privateKey: Fixtures.privateKey(),
            baseURL: "http://127.0.0.1:\(port)", timeout: 2, maxRetries: 2)
        let started = Date()
        #expect(failure(MessagesClient(configuration: config)) == .unavailable(retryAfter: nil))
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test("http:// to a non-loopback host is refused when the configuration is built")
    func plainHTTPRefused() throws {
        #expect(throws: VonageConfigurationError.self) {
            try VonageClientConfiguration(
                applicationId: Fixtures.applicationId, privateKey: Fixtures.privateKey(),
                baseURL: "http://api.nexmo.com")
        }
    }
}
