import Foundation
import FunctionRuntime
import Store
import TestSupport
import Testing

@testable import Handlers

/// Handlers called directly, as the runtime calls them, on a real SQLite store.
@Suite("Handlers called directly")
struct HandlerTests {
    let context = FunctionContext(requestID: "test", host: .event, logger: Logger(function: "test", sink: { _ in }))

    func storeAccess() throws -> StoreAccess {
        let dir = try TestSupport.makeTemporaryDirectory("service")
        return StoreAccess(configuration: .sqlite(path: dir.appendingPathComponent("sms.sqlite").path))
    }

    @Test func healthReportsTheStore() async throws {
        let response = try await HealthHandler(store: try storeAccess()).handle(
            FunctionRequest(method: "GET", path: "/health"), context: context)
        #expect(response.status == 200)
        #expect(response.bodyText.contains(#""store":"ok""#))
    }

    @Test func healthIs503WhenTheStoreCannotBeOpened() async throws {
        let handler = HealthHandler(store: StoreAccess(configuration: .sqlite(path: "/proc/nope/sms.sqlite")))
        await #expect(
            throws: HTTPError.serviceUnavailable(retryAfter: 5, "The message store is unavailable; retry shortly.")
        ) {
            _ = try await handler.handle(FunctionRequest(method: "GET", path: "/health"), context: context)
        }
    }

    @Test func inboundWebhookWithVerificationOffIsStored() async throws {
        let store = try storeAccess()
        let gate = try WebhookGate(environment: FunctionEnvironment(["VONAGE_WEBHOOK_VERIFY": "off"]))
        let handler = InboundSMSHandler(WebhookEndpoint(gate: gate, store: store))
        let body = VonageWebhookBodies.inbound(uuid: "u-1", text: "hello")
        let response = try await handler.handle(
            FunctionRequest(
                method: "POST", path: "/webhooks/inbound", headers: ["Content-Type": "application/json"],
                body: Array(body)), context: context)
        #expect(response.status == 200)
        #expect(try store.store(context).message(uuid: "u-1")?.text == "hello")
    }

    @Test func webhookGateRejectsUnknownVerifySetting() {
        #expect(throws: ConfigurationError.self) {
            _ = try WebhookGate(environment: FunctionEnvironment(["VONAGE_WEBHOOK_VERIFY": "maybe"]))
        }
    }

    @Test func bearerTokensAcceptAnyConfiguredTokenAndRejectOthers() throws {
        let tokens = try BearerTokens(
            environment: FunctionEnvironment(["SMS_API_TOKEN": "old-token-0123456789, new-token-0123456789"]))
        func request(_ value: String) -> FunctionRequest {
            FunctionRequest(method: "GET", path: "/", headers: ["Authorization": value])
        }
        let old = try tokens.authorize(request("Bearer old-token-0123456789"))
        let new = try tokens.authorize(request("bearer new-token-0123456789"))
        #expect(old != new)
        #expect(old.count == 12)
        // Rotation: the identity follows the token, not its place in the list.
        let rotated = try BearerTokens(environment: FunctionEnvironment(["SMS_API_TOKEN": "new-token-0123456789"]))
        #expect(try rotated.authorize(request("Bearer new-token-0123456789")) == new)
        #expect(throws: HTTPError.self) { try tokens.authorize(request("Bearer new-token-012345678")) }
        #expect(throws: HTTPError.self) { try tokens.authorize(request("Basic bmV3")) }
        #expect(throws: ConfigurationError.self) {
            try BearerTokens(environment: FunctionEnvironment(["SMS_API_TOKEN": "short"]))
        }
    }
}
