// A test fixture, not a product function: it echoes what the runtime handed it, so integration tests can check
// every host adapter end to end (Apache, nginx, OpenFaaS env, the Lambda RIE). `/boom` throws an unknown error.
import FunctionRuntime

#if canImport(Glibc)
    import Glibc
#endif

struct ProbeHandler: FunctionHandler {
    struct Echo: Encodable {
        var method: String
        var path: String
        var pathInfo: String?
        var rawQuery: String
        var query: [[String]]
        var headers: [[String]]
        var body: String
        var bodyBytes: Int
        var requestID: String
        var host: String
        var hasDeadline: Bool
        var traceID: String?
    }

    struct Boom: Error {}

    func handle(_ request: FunctionRequest, context: FunctionContext) async throws -> FunctionResponse {
        if request.path.hasSuffix("/boom") { throw Boom() }
        let echo = Echo(
            method: request.method, path: request.path, pathInfo: request.pathInfo, rawQuery: request.rawQuery,
            query: request.query.map { [$0.name, $0.value] }, headers: request.headers.map { [$0.name, $0.value] },
            body: String(decoding: request.body, as: UTF8.self), bodyBytes: request.body.count,
            requestID: context.requestID, host: context.host.rawValue, hasDeadline: context.deadline != nil,
            traceID: getenv("_X_AMZN_TRACE_ID").map { String(cString: $0) })
        var response = try FunctionResponse.json(echo, status: 202)
        response.headers.add("X-Probe", "yes\r\nX-Injected: no")
        return response
    }
}

await FunctionRuntime.run(function: "runtime-probe") { _ in ProbeHandler() }
