/// Why an HTTP exchange produced no response.
public struct TransportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kinds a caller decides on: retry, report a timeout, or give up.
    public enum Kind: Equatable, Sendable {
        /// No connection was made (refused, DNS): the request certainly did not reach the server.
        case connectionFailed
        /// The connection broke after the request may have been sent (reset, empty or partial reply): the server
        /// may have acted on it.
        case connectionLost
        /// The request's `timeout` (or connect timeout) elapsed.
        case timedOut
        /// TLS failed: untrusted or mismatched certificate, handshake error. Retrying cannot help.
        case tls
        /// The request itself is unusable (bad URL, unsupported scheme).
        case invalidRequest
        /// Anything else (a local failure such as no socket or no memory).
        case other
    }

    /// The category of failure.
    public let kind: Kind
    /// Library text for logs (OpenSSL's or the system's message); holds no request data.
    public let detail: String

    private init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// Text for logs.
    public var description: String { "\(kind): \(detail)" }

    /// No connection was made.
    public static func connectionFailed(_ detail: String) -> Self { Self(.connectionFailed, detail) }
    /// The connection broke once the request may have been sent.
    public static func connectionLost(_ detail: String) -> Self { Self(.connectionLost, detail) }
    /// The exchange outlived its timeout.
    public static func timedOut(_ detail: String) -> Self { Self(.timedOut, detail) }
    /// TLS handshake or verification failed.
    public static func tls(_ detail: String) -> Self { Self(.tls, detail) }
    /// The request could not be started.
    public static func invalidRequest(_ detail: String) -> Self { Self(.invalidRequest, detail) }
    /// Any other failure.
    public static func other(_ detail: String) -> Self { Self(.other, detail) }
}
