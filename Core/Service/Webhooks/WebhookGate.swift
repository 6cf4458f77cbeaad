import FunctionRuntime
import VonageWebhooks

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Checks that a webhook request really comes from Vonage (signed JWT bound to the body) before anything is read
/// or stored. `VONAGE_WEBHOOK_VERIFY=off` is the only way to skip it; a missing secret otherwise answers 503, so
/// Vonage keeps retrying until the deployment is fixed instead of losing events.
public struct WebhookGate: Sendable {
    private let verifier: SignedWebhookVerifier?

    /// Reads `VONAGE_SIGNATURE_SECRET` and `VONAGE_WEBHOOK_VERIFY` (`on`, the default, or `off`).
    public init(environment: FunctionEnvironment, now: @escaping @Sendable () -> Date = { Date() }) throws(ConfigurationError) {
        switch environment["VONAGE_WEBHOOK_VERIFY"]?.lowercased() ?? "on" {
        case "off", "false", "0": verifier = nil
        case "on", "true", "1": verifier = SignedWebhookVerifier(signatureSecret: environment["VONAGE_SIGNATURE_SECRET"], now: now)
        default: throw .invalid("VONAGE_WEBHOOK_VERIFY", "must be on or off")
        }
    }

    /// Answers 401 (forged, tampered, wrong key, far-future) or 503 (unsigned, secret not configured) unless the
    /// request is a genuine signed Vonage webhook. Must be POST.
    public func admit(_ request: FunctionRequest, context: FunctionContext) throws(HTTPError) {
        guard request.method == "POST" else { throw .methodNotAllowed(allow: ["POST"]) }
        guard let verifier else { return }
        do {
            let claims = try verifier.verify(authorization: request.headers["Authorization"], body: request.body)
            context.logger.debug("webhook signature verified", ["body_binding": claims.bodyBinding.name])
        } catch {
            context.logger.warning("webhook refused", ["reason": error.title, "status": String(error.httpStatus)])
            if error.httpStatus == 503 {
                if error == .secretNotConfigured {
                    context.logger.error("configuration invalid", ["problem": "VONAGE_SIGNATURE_SECRET is not set"])
                }
                throw .serviceUnavailable(retryAfter: 30, error.detail)
            }
            throw .invalidSignature(error.detail)
        }
    }
}

extension WebhookPayloadError {
    /// 400 for a body that is not a JSON object, 422 naming the bad fields otherwise.
    var httpError: HTTPError {
        if httpStatus == 400 { return .badRequest(detail) }
        return .unprocessable(detail, invalidParams: invalidParams.map { .init(name: $0.name, reason: $0.reason) })
    }
}
