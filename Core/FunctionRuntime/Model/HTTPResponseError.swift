import JSON

/// An error that knows its HTTP answer. The runtime turns any other error into a bare 500.
public protocol HTTPResponseError: Error {
    /// The HTTP status to answer with.
    var status: Int { get }
    /// The safe problem body.
    var problem: Problem { get }
    /// Extra headers, e.g. `Retry-After` or `Allow`.
    var headers: HTTPHeaders { get }
}

extension HTTPResponseError {
    /// No extra headers by default.
    public var headers: HTTPHeaders { HTTPHeaders() }

    /// The full `application/problem+json` response.
    public var response: FunctionResponse { FunctionResponse.problem(problem, headers: headers) }
}

extension FunctionResponse {
    /// An `application/problem+json` answer for `problem`.
    public static func problem(_ problem: Problem, headers: HTTPHeaders = HTTPHeaders()) -> FunctionResponse {
        var all = headers
        all.set("Content-Type", "application/problem+json")
        let body = problem.jsonValue.jsonBytes
        return FunctionResponse(status: problem.status, headers: all, body: body)
    }

    /// The answer for any error: its own when it is an `HTTPResponseError`, else a 500 that reveals nothing.
    public static func forError(_ error: any Error) -> FunctionResponse {
        if let known = error as? any HTTPResponseError { return known.response }
        return HTTPError.internalError.response
    }
}
