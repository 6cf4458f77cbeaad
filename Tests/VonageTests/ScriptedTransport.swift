import Foundation
import Vonage

/// A manual monotonic clock: `sleep` advances it and records the wait.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Double = 1000
    private var waits: [Double] = []

    var now: Double { lock.withLock { current } }
    var sleeps: [Double] { lock.withLock { waits } }

    func advance(_ seconds: Double) { lock.withLock { current += seconds } }

    func environment(random: Double) -> RetryEnvironment {
        RetryEnvironment(
            now: { self.now },
            sleep: { seconds in
                self.lock.withLock {
                    self.waits.append(seconds)
                    self.current += seconds
                }
            },
            unitRandom: { random })
    }
}

/// Answers each request with the next scripted outcome, taking `latency` seconds of the manual clock.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    enum Outcome {
        case response(HTTPResponse)
        case failure(TransportError)
        /// Uses up the whole request timeout, then fails as the real transport does.
        case hang
    }

    private let lock = NSLock()
    private var outcomes: [Outcome]
    private var received: [HTTPRequest] = []
    private let clock: ManualClock
    private let latency: Double

    init(_ outcomes: [Outcome], clock: ManualClock, latency: Double = 0.05) {
        self.outcomes = outcomes
        self.clock = clock
        self.latency = latency
    }

    var requests: [HTTPRequest] { lock.withLock { received } }

    func send(_ request: HTTPRequest) throws -> HTTPResponse {
        let outcome: Outcome = lock.withLock {
            received.append(request)
            return outcomes.isEmpty ? .response(Self.accepted()) : outcomes.removeFirst()
        }
        switch outcome {
        case .response(let response):
            clock.advance(latency)
            return response
        case .failure(let error):
            clock.advance(latency)
            throw error
        case .hang:
            clock.advance(request.timeout)
            throw TransportError.timedOut("Operation timed out")
        }
    }

    static func accepted(_ uuid: String = "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab") -> HTTPResponse {
        HTTPResponse(
            status: 202, headers: [("Content-Type", "application/json")],
            body: Data(#"{"message_uuid":"\#(uuid)"}"#.utf8))
    }

    static func problem(_ status: Int, _ json: String = #"{"title":"x"}"#, headers: [(String, String)] = [])
        -> HTTPResponse
    {
        HTTPResponse(
            status: status, headers: [("Content-Type", "application/problem+json")] + headers.map { ($0.0, $0.1) },
            body: Data(json.utf8))
    }
}
