#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The stored answer for an `Idempotency-Key`.
public struct IdempotencyRecord: Sendable, Equatable {
    /// A hash of the request the key was first used with (so a reused key with another body is detectable).
    public var requestHash: String
    /// The HTTP status of the first answer; `IdempotencyRecord.inProgress` while that request is still running.
    public var status: Int
    /// The body of the first answer.
    public var body: String?
    /// When the key was first used; keys expire `IdempotencyRecord.lifetime` later.
    public var createdAt: Date

    /// The `status` of a reservation whose request has not answered yet.
    public static let inProgress = 0
    /// How long a key is remembered: 24 h, as Vonage-style clients expect.
    public static let lifetime: TimeInterval = 24 * 60 * 60
    /// A reservation is never taken over while the key lives: a process that reserved a key and then died (a CGI
    /// or Lambda timeout mid-send, a crash after Vonage accepted) may have sent the message, and a takeover would
    /// send it again. Such a key answers 409 until it expires with the rest.
    public static let abandonedAfter: TimeInterval = lifetime

    /// True while the first request with this key is still running.
    public var isInProgress: Bool { status == Self.inProgress }

    /// A record.
    public init(requestHash: String, status: Int, body: String?, createdAt: Date) {
        self.requestHash = requestHash
        self.status = status
        self.body = body
        self.createdAt = createdAt
    }
}

/// The answer to `reserveIdempotencyKey`.
public enum IdempotencyReservation: Sendable, Equatable {
    /// This caller holds the key: do the work, then `saveIdempotentResult` (or `releaseIdempotencyKey`).
    case reserved
    /// Another request with this key is running (answer 409 "in progress").
    case inProgress
    /// The key already has an answer: replay it (after checking `requestHash` matches the new request).
    case completed(IdempotencyRecord)
}

/// The answer to `consumeRateLimit`.
public enum RateLimitDecision: Sendable, Equatable {
    /// Allowed; this many more requests fit in the current window.
    case allowed(remaining: Int)
    /// Over the limit; the window resets in this many whole seconds (at least 1), for `Retry-After`.
    case limited(retryAfterSeconds: Int)
}
