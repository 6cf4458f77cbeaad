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
public struct MessageStatusHandler: WebhookFunction {
    /// The gate, store and clock it uses.
    public let endpoint: WebhookEndpoint

    /// Creates the handler.
    public init(_ endpoint: WebhookEndpoint) { self.endpoint = endpoint }

    /// Verifies, stores, acknowledges.
    public func handle(_ request: FunctionRequest, context: FunctionContext) async throws -> FunctionResponse {
        let status = try endpoint.admit(request, context: context, refusal: "status webhook refused") {
            (body) throws(WebhookPayloadError) in try MessageStatus.decode(body)
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
