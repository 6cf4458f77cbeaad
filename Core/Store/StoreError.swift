/// A store failure as data: what kind of failure (which the functions map to an HTTP status) and a short,
/// human-readable reason that never carries a connection string, password, SQL text or message content.
public struct StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kinds of failure a caller has to tell apart.
    public enum Kind: String, Sendable, Equatable {
        /// The database cannot be opened or written right now (cannot open, disk I/O, read-only, busy beyond the
        /// timeout, disk full). The functions answer 503 so the caller (or Vonage) retries.
        case unavailable
        /// A constraint was violated (unique, not null, check).
        case constraint
        /// The database file is damaged or is not a database.
        case corrupt
        /// A `MessageQuery.cursor` that this store did not hand out (the messages function answers 422).
        case invalidCursor
        /// A query argument out of range, e.g. a page limit outside 1…100 (the messages function answers 422).
        case invalidQuery
        /// `DATABASE_URL` is malformed or names a backend this build does not include.
        case configuration
        /// Anything else the database reported; a bug rather than an operational condition.
        case failure
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// Safe detail for logs and problem+json bodies.
    public let reason: String

    private init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    /// The database cannot be used right now; retrying later may succeed.
    public static func unavailable(_ reason: String) -> StoreError { StoreError(.unavailable, reason) }
    /// A constraint was violated.
    public static func constraint(_ reason: String) -> StoreError { StoreError(.constraint, reason) }
    /// The database is damaged.
    public static func corrupt(_ reason: String) -> StoreError { StoreError(.corrupt, reason) }
    /// A pagination cursor that cannot be decoded.
    public static func invalidCursor(_ reason: String) -> StoreError { StoreError(.invalidCursor, reason) }
    /// A query argument out of range.
    public static func invalidQuery(_ reason: String) -> StoreError { StoreError(.invalidQuery, reason) }
    /// The store configuration is wrong or names a backend this build lacks.
    public static func configuration(_ reason: String) -> StoreError { StoreError(.configuration, reason) }
    /// An unexpected database error.
    public static func failure(_ reason: String) -> StoreError { StoreError(.failure, reason) }

    /// True when the functions should answer 503 with `Retry-After`.
    public var isUnavailable: Bool { kind == .unavailable }

    /// `kind: reason`, safe to log.
    public var description: String { "\(kind.rawValue): \(reason)" }
}
