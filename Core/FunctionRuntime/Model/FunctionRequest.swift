/// One HTTP request, whatever host delivered it (CGI, OpenFaaS, an API Gateway event, the Lambda Runtime API).
public struct FunctionRequest: Sendable, Equatable {
    /// Upper-case method, e.g. `POST`.
    public var method: String
    /// The request path as the client sent it, e.g. `/cgi-bin/messages/abc` or `/messages/abc`.
    public var path: String
    /// The CGI `PATH_INFO` (the part after the executable) when the host gives one; `nil` otherwise.
    public var pathInfo: String?
    /// The raw query string without `?` (may be empty).
    public var rawQuery: String
    /// Parsed, percent-decoded query items in order; a name may repeat.
    public var query: [(name: String, value: String)]
    /// Request headers.
    public var headers: HTTPHeaders
    /// The body bytes (already base64-decoded where the event carried it so).
    public var body: [UInt8]

    /// Creates a request; the query items default to the parse of `rawQuery`.
    public init(
        method: String,
        path: String,
        pathInfo: String? = nil,
        rawQuery: String = "",
        query: [(name: String, value: String)]? = nil,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = []
    ) {
        // Methods nearly always arrive upper-case; `uppercased()` would build a new string every time.
        self.method = method.utf8.contains { $0 >= UInt8(ascii: "a") } ? method.uppercased() : method
        self.path = path.isEmpty ? "/" : path
        self.pathInfo = pathInfo
        self.rawQuery = rawQuery
        self.query = query ?? QueryString.parse(rawQuery)
        self.headers = headers
        self.body = body
    }

    /// The first value of a query parameter.
    public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }

    /// Equality of every part; query items compared in order.
    public static func == (lhs: FunctionRequest, rhs: FunctionRequest) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.pathInfo == rhs.pathInfo
            && lhs.rawQuery == rhs.rawQuery && lhs.headers == rhs.headers && lhs.body == rhs.body
            && lhs.query.count == rhs.query.count
            && zip(lhs.query, rhs.query).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
