/// The errors every function shares, each with its status and a safe problem body: the statuses the API promises
/// (README "Errors", `openapi.yaml`), so a handler cannot invent a new one by accident.
public struct HTTPError: HTTPResponseError, Equatable, Sendable {
    private enum Code: Equatable, Sendable {
        case badRequest, unauthorized, notFound, methodNotAllowed, conflict, payloadTooLarge, unsupportedMediaType
        case unprocessable, tooManyRequests, internalError, badGateway, serviceUnavailable, gatewayTimeout
    }

    private let code: Code
    /// The HTTP status.
    public let status: Int
    /// The problem body.
    public let problem: Problem
    /// Extra headers.
    public let headers: HTTPHeaders

    private init(
        _ code: Code, _ status: Int, _ title: String, _ detail: String, params: [Problem.InvalidParam]? = nil,
        headers: HTTPHeaders = HTTPHeaders()
    ) {
        self.code = code
        self.status = status
        self.problem = Problem(status: status, title: title, detail: detail, invalidParams: params)
        self.headers = headers
    }

    /// 400: the body is not well-formed (e.g. malformed JSON).
    public static func badRequest(_ detail: String) -> HTTPError { .init(.badRequest, 400, "Bad Request", detail) }

    /// 401 with a `WWW-Authenticate: Bearer` challenge.
    public static func unauthorized(_ detail: String) -> HTTPError {
        .init(.unauthorized, 401, "Unauthorized", detail, headers: ["WWW-Authenticate": "Bearer"])
    }

    /// 401 for a webhook whose signature is wrong (no Bearer challenge: the caller is Vonage, not a user).
    public static func invalidSignature(_ detail: String) -> HTTPError {
        .init(.unauthorized, 401, "Invalid Signature", detail)
    }

    /// 404.
    public static func notFound(_ detail: String = "No such resource.") -> HTTPError {
        .init(.notFound, 404, "Not Found", detail)
    }

    /// 405 with the `Allow` header listing the methods that work.
    public static func methodNotAllowed(allow: [String]) -> HTTPError {
        .init(
            .methodNotAllowed, 405, "Method Not Allowed", "Use \(allow.joined(separator: " or ")).",
            headers: ["Allow": allow.joined(separator: ", ")])
    }

    /// 409.
    public static func conflict(_ title: String, _ detail: String) -> HTTPError { .init(.conflict, 409, title, detail) }

    /// 413: the body is over the limit.
    public static func payloadTooLarge(limit: Int) -> HTTPError {
        .init(.payloadTooLarge, 413, "Payload Too Large", "The body must be at most \(limit) bytes.")
    }

    /// 415: the body is not JSON.
    public static func unsupportedMediaType(_ expected: String = "application/json") -> HTTPError {
        .init(.unsupportedMediaType, 415, "Unsupported Media Type", "Send the body as \(expected).")
    }

    /// 422 with the invalid fields.
    public static func unprocessable(_ detail: String, invalidParams: [Problem.InvalidParam]) -> HTTPError {
        .init(.unprocessable, 422, "Unprocessable Entity", detail, params: invalidParams)
    }

    /// 429 with `Retry-After`.
    public static func tooManyRequests(retryAfter seconds: Int, _ detail: String) -> HTTPError {
        .init(.tooManyRequests, 429, "Too Many Requests", detail, headers: ["Retry-After": String(max(1, seconds))])
    }

    /// 500 that says nothing about internals.
    // swift-format-ignore: DontRepeatTypeInStaticProperties
    public static let internalError = HTTPError(
        .internalError, 500, "Internal Server Error",
        "The function failed; the request id in the logs identifies this failure.")

    /// 502: an upstream refused for a reason the caller cannot fix.
    public static func badGateway(_ title: String, _ detail: String) -> HTTPError {
        .init(.badGateway, 502, title, detail)
    }

    /// 503 with `Retry-After`: a dependency (Vonage, the store, configuration) is unavailable.
    public static func serviceUnavailable(retryAfter seconds: Int, _ detail: String) -> HTTPError {
        .init(
            .serviceUnavailable, 503, "Service Unavailable", detail, headers: ["Retry-After": String(max(1, seconds))])
    }

    /// 504: an upstream did not answer in time.
    public static func gatewayTimeout(_ detail: String) -> HTTPError {
        .init(.gatewayTimeout, 504, "Gateway Timeout", detail)
    }
}
