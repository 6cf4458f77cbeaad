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
        let summary = RequestSummary(context: context, method: request.method, status: response.status, elapsed: elapsed)
        return (response, summary)
    }
}

/// A request's summary log line (method, status, duration and what the handler annotated), to be written. It keeps
/// the raw values: formatting them (a status and a duration as text) waits until the line is written.
struct RequestSummary {
    let context: FunctionContext
    let method: String
    let status: Int
    let elapsed: Duration

    /// Writes the line; the runtime's fields win over what the handler annotated.
    func write() {
        let annotations = context.annotations.all
        var fields: [(key: String, value: String)] = []
        fields.reserveCapacity(3 + annotations.count)
        fields.append(("method", method))
        fields.append(("status", String(status)))
        fields.append(("duration_ms", Self.milliseconds(elapsed)))
        for (key, value) in annotations where !fields.contains(where: { $0.key == key }) {
            fields.append((key, value))
        }
        context.logger.write(.info, "request", fields: fields)
    }

    /// Milliseconds with at most two decimals, truncated, as `Double`'s description writes them ("0.05", "12.3",
    /// "5.0"), from integer arithmetic.
    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let hundredths = max(0, seconds) * 100_000 + max(0, attoseconds) / 10_000_000_000_000
        let whole = String(hundredths / 100)
        switch hundredths % 100 {
        case 0: return whole + ".0"
        case let fraction where fraction < 10: return whole + ".0" + String(fraction)
        case let fraction where fraction % 10 == 0: return whole + "." + String(fraction / 10)
        case let fraction: return whole + "." + String(fraction)
        }
    }
}
