import FunctionRuntime
import Store
import VonageWebhooks

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What both webhook functions share: the signature gate, the store, and the clock that stamps `received_at`.
public struct WebhookEndpoint: Sendable {
    let gate: WebhookGate
    let store: StoreAccess
    let now: @Sendable () -> Date

    /// Creates the endpoint.
    public init(gate: WebhookGate, store: StoreAccess, now: @escaping @Sendable () -> Date = { Date() }) {
        self.gate = gate
        self.store = store
        self.now = now
    }

    /// Reads the `WebhookGate` variables and `DATABASE_URL`.
    public init(environment: FunctionEnvironment) throws {
        self.init(gate: try WebhookGate(environment: environment), store: try StoreAccess(environment: environment))
    }

    /// Admits the request through the gate and decodes its payload. A payload that does not decode is logged under
    /// `refusal` with the fields it got wrong (never their values) and answered 400 or 422.
    func admit<Payload>(
        _ request: FunctionRequest, context: FunctionContext, refusal: String,
        decode: ([UInt8]) throws(WebhookPayloadError) -> Payload
    ) throws(HTTPError) -> Payload {
        try gate.admit(request, context: context)
        do {
            return try decode(request.body)
        } catch {
            context.logger.warning(refusal, ["fields": error.fieldNames.joined(separator: ",")])
            throw error.httpError
        }
    }

    /// Runs one store write for a verified webhook, after noting its uuid for the request log line.
    func store<T>(_ uuid: String, context: FunctionContext, _ write: (any MessageRecording) throws(StoreError) -> T)
        throws(HTTPError) -> T
    {
        context.annotations.set("message_uuid", uuid)
        let messages = try store.store(context)
        return try StoreFailure.perform(context) { () throws(StoreError) -> T in try write(messages) }
    }
}
