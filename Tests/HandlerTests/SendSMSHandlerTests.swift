import Foundation
import FunctionRuntime
import JSON
import SendHandler
import Synchronization
import TestSupport
import Testing
import Vonage

@testable import Handlers

/// A Vonage stand-in: answers each send from a script (then accepts), and keeps every message it was given.
final class ScriptedSender: SMSSender {
    private let state: Mutex<(script: [Result<SendResult, VonageError>], sent: [OutboundSMS])>

    init(_ script: [Result<SendResult, VonageError>] = []) { state = Mutex((script, [])) }

    func send(_ message: OutboundSMS, within budget: Double?) throws(VonageError) -> SendResult {
        let answer = state.withLock { state in
            state.sent.append(message)
            let number = state.sent.count
            return state.script.isEmpty
                ? .success(SendResult(messageUUID: "uuid-\(number)", attempts: 1)) : state.script.removeFirst()
        }
        return try answer.get()
    }

    /// What reached "Vonage", in order.
    var sent: [OutboundSMS] { state.withLock { $0.sent } }
}

/// A clock that stands still until a test moves it.
final class TestClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func set(_ date: Date) { current.withLock { $0 = date } }
}

/// `SendSMSHandler` called directly with a scripted sender, a fixed clock and a real SQLite store in a temp folder.
@Suite("send-sms handler in process")
struct SendSMSHandlerTests {
    static let token = "send-test-token-0123456789"
    /// 2026-01-01T00:00:00Z, the start of a rate-limit minute.
    static let minute = Date(timeIntervalSince1970: 1_767_225_600)

    let context = FunctionContext(requestID: "test", host: .event, logger: Logger(function: "send-sms", sink: { _ in }))
    let store: StoreAccess
    let clock = TestClock(SendSMSHandlerTests.minute)

    init() throws {
        let dir = try TestSupport.makeTemporaryDirectory("send-handler")
        store = StoreAccess(configuration: .sqlite(path: dir.appendingPathComponent("sms.sqlite").path))
    }

    func handler(_ sender: ScriptedSender, rateLimit: Int = 60) throws -> SendSMSHandler {
        let environment = FunctionEnvironment([
            "SMS_API_TOKEN": Self.token, "VONAGE_NUMBER": "447700900000",
            "SMS_RATE_LIMIT_PER_MINUTE": String(rateLimit),
        ])
        let clock = clock
        return SendSMSHandler(
            configuration: try SendConfiguration(environment: environment), sender: sender, store: store,
            now: { clock.now })
    }

    func request(
        to: String = "+14155550100", text: String = "hello",
        authorization: String? = "Bearer \(SendSMSHandlerTests.token)", key: String? = nil, method: String = "POST"
    ) -> FunctionRequest {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let authorization { headers.set("Authorization", authorization) }
        if let key { headers.set("Idempotency-Key", key) }
        return FunctionRequest(
            method: method, path: "/send-sms", headers: headers, body: Array(#"{"to":"\#(to)","text":"\#(text)"}"#.utf8)
        )
    }

    /// The answer the runtime would write: the response, or the thrown error's problem response.
    func answer(_ handler: SendSMSHandler, _ request: FunctionRequest) async -> FunctionResponse {
        do { return try await handler.handle(request, context: context) } catch { return .forError(error) }
    }

    func json(_ response: FunctionResponse) throws -> [String: JSONValue] {
        try #require(try JSONParser.parse(response.body).object)
    }

    @Test func anAcceptedSendIs202WithVonagesUUIDAndIsRecordedAsSubmitted() async throws {
        let sender = ScriptedSender()
        let response = await answer(try handler(sender), request(text: "hello there"))
        #expect(response.status == 202)
        let body = try json(response)
        #expect(body["message_uuid"] == .string("uuid-1"))
        #expect(body["status"] == .string("submitted"))
        #expect(body["to"] == .string("14155550100"))
        #expect(body["from"] == .string("447700900000"))
        #expect(body["segments"] == .number(1))
        #expect(body["encoding"] == .string("text"))
        #expect(sender.sent.map(\.to) == ["14155550100"])
        #expect(sender.sent.first?.text == "hello there")
        let stored = try #require(try store.store(context).message(uuid: "uuid-1"))
        #expect(stored.status == "submitted")
        #expect(stored.text == "hello there")
        #expect(stored.createdAt == Self.minute)
    }

    @Test(
        "a missing, malformed or unknown token is 401 with a Bearer challenge and sends nothing",
        arguments: [
            nil, "Bearer wrong-token-0123456789", "Basic c2VuZC10ZXN0LXRva2Vu", "Bearer",
        ] as [String?])
    func unauthorizedCallersAreRefused(authorization: String?) async throws {
        let sender = ScriptedSender()
        let response = await answer(try handler(sender), request(authorization: authorization))
        #expect(response.status == 401)
        #expect(response.headers["WWW-Authenticate"] == "Bearer")
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(sender.sent.isEmpty)
    }

    @Test func anythingButPostIs405NamingPost() async throws {
        let response = await answer(try handler(ScriptedSender()), request(method: "GET"))
        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "POST")
    }

