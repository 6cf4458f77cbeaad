import FunctionRuntime
import JSON
import Store

/// `GET /health`: 200 `{"status":"ok","store":"ok","version":…}` when the function can serve, which includes
/// taking a write lock on the message store; 503 (problem+json, Retry-After) when the store cannot be opened or
/// written. Other methods get 405.
public struct HealthHandler: FunctionHandler {
    private let store: StoreAccess?
    /// The healthy answer never changes, so it is written once (a warm Lambda instance answers many).
    private let healthy: FunctionResponse

    /// A health check of the process alone (`store: nil`) or of the process and the store.
    public init(store: StoreAccess?) {
        self.store = store
        var body: [String: JSONValue] = ["status": .string("ok"), "version": .string(FunctionRuntime.version)]
        if store != nil { body["store"] = .string("ok") }
        healthy = FunctionResponse(
            status: 200, headers: ["Content-Type": "application/json", "Cache-Control": "no-store"],
            body: JSONValue.object(body).jsonBytes)
    }

    /// Reads `DATABASE_URL`.
    public init(environment: FunctionEnvironment) throws {
        self.init(store: try StoreAccess(environment: environment))
    }

    /// Answers `GET` and `HEAD`.
    public func handle(_ request: FunctionRequest, context: FunctionContext) async throws -> FunctionResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            throw HTTPError.methodNotAllowed(allow: ["GET", "HEAD"])
        }
        if let store {
            let messages: any StoreHealth = try store.store(context)
            try StoreFailure.perform(context) { () throws(StoreError) in try messages.checkHealth() }
        }
        var response = healthy
        if request.method == "HEAD" { response.body = [] }
        return response
    }
}
