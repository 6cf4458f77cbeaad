import Synchronization

/// A function's logic: one request in, one response out. Hosts call it through their adapters; tests call it
/// directly. Throw an `HTTPResponseError` for an error answer; any other error becomes a 500 that reveals nothing.
public protocol FunctionHandler: Sendable {
    /// Answers one request.
    func handle(_ request: FunctionRequest, context: FunctionContext) async throws -> FunctionResponse

    /// Logs what an operator must know about the configuration the handler was built with (e.g. a safety check
    /// switched off); called once, right after the handler is built. The default logs nothing.
    func logStartup(to logger: Logger)
}

extension FunctionHandler {
    /// Nothing to report.
    public func logStartup(to logger: Logger) {}
}

/// What a handler knows about the invocation besides the request.
public struct FunctionContext: Sendable {
    /// The request id: the Lambda or API Gateway request id, the `X-Request-Id` header, or a generated UUID.
    public var requestID: String
    /// When the host gives up on this invocation (Lambda deadline), if known.
    public var deadline: ContinuousClock.Instant?
    /// The host that delivered the request.
    public var host: HostKind
    /// A logger bound to this request.
    public var logger: Logger
    /// Fields the handler learned (e.g. `message_uuid`) that the runtime adds to the request's summary log line.
    public let annotations = RequestAnnotations()

    /// Creates a context.
    public init(requestID: String, deadline: ContinuousClock.Instant? = nil, host: HostKind, logger: Logger) {
        self.requestID = requestID
        self.deadline = deadline
        self.host = host
        self.logger = logger
    }
}

/// The hosts one executable can serve; `HostDetection` picks one at start.
public enum HostKind: String, Sendable, CaseIterable {
    /// AWS Lambda custom runtime (Runtime API loop).
    case lambda
    /// CGI/1.1: Apache mod_cgid, nginx + fcgiwrap, the local gateway.
    case cgi
    /// OpenFaaS classic watchdog.
    case openfaas
    /// One JSON event on stdin (API Gateway v1/v2, Function URL, or the plain shape).
    case event
}

/// Fields added to a request's summary log line by the handler, e.g. the `message_uuid` it stored or sent.
public final class RequestAnnotations: Sendable {
    private let fields = Mutex<[String: String]>([:])

    /// Creates an empty set.
    public init() {}

    /// Sets `key` to `value` (phone numbers must already be masked; never message text or secrets).
    public func set(_ key: String, _ value: String) { fields.withLock { $0[key] = value } }

    /// All fields.
    public var all: [String: String] { fields.withLock { $0 } }
}
