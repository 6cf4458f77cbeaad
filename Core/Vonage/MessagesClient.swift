#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Sends SMS through the Vonage Messages API (`POST {baseURL}/v1/messages`), with JWT auth and bounded retries.
public struct MessagesClient: Sendable {
    /// `User-Agent` product token of this client.
    public static let userAgent = "sms-functions/0.1.0"
    /// Longest time to spend establishing one connection, so a dead address leaves budget for a retry.
    public static let connectTimeout = 3.0

    private let configuration: VonageClientConfiguration
    private let transport: any HTTPTransport
    private let signer: ApplicationJWT
    private let policy: RetryPolicy
    private let environment: RetryEnvironment

    /// - Parameters:
    ///   - transport: defaults to `OpenSSLTransport` with the configuration's CA trust.
    ///   - signer: defaults to a JWT signer over the configuration's key and the system clock.
    ///   - policy: defaults to `RetryPolicy(maxRetries: configuration.maxRetries)`.
    ///   - environment: clock, sleep and randomness for the retry loop.
    public init(
        configuration: VonageClientConfiguration,
        transport: (any HTTPTransport)? = nil,
        signer: ApplicationJWT? = nil,
        policy: RetryPolicy? = nil,
        environment: RetryEnvironment = .live
    ) {
        self.configuration = configuration
        self.transport = transport ?? OpenSSLTransport(trust: configuration.tlsTrust)
        self.signer =
            signer ?? ApplicationJWT(applicationId: configuration.applicationId, privateKey: configuration.privateKey)
        self.policy = policy ?? RetryPolicy(maxRetries: configuration.maxRetries)
        self.environment = environment
    }

    /// The endpoint every send goes to.
    public var messagesURL: String { configuration.baseURL + "/v1/messages" }

    /// Sends one SMS, retrying 429, 5xx and connection failures within `configuration.timeout`, or within
    /// `budget` seconds when that is shorter (a Lambda invocation's remaining time).
    ///
    /// A retry may duplicate a message when Vonage accepted the first attempt but the answer was lost; that risk
    /// is accepted for 5xx and broken connections, the same trade-off the official SDKs make.
    public func sendSMS(_ message: OutboundSMS, within budget: Double? = nil) throws(VonageError) -> SendResult {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Encoding strings and integers cannot fail; the guard only avoids a force-try.
        guard let body = try? encoder.encode(MessagesSMSBody(message)) else { throw .signingFailed }

        let deadline = environment.now() + min(configuration.timeout, max(0.1, budget ?? configuration.timeout))
        var attempts = 0
        var lastFailure: VonageError?
        while true {
            let remaining = deadline - environment.now()
            guard remaining > 0 else { throw lastFailure.map(Self.final) ?? .timedOut }
            let request = HTTPRequest(
                method: "POST",
                url: messagesURL,
                headers: [
                    ("Authorization", "Bearer " + (try signer.token())),
                    ("Content-Type", "application/json"),
                    ("Accept", "application/json"),
                    ("User-Agent", Self.userAgent),
                ],
                body: body,
                timeout: remaining,
                connectTimeout: Self.connectTimeout
            )
            attempts += 1
            let failure: VonageError
            var retryAfter: Int?
            do {
                let response = try transport.send(request)
                switch VonageResponseClassifier.classify(response) {
                case .success(let uuid):
                    return SendResult(messageUUID: uuid, attempts: attempts)
                case .failure(let error):
                    guard VonageResponseClassifier.isRetryable(error) else { throw error }
                    failure = error
                    retryAfter = response.retryAfterSeconds
                }
            } catch let error as VonageError {
                throw error
            } catch let error as TransportError {
                failure = try transportFailure(error, deadline: deadline)
            } catch {
                failure = .unavailable(retryAfter: nil)
            }
            lastFailure = failure
            guard
                let wait = policy.delay(
                    beforeRetry: attempts - 1,
                    retryAfter: retryAfter.map(Double.init),
                    now: environment.now(),
                    deadline: deadline,
                    unitRandom: environment.unitRandom()
                )
            else { throw Self.final(failure, retryAfter: retryAfter) }
            environment.sleep(wait)
        }
    }

    /// A transport failure as a retryable `VonageError`, or the error to stop with.
    private func transportFailure(_ error: TransportError, deadline: Double) throws(VonageError) -> VonageError {
        switch error.kind {
        case .timedOut:
            // The attempt had the whole remaining budget, so a timeout near the deadline is the budget running
            // out; one well before it was the connect timeout, worth a retry.
            if deadline - environment.now() <= 0.05 { throw .timedOut }
            return .unavailable(retryAfter: nil)
        case .connectionFailed:
            return .unavailable(retryAfter: nil)
        case .connectionLost:
            throw .outcomeUnknown
        case .tls:
            throw .tlsFailure(error.detail)
        case .invalidRequest, .other:
            throw .unavailable(retryAfter: nil)
        }
    }

    /// The error reported when a retryable failure is the last one.
    private static func final(_ failure: VonageError) -> VonageError { final(failure, retryAfter: nil) }

    private static func final(_ failure: VonageError, retryAfter: Int?) -> VonageError {
        switch failure {
        case .server: return .unavailable(retryAfter: retryAfter)
        default: return failure
        }
    }
}
