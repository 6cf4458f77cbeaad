/// What the gateway knows about one request, in the terms CGI/1.1 (RFC 3875) needs.
struct CGIRequest: Sendable {
    /// `GET`, `POST`, …
    var method: String
    /// The mount point of the program, e.g. `/messages`.
    var scriptName: String
    /// The decoded path below the mount point (`/<uuid>`), or `nil`.
    var pathInfo: String?
    /// The raw query string, without `?`.
    var query: String
    /// The request target as the client sent it.
    var requestURI: String
    /// Header fields in arrival order.
    var headers: [(name: String, value: String)]
    /// Body length, when there is a body.
    var contentLength: Int?
    /// Client address and port.
    var remoteAddress: String
    var remotePort: Int
    /// The name and port this server answers on.
    var serverName: String
    var serverPort: Int
}
