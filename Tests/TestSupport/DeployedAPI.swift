import Foundation

/// One HTTP request to the public API, whatever host serves it.
public struct APIRequest: Sendable {
    /// `GET`, `POST`, ...
    public var method: String
    /// The public route, e.g. `/messages/<uuid>`.
    public var path: String
    /// Raw query string without `?`.
    public var query: String
    /// Request headers.
    public var headers: [String: String]
    /// The body, if any.
    public var body: Data?
    /// Send the body the host's other way: chunked (`Transfer-Encoding: chunked`) through a web server,
    /// base64-encoded (`isBase64Encoded: true`) in an API Gateway event.
    public var alternateBodyEncoding: Bool

    /// A request.
    public init(
        _ method: String, _ path: String, query: String = "", headers: [String: String] = [:],
        body: Data? = nil, alternateBodyEncoding: Bool = false
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.alternateBodyEncoding = alternateBodyEncoding
    }
}

/// A response as the API's caller sees it.
public struct APIResponse: Sendable {
    /// Status code.
    public var status: Int
    /// Headers, names lower-cased.
    public var headers: [String: String]
    /// Body bytes.
    public var body: Data

    /// A response.
    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object.
    public func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw CocoaError(.propertyListReadCorrupt)
        }
        return object
    }
}

/// Something that serves the public API: a web server, or the Lambda functions behind an emulated HTTP API.
public protocol DeployedAPI {
    /// Sends one request and returns the response.
    func send(_ request: APIRequest) throws -> APIResponse
    /// Where the functions' logs went, for failure messages.
    var diagnostics: String { get }
}

/// The API through a real web server.
public struct WebServerAPI: DeployedAPI {
    /// The server.
    public let server: WebServer

    /// The API `server` serves.
    public init(server: WebServer) { self.server = server }

    /// Sends with curl; `alternateBodyEncoding` makes curl stream the body chunked.
    public func send(_ request: APIRequest) throws -> APIResponse {
        let url = server.baseURL + request.path + (request.query.isEmpty ? "" : "?" + request.query)
        let extra = request.alternateBodyEncoding ? ["-H", "Transfer-Encoding: chunked"] : []
        let response = try TestHTTP.request(
            request.method, url, headers: request.headers, body: request.body, extraArguments: extra)
        return APIResponse(status: response.status, headers: response.headers, body: response.body)
    }

    /// The server's error log (the functions' stderr).
    public var diagnostics: String { server.errorLog }
}
