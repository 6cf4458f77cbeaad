import Foundation

/// Where a webhook goes: the gateway's own route by default, or a message's `webhook_url` when it points at this
/// machine over plain HTTP (the sandbox never calls another host).
struct WebhookTarget: Equatable, Sendable, CustomStringConvertible {
    var host: String
    var port: Int
    var path: String

    /// `http://host:port/path` for loopback hosts; `nil` otherwise.
    init?(url text: String) {
        guard let components = URLComponents(string: text), components.scheme?.lowercased() == "http",
            let host = components.host, ["127.0.0.1", "localhost"].contains(host.lowercased())
        else { return nil }
        self.host = "127.0.0.1"
        port = components.port ?? 80
        let query = components.percentEncodedQuery.map { "?" + $0 } ?? ""
        path = (components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath) + query
    }

    init(host: String, port: Int, path: String) {
        self.host = host
        self.port = port
        self.path = path
    }

    var description: String { "http://\(host):\(port)\(path)" }
}
