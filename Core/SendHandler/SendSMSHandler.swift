import Crypto
import FunctionRuntime
import Handlers
import Primitives
import SMS
import Store
import Vonage

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `POST /send-sms`: authenticates the caller, applies the per-token rate limit, validates the message, refuses
/// opted-out recipients, honours `Idempotency-Key`, sends through Vonage, records the message as `submitted`, and
/// answers 202 with Vonage's `message_uuid`.
public struct SendSMSHandler: FunctionHandler {
    private let configuration: SendConfiguration
    private let sender: any SMSSender
    private let store: StoreAccess
    private let now: @Sendable () -> Date

    /// Creates the handler.
    public init(
        configuration: SendConfiguration, sender: any SMSSender, store: StoreAccess,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.sender = sender
        self.store = store
        self.now = now
    }

    /// Reads every setting from the environment (Vonage credentials, tokens, limits, `DATABASE_URL`).
    public init(environment: FunctionEnvironment) throws {
        let vonage = try VonageClientConfiguration.fromEnvironment(environment.values)
        self.init(
            configuration: try SendConfiguration(environment: environment),
            sender: MessagesClient(configuration: vonage), store: try StoreAccess(environment: environment))
    }

    /// The 202 body.
    struct Accepted: Codable, Equatable {
        var messageUUID: String
        var status: String
        var to: String
        var from: String
        var segments: Int
        var encoding: String
        var clientRef: String?

        enum CodingKeys: String, CodingKey {
            case messageUUID = "message_uuid"
            case status, to, from, segments, encoding
            case clientRef = "client_ref"
        }
    }

    /// Sends one SMS.
    public func handle(_ request: FunctionRequest, context: FunctionContext) async throws -> FunctionResponse {
        guard request.method == "POST" else { throw HTTPError.methodNotAllowed(allow: ["POST"]) }
        let scope = "send-sms:" + (try configuration.tokens.authorize(request))
        let messages: any SendControls = try store.store(context)
        let key = try IdempotencyKey.from(request)
        let requestHash = Hex.string(SHA256.hash(data: request.body))
        // A retry of a request that already has an answer gets that answer, whatever has changed since (rate limit,
        // opt-outs), and costs no rate-limit slot.
        if let key,
            let record = try StoreFailure.perform(
                context,
                { () throws(StoreError) in
                    try messages.idempotentResult(scope: scope, key: key, now: now())
                }), !record.isInProgress
        {
            return try IdempotencyKey.replay(record, requestHash: requestHash)
        }
        if configuration.rateLimitPerMinute > 0 {
            let decision = try StoreFailure.perform(context) { () throws(StoreError) in
                try messages.consumeRateLimit(bucket: scope, limit: configuration.rateLimitPerMinute, now: now())
            }
            if case .limited(let seconds) = decision {
                throw HTTPError.tooManyRequests(
                    retryAfter: seconds, "At most \(configuration.rateLimitPerMinute) messages per minute per token.")
            }
        }
        let body = try JSONRequestBody.object(of: request)
        let message = try SendRequest.parse(
            body, defaultSender: configuration.defaultSender, maxSegments: configuration.maxSegments)
        let optedOut = try StoreFailure.perform(context) { () throws(StoreError) in
            try messages.isOptedOut(number: message.to.digits)
        }
        if optedOut {
            throw HTTPError.conflict("Recipient Opted Out", "The recipient replied STOP; they must reply START first.")
        }
        guard let key else { return try send(message, context: context) }
        let reservation = try StoreFailure.perform(context) { () throws(StoreError) in
            try messages.reserveIdempotencyKey(scope: scope, key: key, requestHash: requestHash, now: now())
        }
        switch reservation {
        case .inProgress:
            throw HTTPError.conflict("Request In Progress", "A request with this Idempotency-Key is still running.")
        case .completed(let record):
            return try IdempotencyKey.replay(record, requestHash: requestHash)
        case .reserved:
            break
        }
        let response: FunctionResponse
        do {
            response = try send(message, context: context)
        } catch let error as HTTPError where error.status == 503 || error.status == 500 {
            // Nothing was sent: a 503 now means Vonage was unreachable or refused with 429/5xx (a connection lost
            // after sending is a 504), a 500 that signing failed. Free the key so a retry with it can go through.
            try? messages.releaseIdempotencyKey(scope: scope, key: key)
            throw error
        } catch let error as HTTPError {
            // Final answers (including 504, whose outcome is unknown: Vonage may have accepted the message) are
            // kept, so a retry with the same key never sends twice.
            saveAnswer(
                error.response, scope: scope, key: key, requestHash: requestHash, store: messages, context: context)
            throw error
        }
        saveAnswer(response, scope: scope, key: key, requestHash: requestHash, store: messages, context: context)
        return response
    }

