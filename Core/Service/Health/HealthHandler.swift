import FunctionRuntime

/// `GET /health`: 200 `{"status":"ok","version":…}` when the function can serve; other methods get 405.
public struct HealthHandler: FunctionHandler {
    /// The answer body.
    struct Body: Encodable {
        var status: String
        var version: String
    }

    /// Creates the handler; health needs no configuration.
    public init() {}

    /// Answers `GET` and `HEAD` with the status, anything else with 405.
    public func handle(_ request: FunctionRequest, context: FunctionContext) async throws -> FunctionResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            throw HTTPError.methodNotAllowed(allow: ["GET", "HEAD"])
        }
        var response = try FunctionResponse.json(Body(status: "ok", version: FunctionRuntime.version))
        response.headers.set("Cache-Control", "no-store")
        if request.method == "HEAD" { response.body = [] }
        return response
    }
}
