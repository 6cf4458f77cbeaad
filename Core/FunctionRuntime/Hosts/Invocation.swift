import JSON

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
        let start = MonotonicClock.nanoseconds()
        let response: FunctionResponse
        do {
            response = try await handler.handle(request, context: context)
        } catch let error as any HTTPResponseError {
            response = error.response
        } catch {
            context.logger.error("handler failed", ["error_type": String(describing: type(of: error))])
            response = FunctionResponse.forError(error)
        }
        let elapsed = MonotonicClock.elapsed(since: start)
        let summary = RequestSummary(
            context: context, method: request.method, status: response.status, nanoseconds: elapsed)
        return (response, summary)
    }
}

/// A request's summary log line (method, status, duration and what the handler annotated), to be written. It keeps
/// the raw values: formatting them (a status and a duration as text) waits until the line is written.
struct RequestSummary {
    let context: FunctionContext
    let method: String
    let status: Int
    /// How long the handler took.
    let nanoseconds: UInt64

    /// Writes the line; the runtime's fields win over what the handler annotated.
    func write() {
        let annotations = context.annotations.all
        var fields: [(key: String, value: String)] = []
        fields.reserveCapacity(3 + annotations.count)
        fields.append(("method", method))
        fields.append(("status", Self.decimal(status)))
        fields.append(("duration_ms", Self.milliseconds(nanoseconds: nanoseconds)))
        for (key, value) in annotations where !fields.contains(where: { $0.key == key }) {
            fields.append((key, value))
        }
        context.logger.write(.info, "request", fields: fields)
    }

    /// `value` in decimal, written as bytes (`String(_:)` of an integer is several pages of generic code).
    static func decimal(_ value: Int) -> String {
        var text: [UInt8] = []
        JSONValue.writeInteger(value, into: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Milliseconds with at most two decimals, truncated, as `Double`'s description writes them ("0.05", "12.3",
    /// "5.0"), from integer arithmetic written as bytes (no `Duration` arithmetic, no string appends).
    static func milliseconds(nanoseconds: UInt64) -> String {
        let hundredths = Int(clamping: nanoseconds / 10_000)
        var text: [UInt8] = []
        text.reserveCapacity(24)
        JSONValue.writeInteger(hundredths / 100, into: &text)
        text.append(UInt8(ascii: "."))
        let fraction = hundredths % 100
        if fraction < 10 {
            text.append(UInt8(ascii: "0"))
            if fraction > 0 { text.append(UInt8(ascii: "0") + UInt8(fraction)) }
        } else {
            text.append(UInt8(ascii: "0") + UInt8(fraction / 10))
            if fraction % 10 > 0 { text.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
        }
        return String(decoding: text, as: UTF8.self)
    }
}
