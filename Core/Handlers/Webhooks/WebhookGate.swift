import FunctionRuntime
import Primitives
import VonageWebhooks

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Checks that a webhook request really comes from Vonage (signed JWT bound to the body, recent enough, for this
/// application) before anything is read or stored. `VONAGE_WEBHOOK_VERIFY=off` is the only way to skip it, and
/// says so in the log at start and on every request; a missing secret otherwise answers 503, so Vonage keeps
/// retrying until the deployment is fixed instead of losing events.
public struct WebhookGate: Sendable {
    private let verifier: SignedWebhookVerifier?

    /// Reads `VONAGE_SIGNATURE_SECRET`, `VONAGE_WEBHOOK_VERIFY` (`on`, the default, or `off`),
    /// `VONAGE_WEBHOOK_MAX_AGE` (seconds, or a number with `s`, `m` or `h`; default 25 h) and
    /// `VONAGE_APPLICATION_ID` (when set, the only application whose tokens are accepted).
    public init(environment: FunctionEnvironment, now: @escaping @Sendable () -> Date = { Date() })
        throws(ConfigurationError)
    {
        switch environment["VONAGE_WEBHOOK_VERIFY"]?.lowercased() ?? "on" {
        case "off", "false", "0":
            verifier = nil
        case "on", "true", "1":
            let policy = SignedWebhookVerifier.Policy(
                maximumAge: try Self.maximumAge(environment),
                applicationID: environment["VONAGE_APPLICATION_ID"].map { String($0.trimmingWhitespace()) })
            verifier = SignedWebhookVerifier(
                signatureSecret: environment["VONAGE_SIGNATURE_SECRET"], policy: policy, now: now)
        default: throw .invalid("VONAGE_WEBHOOK_VERIFY", "must be on or off")
        }
    }

    /// Whether requests are checked at all.
    public var verifies: Bool { verifier != nil }

    /// `VONAGE_WEBHOOK_MAX_AGE`: 60 s to 7 days, so a typo can neither refuse Vonage's own retries outright nor
    /// reopen the replay window for good.
    static func maximumAge(_ environment: FunctionEnvironment) throws(ConfigurationError) -> TimeInterval {
        let name = "VONAGE_WEBHOOK_MAX_AGE"
        guard let text = environment[name]?.trimmingWhitespace().lowercased() else {
            return SignedWebhookVerifier.defaultMaximumAge
        }
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600]
        let unit = text.last.flatMap { units[$0] }
        let digits = unit == nil ? Substring(text) : text.dropLast()
        guard let value = Int(digits), value > 0, case let seconds = value.multipliedReportingOverflow(by: unit ?? 1),
            !seconds.overflow, (60...7 * 86_400).contains(seconds.partialValue)
        else { throw .invalid(name, "must be a duration from 60s to 168h, e.g. 90000 or 25h") }
        return TimeInterval(seconds.partialValue)
    }

    /// Logs, once at start, that verification is off: anyone can then post statuses and STOP/START.
    public func logStartup(to logger: Logger) {
        guard verifier == nil else { return }
        logger.error(
            "webhook verification is off",
            ["variable": "VONAGE_WEBHOOK_VERIFY", "effect": "unsigned requests are accepted"])
    }

    /// Answers 401 (forged, tampered, wrong key, far-future, too old, unbound to its body, another application) or
    /// 503 (unsigned, secret not configured) unless the request is a genuine signed Vonage webhook. Must be POST.
    public func admit(_ request: FunctionRequest, context: FunctionContext) throws(HTTPError) {
        guard request.method == "POST" else { throw .methodNotAllowed(allow: ["POST"]) }
        guard let verifier else {
            context.logger.warning("webhook accepted unverified", ["variable": "VONAGE_WEBHOOK_VERIFY"])
            return
        }
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