    @Test func overTheLimitIs429WithTheSecondsLeftInTheMinuteAndTheNextMinuteSendsAgain() async throws {
        let sender = ScriptedSender()
        let handler = try handler(sender, rateLimit: 2)
        clock.set(Self.minute.addingTimeInterval(17.25))
        #expect(await answer(handler, request()).status == 202)
        #expect(await answer(handler, request()).status == 202)
        let limited = await answer(handler, request())
        #expect(limited.status == 429)
        // 42.75 s are left in the minute; Retry-After rounds up so a caller that waits it out is let through.
        #expect(limited.headers["Retry-After"] == "43")
        #expect(try json(limited)["detail"] == .string("At most 2 messages per minute per token."))
        clock.set(Self.minute.addingTimeInterval(59.5))
        #expect(await answer(handler, request()).headers["Retry-After"] == "1")
        clock.set(Self.minute.addingTimeInterval(60))
        #expect(await answer(handler, request()).status == 202)
        #expect(sender.sent.count == 3)
    }

    @Test func aRecipientWhoRepliedStopIs409UntilTheyReplyStart() async throws {
        let gate = try WebhookGate(environment: FunctionEnvironment(["VONAGE_WEBHOOK_VERIFY": "off"]))
        let inbound = InboundSMSHandler(WebhookEndpoint(gate: gate, store: store))
        func reply(_ text: String) async throws {
            let body = VonageWebhookBodies.inbound(from: "14155550100", text: text)
            let response = try await inbound.handle(
                FunctionRequest(
                    method: "POST", path: "/webhooks/inbound", headers: ["Content-Type": "application/json"],
                    body: Array(body)), context: context)
            #expect(response.status == 200)
        }
        let sender = ScriptedSender()
        let handler = try handler(sender)
        try await reply("STOP")
        let refused = await answer(handler, request(to: "+14155550100"))
        #expect(refused.status == 409)
        #expect(try json(refused)["title"] == .string("Recipient Opted Out"))
        #expect(sender.sent.isEmpty)
        #expect(await answer(handler, request(to: "+14155550199")).status == 202)
        try await reply("START")
        #expect(await answer(handler, request(to: "+14155550100")).status == 202)
        #expect(sender.sent.map(\.to) == ["14155550199", "14155550100"])
    }

    @Test func theSameKeyAndBodyReplayTheFirstAnswerWithoutSendingAgain() async throws {
        let sender = ScriptedSender()
        let handler = try handler(sender)
        let first = await answer(handler, request(key: "order-1"))
        let second = await answer(handler, request(key: "order-1"))
        #expect(first.status == 202)
        #expect(second.status == 202)
        #expect(second.body == first.body)
        #expect(second.headers["Idempotent-Replayed"] == "true")
        #expect(first.headers["Idempotent-Replayed"] == nil)
        #expect(sender.sent.count == 1)
    }

