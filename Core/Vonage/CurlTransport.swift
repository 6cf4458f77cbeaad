#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CCurl

/// `curl_global_init` runs exactly once per process: Swift initialises globals lazily and thread-safely.
private let curlGlobalInit: CURLcode = ccurl_global_init_default()

/// `HTTPTransport` over libcurl's easy interface: one handle per request, no connection reuse (a function process
/// sends one request and exits).
public struct CurlTransport: HTTPTransport {
    /// The certificate authorities trusted for `https://`.
    public let trust: TLSTrust

    /// - Parameter trust: the CA directory or file; see `TLSTrust` for why a directory is the default.
    public init(trust: TLSTrust = .system) {
        self.trust = trust
    }

    /// Performs `request` synchronously; throws `TransportError` when no HTTP response arrived.
    public func send(_ request: HTTPRequest) throws -> HTTPResponse {
        guard curlGlobalInit == CURLE_OK else { throw TransportError.other("curl_global_init failed") }
        guard request.timeout > 0 else { throw TransportError.timedOut("no time left for the request") }
        guard let handle = curl_easy_init() else { throw TransportError.other("curl_easy_init failed") }
        defer { curl_easy_cleanup(handle) }

        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: ccurl_error_size())
        errorBuffer.initialize(repeating: 0, count: ccurl_error_size())
        defer { errorBuffer.deallocate() }

        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for (name, value) in request.headers {
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        // Without this, libcurl may wait for a 100-continue that Vonage never sends.
        headerList = curl_slist_append(headerList, "Expect:")

        let accumulator = ResponseAccumulator()
        let context = Unmanaged.passUnretained(accumulator).toOpaque()

        var setupFailed = false
        func set(_ result: CURLcode) { if result != CURLE_OK { setupFailed = true } }
        set(ccurl_setopt_str(handle, CURLOPT_URL, request.url))
        set(ccurl_setopt_str(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        set(ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        set(ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        set(ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout)))
        set(ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout)))
        set(ccurl_setopt_ptr(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        set(ccurl_setopt_ptr(handle, CURLOPT_HTTPHEADER, headerList))
        set(ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1))
        set(ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2))
        switch trust {
        case .certificateDirectory(let directory):
            // Clear the compiled-in bundle so OpenSSL never parses the whole file.
            set(ccurl_setopt_str(handle, CURLOPT_CAINFO, nil))
            set(ccurl_setopt_str(handle, CURLOPT_CAPATH, directory))
        case .certificateFile(let file):
            set(ccurl_setopt_str(handle, CURLOPT_CAINFO, file))
            set(ccurl_setopt_str(handle, CURLOPT_CAPATH, nil))
        }
        switch request.method {
        case "GET":
            set(ccurl_setopt_long(handle, CURLOPT_HTTPGET, 1))
        case "POST":
            set(ccurl_setopt_long(handle, CURLOPT_POST, 1))
        default:
            set(ccurl_setopt_str(handle, CURLOPT_CUSTOMREQUEST, request.method))
        }
        if request.method != "GET" {
            set(ccurl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
            request.body.withUnsafeBytes { raw in
                // COPYPOSTFIELDS copies, so the buffer need not outlive this closure.
                set(ccurl_setopt_ptr(handle, CURLOPT_COPYPOSTFIELDS, raw.baseAddress ?? UnsafeRawPointer(errorBuffer)))
            }
        }
        set(ccurl_setopt_write_fn(handle, curlWriteBody))
        set(ccurl_setopt_ptr(handle, CURLOPT_WRITEDATA, context))
        set(ccurl_setopt_header_fn(handle, curlWriteHeader))
        set(ccurl_setopt_ptr(handle, CURLOPT_HEADERDATA, context))
        guard !setupFailed else { throw TransportError.invalidRequest("libcurl refused an option") }

        let result = withExtendedLifetime(accumulator) { curl_easy_perform(handle) }
        guard result == CURLE_OK else {
            throw Self.error(for: result, message: String(cString: errorBuffer))
        }
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: accumulator.headers, body: accumulator.body)
    }

    private static func milliseconds(_ seconds: Double) -> Int {
        max(1, Int((seconds * 1000).rounded(.up)))
    }

    /// Sorts libcurl's result codes into the kinds the retry logic decides on.
    static func error(for code: CURLcode, message: String) -> TransportError {
        let text = message.isEmpty ? String(cString: curl_easy_strerror(code)) : message
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(text)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT:
            return .connectionFailed(text)
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2,
            CURLE_HTTP2_STREAM:
            // Some or all of the request may have reached Vonage, which may have accepted the message.
            return .connectionLost(text)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_USE_SSL_FAILED:
            return .tls(text)
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return .invalidRequest(text)
        default:
            return .other(text)
        }
    }
}

/// Collects what libcurl's callbacks deliver; lives only for one synchronous `curl_easy_perform`.
private final class ResponseAccumulator {
    var body = Data()
    var headers: [(name: String, value: String)] = []
}

private let curlWriteBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    data, size, count, context in
    let length = size * count
    guard let data, let context else { return length }
    let accumulator = Unmanaged<ResponseAccumulator>.fromOpaque(context).takeUnretainedValue()
    accumulator.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
    return length
}

private let curlWriteHeader: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int
= { data, size, count, context in
    let length = size * count
    guard let data, let context else { return length }
    let accumulator = Unmanaged<ResponseAccumulator>.fromOpaque(context).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: data, count: length)
    let line = String(decoding: bytes, as: UTF8.self)
    if line.hasPrefix("HTTP/") {
        // A new status line starts a new header block (after a 1xx); keep only the final response's headers.
        accumulator.headers = []
    } else if let colon = line.firstIndex(of: ":") {
        let name = String(line[..<colon])
        var value = line[line.index(after: colon)...]
        // "\r\n" is one Character in Swift, so test `isNewline` rather than comparing with "\r" and "\n".
        while let last = value.last, last.isNewline { value = value.dropLast() }
        accumulator.headers.append((name: name, value: String(value.trimmingSpaces())))
    }
    return length
}
