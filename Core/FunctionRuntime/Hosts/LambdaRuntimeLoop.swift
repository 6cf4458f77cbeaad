import JSON

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// The AWS Lambda custom-runtime loop over the Runtime API (`/2018-06-01/runtime/...`): fetch the next event,
/// answer it, repeat. Handler errors become HTTP answers (a 500 problem) and the loop keeps serving; only an event
/// that is not a request at all is reported through `/error`.
struct LambdaRuntimeLoop {
    let client: RuntimeAPIClient
    let function: String
    let logger: Logger
    let traceID = TraceIDVariable()

    private static let base = "/2018-06-01/runtime"
    private static let nextPath = "\(base)/invocation/next"
    /// The fields of `/invocation/next` the loop reads.
    private static let nextFields = RuntimeAPIClient.FieldNames(
        ["Lambda-Runtime-Aws-Request-Id", "Lambda-Runtime-Trace-Id", "Lambda-Runtime-Deadline-Ms"])
    private static let jsonContent = [("Content-Type", "application/json")]

    /// Reports a failed initialisation (invalid configuration) through `/init/error`.
    func reportInitError(_ message: String, type: String) {
        _ = try? client.send(
            method: "POST", path: "\(Self.base)/init/error",
            headers: [("Content-Type", "application/json"), ("Lambda-Runtime-Function-Error-Type", type)],
            body: Self.errorBody(message: message, type: type))
    }

    /// Serves invocations until the Runtime API goes away.
    func run(handler: some FunctionHandler) async throws {
        while true {
            let next = try client.send(method: "GET", path: Self.nextPath, keeping: Self.nextFields)
            guard next.status == 200, let requestID = next.headers["Lambda-Runtime-Aws-Request-Id"] else {
                throw RuntimeAPIClient.ClientError(description: "invocation/next answered \(next.status)")
            }
            traceID.set(next.headers["Lambda-Runtime-Trace-Id"])
            let deadline = next.headers["Lambda-Runtime-Deadline-Ms"].flatMap(Int64.init).map(
                Self.instant(forUnixMilliseconds:))
            let requestLogger = logger.with("request_id", requestID)
            let event: DecodedEvent
            do {
                event = try EventAdapter.decode(next.body)
            } catch {
                let reason = (error as? HostInputError)?.description ?? "unreadable event"
                requestLogger.error("event is not a request", ["reason": reason])
                _ = try client.send(
                    method: "POST", path: Self.invocationPath(requestID, "/error"),
                    headers: [
                        ("Content-Type", "application/json"),
                        ("Lambda-Runtime-Function-Error-Type", "Runtime.InvalidEvent"),
                    ],
                    body: Self.errorBody(message: reason, type: "Runtime.InvalidEvent"))
                continue
            }
            let context = FunctionContext(
                requestID: requestID, deadline: deadline, host: .lambda, logger: requestLogger)
            let (response, summary) = await Invocation.respond(to: event, context: context, handler: handler)
            // The summary line is written while the Runtime API takes the answer in, and freeing the event, the
            // request and the answer waits until then too.
            _ = try client.send(
                method: "POST", path: Self.invocationPath(requestID, "/response"), headers: Self.jsonContent,
                body: EventAdapter.encode(response, shape: event.shape)
            ) {
                summary?.write()
                withExtendedLifetime((next, event, response)) {}
            }
        }
    }

    /// `<base>/invocation/<id><action>`, assembled as bytes: string concatenation ran the standard
    /// library's general append paths on every invocation.
    static func invocationPath(_ requestID: String, _ action: StaticString) -> String {
        var path: [UInt8] = []
        path.reserveCapacity(80 + requestID.utf8.count)
        path.append(contentsOf: base.utf8)
        JSONValue.writeRaw("/invocation/", into: &path)
        path.append(contentsOf: requestID.utf8)
        JSONValue.writeRaw(action, into: &path)
        return String(decoding: path, as: UTF8.self)
    }

    static func errorBody(message: String, type: String) -> [UInt8] {
        JSONValue.object(["errorMessage": .string(message), "errorType": .string(type)]).jsonBytes
    }

    static func instant(forUnixMilliseconds deadline: Int64) -> ContinuousClock.Instant {
        let nowMilliseconds = Int64(Date.now.timeIntervalSince1970 * 1000)
        return ContinuousClock.now.advanced(by: .milliseconds(deadline - nowMilliseconds))
    }
}
