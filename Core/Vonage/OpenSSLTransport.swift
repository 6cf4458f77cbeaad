import CTLSClient

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `HTTPTransport` as one blocking HTTP/1.1 exchange over a socket with OpenSSL (`Core/CTLSClient`): one connection
/// per request, no reuse (a function process sends one request and exits).
///
/// It replaces libcurl, whose 37 shared libraries cost a send-sms process more start-up than its whole exchange
/// and which Debian cannot link statically; OpenSSL's `.a` archives can be, so send-sms is a static executable.
/// Not supported, on purpose: redirects (Vonage answers directly), HTTP/2, proxies (`HTTPS_PROXY` and friends,
/// which libcurl honoured, are ignored), user info in URLs, connection reuse.
public struct OpenSSLTransport: HTTPTransport {
    /// Largest response accepted, header blocks included, so a misbehaving server cannot exhaust the process.
    public static let defaultMaxResponseBytes = 1 << 20

    /// The certificate authorities trusted for `https://`.
    public let trust: TLSTrust
    /// Responses beyond this many bytes fail as `.connectionLost` (the request had been sent).
    public let maxResponseBytes: Int

    /// - Parameters:
    ///   - trust: the CA directory or file; see `TLSTrust` for why a directory is the default.
    ///   - maxResponseBytes: the response size cap.
    public init(trust: TLSTrust = .system, maxResponseBytes: Int = OpenSSLTransport.defaultMaxResponseBytes) {
        self.trust = trust
        self.maxResponseBytes = max(1, maxResponseBytes)
    }

    /// Performs `request` synchronously; throws `TransportError` when no complete HTTP response arrived.
    public func send(_ request: HTTPRequest) throws -> HTTPResponse {
        try exchange(request)
    }

    private func exchange(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        let target = try HTTPTarget(request.url)
        let wire = try HTTPMessageCoding.encode(request, target: target)

        var response = ctls_response()
        defer { ctls_response_free(&response) }
        let result = target.host.withCString { host in
            withOptionalCString(trustFile) { caFile in
                withOptionalCString(trustDirectory) { caDirectory in
                    wire.withUnsafeBytes { bytes in
                        var call = ctls_request()
                        call.host = host
                        call.port = target.port
                        call.use_tls = target.usesTLS ? 1 : 0
                        // Over plain http the bearer JWT crosses the connection in clear text: the C client then
                        // connects only to a loopback address, judged by the address the name resolves to, so a
                        // name such as `localhost` mapped elsewhere cannot carry it off the machine.
                        call.loopback_only = target.usesTLS ? 0 : 1
                        call.ca_file = caFile
                        call.ca_directory = caDirectory
                        call.request = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
                        call.request_length = bytes.count
                        call.head_request = request.method == "HEAD" ? 1 : 0
                        call.timeout = request.timeout
                        call.connect_timeout = request.connectTimeout
                        call.max_response_bytes = maxResponseBytes
                        return ctls_perform(&call, &response)
                    }
                }
            }
        }
        guard result == CTLS_OK else { throw Self.error(for: result, detail: Self.detail(of: &response)) }
        let headers = HTTPMessageCoding.decodeHeaders(
            UnsafeRawBufferPointer(start: response.headers, count: response.headers_length))
        let body = response.body.map { Data(bytes: $0, count: response.body_length) } ?? Data()
        return HTTPResponse(status: Int(response.status), headers: headers, body: body)
    }

    private var trustFile: String? {
        if case .certificateFile(let file) = trust { return file }
        return nil
    }

    private var trustDirectory: String? {
        if case .certificateDirectory(let directory) = trust { return directory }
        return nil
    }

    /// Sorts the client's results into the kinds the retry logic decides on, as the libcurl mapping did, with one
    /// deliberate difference: an unreadable answer (malformed, or over the size cap), which libcurl reported as
    /// `CURLE_WEIRD_SERVER_REPLY` and so `.other`, is `.connectionLost` here. The request had been sent, so the
    /// outcome is unknown and the message must not be sent again.
    static func error(for result: ctls_result, detail: String) -> TransportError {
        switch result {
        case CTLS_TIMED_OUT: return .timedOut(detail)
        case CTLS_CONNECT_FAILED: return .connectionFailed(detail)
        // Some or all of the request may have reached Vonage, which may have accepted the message.
        case CTLS_CONNECTION_LOST: return .connectionLost(detail)
        case CTLS_TLS: return .tls(detail)
        case CTLS_INVALID_REQUEST: return .invalidRequest(detail)
        default: return .other(detail)
        }
    }

    /// The C client's failure text (library and system messages only, never request bytes).
    private static func detail(of response: inout ctls_response) -> String {
        withUnsafeBytes(of: &response.detail) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}

/// Calls `body` with a C string for `value`, or with `nil`.
private func withOptionalCString<Result>(_ value: String?, _ body: (UnsafePointer<CChar>?) -> Result) -> Result {
    guard let value else { return body(nil) }
    return value.withCString { body($0) }
}
