import FunctionRuntime
import Store
import VonageWebhooks

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `POST /webhooks/status`: Vonage reports a message's progress. Verified, appended to the history once per
/// (uuid, status, timestamp), applied monotonically (a terminal state never changes back), and only then
/// acknowledged. A status for a message we have not recorded yet is kept and merged when the send record lands.
public struct MessageStatusHandler: FunctionHandler {
    private let endpoint: WebhookEndpoint

    /// Creates the handler.
    public init(_ endpoint: WebhookEndpoint) { self.endpoint = endpoint }

    /// Reads its configuration from the environment.
    public init(environment: FunctionEnvironment) throws { self.init(try WebhookEndpoint(environment: environment)) }

    /// Says so when webhook verification is off.
    public func logStartup(to logger: Logger) { endpoint.gate.logStartup(to: logger) }

    /// Verifies, stores, acknowledges.
    public func handle(_ request: FunctionRequest, context: FunctionContext) async throws -> FunctionResponse {
        try endpoint.gate.admit(request, context: context)
        let status: MessageStatus
        do {
            status = try MessageStatus.decode(request.body)
        } catch {
            context.logger.warning("status webhook refused", ["fields": error.fieldNames.joined(separator: ",")])
            throw error.httpError
        }
        let event = StatusEvent(
            uuid: status.messageUUID, status: status.status.rawValue, timestamp: status.timestamp,
            errorCode: status.errorCode, errorDetail: status.error?.detail, price: status.price,
            currency: status.currency, countTotal: status.countTotal, to: status.to, from: status.from,
            clientRef: status.clientRef, channel: status.channel, receivedAt: endpoint.now())
        let outcome = try endpoint.store(status.messageUUID, context: context) { (messages) throws(StoreError) in
            try messages.applyStatus(event)
        }
        context.logger.info(
            "status stored",
            [
                "message_uuid": status.messageUUID, "vonage_status": status.status.rawValue,
                "current_status": outcome.currentStatus, "duplicate": String(outcome.isDuplicate),
            ])
        return FunctionResponse.json(
            WebhookAck(messageUUID: status.messageUUID, duplicate: outcome.isDuplicate).jsonValue)
    }
}
