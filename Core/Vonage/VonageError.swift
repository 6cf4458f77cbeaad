/// Why a Messages API call did not end in an accepted message.
///
/// An enum rather than the usual error struct because callers switch on it: the service layer maps each case to
/// its own HTTP answer (`publicFailure`). Vonage's own wording is kept only where it is safe to show a caller
/// (validation failures); credential failures carry the status alone.
public enum VonageError: Error, Equatable, Sendable {
    /// 401 or 403: Vonage refused our credentials. Vonage's text is deliberately not kept.
    case unauthorized(status: Int)
    /// 402: the Vonage account balance is too low to send.
    case insufficientBalance
    /// 422: Vonage rejected fields of the message; `detail` is Vonage's RFC 7807 `detail`, if any.
    case invalidParameters([VonageInvalidParameter], detail: String?)
    /// 429 as the final answer: Vonage throttled us and no retry fitted in the time budget.
    case rateLimited(retryAfter: Int?)
    /// A 5xx answer. `sendSMS` reports a 5xx that outlived its retries as `unavailable`; this case describes a
    /// single response (see `VonageResponseClassifier`).
    case server(status: Int)
    /// The time budget ran out while waiting for Vonage.
    case timedOut
    /// The connection broke after the request may have reached Vonage: it may have accepted the message, so the
    /// request is not retried (Vonage has no idempotency key; a retry could send twice).
    case outcomeUnknown
    /// Vonage could not be reached, or kept failing until the retries ran out.
    case unavailable(retryAfter: Int?)
    /// Vonage answered 2xx without a usable `message_uuid`: it took the request, so the message may be out, and
    /// there is no id to record. Never retried, and answered like a lost answer (the caller must not resend).
    case acceptedWithoutMessageUUID
    /// Vonage answered something that is not the documented shape (a status outside 2xx-5xx).
    case invalidResponse
    /// Any other 4xx: Vonage refused the request for a reason the caller cannot fix.
    case rejected(status: Int, title: String?)
    /// The TLS handshake failed (untrusted or mismatched certificate); never retried.
    case tlsFailure(String)
    /// The JWT could not be built or signed.
    case signingFailed
}

/// One entry of Vonage's RFC 7807 `invalid_parameters` list.
public struct VonageInvalidParameter: Equatable, Sendable, Codable {
    /// The Messages API field, e.g. `to` or `sms.encoding_type`.
    public var name: String
    /// Vonage's reason text.
    public var reason: String

    /// Builds one entry.
    public init(name: String, reason: String) {
        self.name = name
        self.reason = reason
    }
}