    private func send(_ message: SendRequest, context: FunctionContext) throws -> FunctionResponse {
        let outbound = OutboundSMS(
            to: message.to.digits, from: message.from.value, text: message.text, clientRef: message.clientRef,
            ttl: message.ttl,
            encodingType: message.encodingOption == .auto
                ? nil : SMSEncodingType(rawValue: message.encodingOption.rawValue))
        let result: SendResult
        let started = ContinuousClock.now
        do {
            // Under Lambda, finish (and answer) before the invocation's deadline, leaving a second to record the
            // message: a process killed mid-send would leave its Idempotency-Key in progress and the send unrecorded.
            let budget = context.deadline.map { deadline -> Double in
                let remaining = ContinuousClock.now.duration(to: deadline) - .seconds(1)
                return Double(remaining.components.seconds) + Double(remaining.components.attoseconds) / 1e18
            }
            result = try sender.send(outbound, within: budget)
        } catch {
            let failure = error.publicFailure
            context.logger.warning(
                "vonage refused", ["to": message.to.masked, "status": String(failure.status), "error": failure.title])
            throw failure.httpError
        }
        context.logger.info(
            "sms submitted",
            [
                "message_uuid": result.messageUUID, "to": message.to.masked, "segments": String(message.info.segments),
                "attempts": String(result.attempts),
            ])
        let elapsed = ContinuousClock.now - started
        let durationMilliseconds = Int(
            elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        context.annotations.set("message_uuid", result.messageUUID)
        record(
            message, uuid: result.messageUUID, durationMilliseconds: durationMilliseconds, attempts: result.attempts,
            context: context)
        return try FunctionResponse.json(
            Accepted(
                messageUUID: result.messageUUID, status: "submitted", to: message.to.digits, from: message.from.value,
                segments: message.info.segments, encoding: message.info.encoding.rawValue, clientRef: message.clientRef),
            status: 202)
    }

    /// Records the accepted message. Vonage has already taken it, so a store failure here must not turn into an
    /// error answer (the caller would retry and send twice); the status webhook will still create the row.
    private func record(
        _ message: SendRequest, uuid: String, durationMilliseconds: Int, attempts: Int, context: FunctionContext
    ) {
        let outbound = OutboundRecord(
            uuid: uuid, to: message.to.digits, from: message.from.value, text: message.text,
            segments: message.info.segments, encoding: message.info.encoding.rawValue, clientRef: message.clientRef,
            createdAt: now(), sendDurationMilliseconds: durationMilliseconds, sendAttempts: attempts)
        do {
            try store.store(context).recordOutbound(outbound)
        } catch {
            context.logger.error("sent but not recorded", ["message_uuid": uuid])
        }
    }

    private func saveAnswer(
        _ response: FunctionResponse, scope: String, key: String, requestHash: String, store: any SendControls,
        context: FunctionContext
    ) {
        do {
            try store.saveIdempotentResult(
                scope: scope, key: key, requestHash: requestHash, status: response.status, body: response.bodyText,
                now: now())
        } catch {
            context.logger.error("idempotent answer not saved", ["reason": error.reason])
        }
    }
}

extension VonagePublicFailure {
    /// The problem+json answer.
    var httpError: HTTPError {
        switch status {
        case 422:
            return .unprocessable(detail, invalidParams: invalidParams.map { .init(name: $0.name, reason: $0.reason) })
        case 503: return .serviceUnavailable(retryAfter: retryAfterSeconds ?? 5, detail)
        case 504: return .gatewayTimeout(detail)
        case 500: return .internalError
        default: return .badGateway(title, detail)
        }
    }
}