    @Test func theSameKeyWithAnotherBodyIs422NamingTheKeyAndSendsNothing() async throws {
        let sender = ScriptedSender()
        let handler = try handler(sender)
        #expect(await answer(handler, request(text: "first", key: "order-2")).status == 202)
        let conflict = await answer(handler, request(text: "second", key: "order-2"))
        #expect(conflict.status == 422)
        let params = try #require(try json(conflict)["invalid_params"]?.array)
        #expect(params.first?.object?["name"] == .string("Idempotency-Key"))
        #expect(sender.sent.map(\.text) == ["first"])
    }

    @Test func aReplayIsAnsweredEvenWhenTheRateLimitIsSpent() async throws {
        let sender = ScriptedSender()
        let handler = try handler(sender, rateLimit: 1)
        let first = await answer(handler, request(key: "order-3"))
        #expect(await answer(handler, request()).status == 429)
        let replay = await answer(handler, request(key: "order-3"))
        #expect(replay.status == 202)
        #expect(replay.body == first.body)
        #expect(sender.sent.count == 1)
    }

    @Test func vonageUnavailableFreesTheKeySoTheRetrySends() async throws {
        let sender = ScriptedSender([.failure(.unavailable(retryAfter: nil))])
        let handler = try handler(sender)
        #expect(await answer(handler, request(key: "order-4")).status == 503)
        #expect(await answer(handler, request(key: "order-4")).status == 202)
        #expect(sender.sent.count == 2)
    }

    @Test func aLostAnswerKeepsTheKeySoTheRetryIsNotSentTwice() async throws {
        let sender = ScriptedSender([.failure(.outcomeUnknown)])
        let handler = try handler(sender)
        let first = await answer(handler, request(key: "order-5"))
        let retry = await answer(handler, request(key: "order-5"))
        #expect(first.status == 504)
        #expect(retry.status == 504)
        #expect(retry.body == first.body)
        #expect(retry.headers["Idempotent-Replayed"] == "true")
        #expect(sender.sent.count == 1)
    }

    /// Each Vonage failure, the status it answers with, and its `Retry-After` (nil: none).
    static let failures: [(VonageError, Int, String?)] = [
        (.unauthorized(status: 401), 502, nil),
        (.unauthorized(status: 403), 502, nil),
        (.insufficientBalance, 502, nil),
        (
            .invalidParameters([VonageInvalidParameter(name: "to", reason: "Invalid number")], detail: "Bad to"), 422,
            nil
        ),
        (.rateLimited(retryAfter: 7), 503, "7"),
        (.rateLimited(retryAfter: nil), 503, "5"),
        (.unavailable(retryAfter: 12), 503, "12"),
        (.server(status: 500), 503, "5"),
        (.timedOut, 504, nil),
        (.outcomeUnknown, 504, nil),
        (.acceptedWithoutMessageUUID, 504, nil),
        (.invalidResponse, 502, nil),
        (.rejected(status: 404, title: "Vonage's own words"), 502, nil),
        (.tlsFailure("certificate verify failed"), 502, nil),
        (.signingFailed, 500, nil),
    ]

    @Test("every Vonage failure answers with its own status and Retry-After", arguments: failures)
    func vonageFailuresMapToTheirStatus(error: VonageError, status: Int, retryAfter: String?) async throws {
        let response = await answer(try handler(ScriptedSender([.failure(error)])), request())
        #expect(response.status == status)
        #expect(response.headers["Retry-After"] == retryAfter)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        let body = try json(response)
        #expect(body["status"] == .number(Double(status)))
        // Vonage's wording reaches the caller only for field validation; credentials and titles stay private.
        #expect(!response.bodyText.contains("Vonage's own words"))
        #expect(!response.bodyText.contains("certificate verify failed"))
        if case .invalidParameters = error {
            #expect(body["detail"] == .string("Bad to"))
            let param = try #require(body["invalid_params"]?.array?.first?.object)
            #expect(param["name"] == .string("to"))
            #expect(param["reason"] == .string("Invalid number"))
        }
    }
}
