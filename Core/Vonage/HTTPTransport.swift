import Primitives

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One HTTP exchange. Synchronous on purpose: a function process makes one request and has nothing else to do.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the final response, or throws `TransportError`.
    func send(_ request: HTTPRequest) throws -> HTTPResponse
}

/// An outgoing request.
public struct HTTPRequest: Sendable, Equatable {
    /// `GET`, `POST`, ...
    public var method: String
    /// Absolute `http://` or `https://` URL.
    public var url: String
    /// Header fields in order; names as they should appear on the wire.
    public var headers: [(name: String, value: String)]
    /// Request body (empty for none).
    public var body: Data
    /// Longest time for the whole exchange, in seconds: the remaining budget of the caller.
    public var timeout: Double
    /// Longest time to establish the connection (TCP + TLS), in seconds; capped by `timeout`.
    public var connectTimeout: Double

    /// Builds a request.
    public init(
        method: String,
        url: String,
        headers: [(name: String, value: String)] = [],
        body: Data = Data(),
        timeout: Double,
        connectTimeout: Double? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = min(connectTimeout ?? timeout, timeout)
    }

    /// The first value of header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// Field-wise equality (tuples are not Equatable, so the headers are compared pair by pair).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body && lhs.timeout == rhs.timeout
            && lhs.connectTimeout == rhs.connectTimeout
            && lhs.headers.map { [$0.name, $0.value] } == rhs.headers.map { [$0.name, $0.value] }
    }
}

/// A received response.
public struct HTTPResponse: Sendable, Equatable {
    /// HTTP status code.
    public var status: Int
    /// Header fields of the final response, in order.
    public var headers: [(name: String, value: String)]
    /// Response body.
    public var body: Data

    /// Builds a response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// `Retry-After` in whole seconds when it is given as delta-seconds; an HTTP-date is ignored.
    public var retryAfterSeconds: Int? {
        guard let raw = header("Retry-After") else { return nil }
        let trimmed = raw.trimmingWhitespace()
        guard let seconds = Int(trimmed), seconds >= 0 else { return nil }
        return seconds
    }

    /// Field-wise equality (tuples are not Equatable, so the headers are compared pair by pair).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body
            && lhs.headers.map { [$0.name, $0.value] } == rhs.headers.map { [$0.name, $0.value] }
    }
}
