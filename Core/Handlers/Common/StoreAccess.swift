import FunctionRuntime
import Store
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Opens the message store on first use and keeps it: a CGI process serves one request, a Lambda process many.
/// A failed open is not cached, so the next request (or invocation) tries again once the store is back.
public final class StoreAccess: Sendable {
    private let configuration: StoreConfiguration
    private let opened = Mutex<(any MessageStore)?>(nil)

    /// Reads `DATABASE_URL` and `DATABASE_BUSY_TIMEOUT_MS` (how long a write waits for another writer's lock,
    /// default 5000); an invalid value is a configuration error naming the variable.
    public convenience init(environment: FunctionEnvironment) throws {
        var configuration = try StoreConfiguration.fromEnvironment(environment.values)
        configuration.busyTimeoutMilliseconds = Int32(
            try environment.integer(
                "DATABASE_BUSY_TIMEOUT_MS", default: Int(configuration.busyTimeoutMilliseconds), in: 0...600_000))
        self.init(configuration: configuration)
    }

    /// Uses `configuration`.
    public init(configuration: StoreConfiguration) { self.configuration = configuration }

    /// The open store, or 503 with `Retry-After` when it cannot be opened, whatever the cause: a server that is
    /// down, refused credentials or a `DATABASE_URL` parameter the library rejects all need an operator or time,
    /// and a webhook answered 503 is retried by Vonage. The cause is logged (never the URL or its password).
    public func store(_ context: FunctionContext) throws(HTTPError) -> any MessageStore {
        do {
            return try opened.withLock { (cached) throws(StoreError) -> any MessageStore in
                if let cached { return cached }
                let store = try openStore(configuration)
                cached = store
                return store
            }
        } catch {
            context.logger.error("store cannot be opened", ["kind": error.kind.rawValue, "reason": error.reason])
            throw StoreFailure.unavailable
        }
    }
}

/// How store failures answer: unavailable → 503 with Retry-After (webhooks are retried by Vonage), bad query
/// input → 422, anything else → 500 without internals.
public enum StoreFailure {
    /// The answer of every store that cannot be used right now.
    static let unavailable = HTTPError.serviceUnavailable(
        retryAfter: 5, "The message store is unavailable; retry shortly.")

    /// The answer for `error`.
    public static func httpError(for error: StoreError) -> HTTPError {
        switch error.kind {
        case .unavailable:
            return unavailable
        case .invalidCursor:
            return .unprocessable("Invalid query.", invalidParams: [.init(name: "cursor", reason: error.reason)])
        case .invalidQuery:
            return .unprocessable("Invalid query.", invalidParams: [.init(name: "limit", reason: error.reason)])
        default:
            return .internalError
        }
    }

    /// Runs a store call, turning its error into the HTTP answer and logging what happened (without values).
    public static func perform<T>(_ context: FunctionContext, _ body: () throws(StoreError) -> T) throws(HTTPError) -> T
    {
        do {
            return try body()
        } catch {
            context.logger.error("store failed", ["kind": error.kind.rawValue, "reason": error.reason])
            throw httpError(for: error)
        }
    }
}

extension StoreError: SafelyDescribedError {
    /// The reason, which never carries the database URL or its password.
    public var safeDescription: String { "DATABASE_URL: \(reason)" }
}
