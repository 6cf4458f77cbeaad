/// What our own HTTP answer says when a send fails, before the service layer wraps it in problem+json.
///
/// Kept free of any HTTP framework type so the Vonage module does not depend on the function runtime.
public struct VonagePublicFailure: Equatable, Sendable {
    /// Our HTTP status: 422, 502, 503 or 504 (500 for a local signing failure), the statuses the API documents for a
    /// failed send.
    public var status: Int
    /// Short public title.
    public var title: String
    /// Public detail; never Vonage's credential error text, never a secret.
    public var detail: String
    /// Vonage's per-field failures, passed through on 422.
    public var invalidParams: [VonageInvalidParameter]
    /// `Retry-After` seconds for 503 answers.
    public var retryAfterSeconds: Int?

    /// Builds a value.
    public init(
        status: Int,
        title: String,
        detail: String,
        invalidParams: [VonageInvalidParameter] = [],
        retryAfterSeconds: Int? = nil
    ) {
        self.status = status
        self.title = title
        self.detail = detail
        self.invalidParams = invalidParams
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// `Retry-After` given when Vonage did not name one: long enough for a brief outage to pass.
    public static let defaultRetryAfterSeconds = 5
}

extension VonageError {
    /// The answer our API gives for this failure: what the caller can act on, never Vonage's own wording.
    public var publicFailure: VonagePublicFailure {
        switch self {
        case .unauthorized:
            // Vonage's own wording is never forwarded: it would tell a caller about our account setup.
            return .init(
                status: 502, title: "Vonage refused our credentials",
                detail: "The SMS provider did not accept this service's credentials; the operator must fix the "
                    + "Vonage configuration.")
        case .insufficientBalance:
            return .init(
                status: 502, title: "Vonage account has insufficient balance",
                detail: "The SMS provider account cannot pay for this message.")
        case .invalidParameters(let parameters, let detail):
            return .init(
                status: 422, title: "Vonage rejected the message",
                detail: detail ?? "The SMS provider rejected one or more fields.", invalidParams: parameters)
        case .rateLimited(let retryAfter):
            return .init(
                status: 503, title: "Vonage is rate limiting this service",
                detail: "The SMS provider asked us to slow down; retry later.",
                retryAfterSeconds: retryAfter ?? VonagePublicFailure.defaultRetryAfterSeconds)
        case .server, .unavailable:
            let retryAfter: Int?
            if case .unavailable(let seconds) = self { retryAfter = seconds } else { retryAfter = nil }
            return .init(
                status: 503, title: "Vonage is unavailable",
                detail: "The SMS provider could not be reached or kept failing; retry later.",
                retryAfterSeconds: retryAfter ?? VonagePublicFailure.defaultRetryAfterSeconds)
        case .outcomeUnknown:
            return .init(
                status: 504, title: "Vonage answer lost",
                detail:
                    "The connection to the SMS provider broke after the request was sent; the message may or may not have been sent."
            )
        case .acceptedWithoutMessageUUID:
            return .init(
                status: 504, title: "Vonage outcome unknown",
                detail: "The SMS provider accepted the request without naming the message; it may or may not have "
                    + "been sent.")
        case .timedOut:
            return .init(
                status: 504, title: "Vonage timed out",
                detail: "The SMS provider did not answer in time; the message may or may not have been sent.")
        case .invalidResponse:
            return .init(
                status: 502, title: "Vonage sent an unexpected response",
                detail: "The SMS provider's answer could not be understood.")
        case .rejected(let status, _):
            // The status is safe and useful to an operator; Vonage's title stays in our logs only.
            return .init(
                status: 502, title: "Vonage rejected the request",
                detail: "The SMS provider refused the request (HTTP \(status)).")
        case .tlsFailure:
            return .init(
                status: 502, title: "Vonage's certificate was not trusted",
                detail: "The TLS connection to the SMS provider could not be verified.")
        case .signingFailed:
            return .init(
                status: 500, title: "Could not sign the Vonage request",
                detail: "The request to the SMS provider could not be authenticated.")
        }
    }
}
