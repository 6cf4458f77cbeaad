import Foundation
import Testing
import Vonage

@Suite("Send retry loop with an injected clock: what is retried, how long it waits, when it stops")
struct RetryLoopTests {
    func client(
        _ outcomes: [ScriptedTransport.Outcome], timeout: Double = 10, maxRetries: Int = 3, random: Double = 1
    ) throws -> (MessagesClient, ScriptedTransport, ManualClock) {
        let clock = ManualClock()
        let transport = ScriptedTransport(outcomes, clock: clock)
        let config = try VonageClientConfiguration(
            applicationId: Fixtures.applicationId, privateKey: Fixtures.privateKey(), timeout: timeout,
            maxRetries: maxRetries)
        let client = MessagesClient(
            configuration: config, transport: transport, environment: clock.environment(random: random))
        return (client, transport, clock)
    }

    let sms = OutboundSMS(to: "447700900000", from: "Acme", text: "hi")

    func failure(_ client: MessagesClient) -> VonageError? {
        do throws(VonageError) {
            _ = try client.sendSMS(sms)
            return nil
        } catch {
            return error
        }
    }

    @Test("5xx is retried with full-jitter waits until maxRetries, then reported unavailable")
    func serverErrorsExhaustRetries() throws {
        let (client, transport, clock) = try client(
            Array(
                repeating: .response(ScriptedTransport.problem(500)),
                count: 4), random: 0.5)
        #expect(failure(client) == .unavailable(retryAfter: nil))
        #expect(transport.requests.count == 4)
        #expect(clock.sleeps == [0.1, 0.2, 0.4])  // 0.5 × ceilings 0.2, 0.4, 0.8
    }

    @Test("429 with Retry-After waits exactly that long, then succeeds")
    func rateLimitedThenAccepted() throws {
        let (client, transport, clock) = try client([
            .response(ScriptedTransport.problem(429, headers: [("Retry-After", "2")]))
        ])
        let result = try client.sendSMS(sms)
        #expect(result == SendResult(messageUUID: "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab", attempts: 2))
        #expect(transport.requests.count == 2)
        #expect(clock.sleeps == [2])
    }

    @Test("a Retry-After beyond the budget stops at once as rateLimited, without sleeping")
    func retryAfterBeyondBudget() throws {
        let (client, transport, clock) = try client([
            .response(ScriptedTransport.problem(429, headers: [("Retry-After", "30")]))
        ])
        #expect(failure(client) == .rateLimited(retryAfter: 30))
        #expect(transport.requests.count == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test("a 5xx's Retry-After is carried into unavailable when retries end")
    func unavailableCarriesRetryAfter() throws {
        let (client, _, _) = try client(
            [.response(ScriptedTransport.problem(503, headers: [("Retry-After", "7")]))], maxRetries: 0)
        #expect(failure(client) == .unavailable(retryAfter: 7))
    }

    @Test(
        "other 4xx, TLS failures and malformed 202s are never retried",
        arguments: [
            (
                ScriptedTransport.Outcome.response(ScriptedTransport.problem(400)),
                VonageError.rejected(
                    status: 400, title: "x")
            ),
            (.response(ScriptedTransport.problem(401)), .unauthorized(status: 401)),
            (.response(ScriptedTransport.problem(402)), .insufficientBalance),
            (
                .response(ScriptedTransport.problem(422, #"{"invalid_parameters":[{"name":"to","reason":"bad"}]}"#)),
                .invalidParameters([VonageInvalidParameter(name: "to", reason: "bad")], detail: nil)
            ),
            (.response(HTTPResponse(status: 202, body: Data("{}".utf8))), .acceptedWithoutMessageUUID),
            (.failure(.tls("SSL certificate problem")), .tlsFailure("SSL certificate problem")),
        ])
    func notRetried(outcome: ScriptedTransport.Outcome, expected: VonageError) throws {
        let (client, transport, clock) = try client([outcome])
        #expect(failure(client) == expected)
        #expect(transport.requests.count == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test("connection failures are retried and can still succeed")
    func connectionFailureRetried() throws {
        let (client, transport, _) = try client([.failure(.connectionFailed("Connection refused"))])
        #expect(try client.sendSMS(sms).attempts == 2)
        #expect(transport.requests.count == 2)
    }

    @Test("each attempt's timeout is the budget left, and the total never passes the deadline")
    func attemptsShareOneBudget() throws {
        let (client, transport, clock) = try client(
            Array(repeating: .response(ScriptedTransport.problem(500)), count: 10), timeout: 1, maxRetries: 10)
        let start = clock.now
        #expect(failure(client) == .unavailable(retryAfter: nil))
        let timeouts = transport.requests.map(\.timeout)
        #expect(timeouts.first == 1)
        #expect(zip(timeouts, timeouts.dropFirst()).allSatisfy { $0 > $1 })
        #expect(clock.now - start < 1)
        #expect(transport.requests.count < 11)  // the budget, not the retry count, ended it
    }

    @Test("a hang that uses up the budget is timedOut, with no retry after it")
    func hangIsTimedOut() throws {
        let (client, transport, clock) = try client([.hang], timeout: 2)
        let start = clock.now
        #expect(failure(client) == .timedOut)
        #expect(transport.requests.count == 1)
        #expect(clock.now - start == 2)
    }

    @Test("a fresh JWT is signed for every attempt")
    func freshTokenPerAttempt() throws {
        let (client, transport, _) = try client([.response(ScriptedTransport.problem(500))])
        _ = try client.sendSMS(sms)
        let tokens = transport.requests.compactMap { $0.header("Authorization") }
        #expect(tokens.count == 2)
        #expect(Set(tokens).count == 2)
    }
}
