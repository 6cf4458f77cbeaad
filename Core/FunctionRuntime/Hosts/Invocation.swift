/// Runs a handler for one request and turns whatever it throws into an answer: an `HTTPResponseError` answers as
/// itself, anything else as a 500 that reveals nothing (the error itself goes to the log only).
///
/// The request's summary line is returned rather than written: hosts write it once the response is on its way, so
/// formatting and writing it is not on the caller's path.
enum Invocation {
    /// Answers a decoded event: its rejection when the body was refused, else the handler's answer.
    static func respond(to event: DecodedEvent, context: FunctionContext, handler: some FunctionHandler) async
        -> (response: FunctionResponse, summary: RequestSummary?)
    {
        if let rejection = event.rejection { return (rejection.response, nil) }
        return await respond(to: event.request, context: context, handler: handler)
    }

    static func respond(to request: FunctionRequest, context: FunctionContext, handler: some FunctionHandler) async
        -> (response: FunctionResponse, summary: RequestSummary?)
    {
        let start = ContinuousClock.now
        let response: FunctionResponse
        do {
            response = try await handler.handle(request, context: context)
        } catch let error as any HTTPResponseError {
            response = error.response
        } catch {
            context.logger.error("handler failed", ["error_type": String(describing: type(of: error))])
            response = FunctionResponse.forError(error)
        }
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        // The summary line: the runtime's fields win over what the handler annotated.
        let annotations = context.annotations.all
        var fields: [(key: String, value: String)] = []
        fields.reserveCapacity(3 + annotations.count + context.logger.metadata.count)
        fields.append(("method", request.method))
        fields.append(("status", String(response.status)))
        fields.append(("duration_ms", String(Double(Int(milliseconds * 100)) / 100)))
        for (key, value) in annotations where !fields.contains(where: { $0.key == key }) {
            fields.append((key, value))
        }
        return (response, RequestSummary(logger: context.logger, fields: fields))
    }
}

/// A request's summary log line (method, status, duration and what the handler annotated), to be written.
struct RequestSummary {
    let logger: Logger
    let fields: [(key: String, value: String)]

    /// Writes the line.
    func write() { logger.write(.info, "request", fields: fields) }
}
