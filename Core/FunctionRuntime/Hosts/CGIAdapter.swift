/// CGI/1.1 (RFC 3875) as Apache mod_cgid and nginx + fcgiwrap speak it: the request comes from the environment
/// and stdin, the response goes to stdout as `Status:` + headers + a blank line + the body.
public enum CGIAdapter {
    /// How many bytes of stdin to read for a request: exactly `CONTENT_LENGTH`, or to EOF when it is absent
    /// (Apache passes chunked uploads that way). Throws 413 when the declared length is over the limit.
    public static func bodyLength(environment: [String: String]) throws -> BodyLength {
        guard let text = environment["CONTENT_LENGTH"], !text.isEmpty else {
            // Without a length, read to EOF only when a body is announced (chunked) or the method carries one: RFC
            // 3875 does not oblige a host to close stdin, so a GET must not wait for EOF.
            let method = environment["REQUEST_METHOD"]?.uppercased() ?? "GET"
            let bodyless: Set<String> = ["GET", "HEAD", "DELETE", "OPTIONS"]
            if bodyless.contains(method) && environment["HTTP_TRANSFER_ENCODING"] == nil { return .exactly(0) }
            return .untilEOF
        }
        guard let length = Int(text), length >= 0 else {
            throw HTTPError.badRequest("CONTENT_LENGTH is not a number.")
        }
        guard length <= RequestLimits.maxBodyBytes else {
            throw HTTPError.payloadTooLarge(limit: RequestLimits.maxBodyBytes)
        }
        return .exactly(length)
    }

    /// The request that the CGI environment and the body describe.
    public static func request(environment: [String: String], body: [UInt8]) -> FunctionRequest {
        var headers = HTTPHeaders()
        if let type = environment["CONTENT_TYPE"], !type.isEmpty { headers.add("Content-Type", type) }
        if let length = environment["CONTENT_LENGTH"], !length.isEmpty { headers.add("Content-Length", length) }
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) where key.hasPrefix("HTTP_") {
            headers.add(headerName(fromMetaVariable: String(key.dropFirst(5))), value)
        }
        let scriptName = environment["SCRIPT_NAME"] ?? ""
        let pathInfo = environment["PATH_INFO"].flatMap { $0.isEmpty ? nil : $0 }
        return FunctionRequest(
            method: environment["REQUEST_METHOD"] ?? "GET",
            path: scriptName + (pathInfo ?? ""),
            pathInfo: pathInfo,
            rawQuery: environment["QUERY_STRING"] ?? "",
            headers: headers,
            body: body
        )
    }

    /// `X_REQUEST_ID` → `X-Request-Id`.
    static func headerName(fromMetaVariable name: String) -> String {
        name.split(separator: "_", omittingEmptySubsequences: false)
            .map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }
            .joined(separator: "-")
    }

    /// The bytes a CGI program writes for `response`: the status line, sanitised headers, `Content-Length`,
    /// a blank line and the body.
    public static func output(for response: FunctionResponse) -> [UInt8] {
        var head = "Status: \(response.status) \(StatusReason.phrase(for: response.status))\r\n"
        for field in HeaderSanitizer.sanitize(response.headers) { head += "\(field.name): \(field.value)\r\n" }
        if response.headers["Content-Type"] == nil, !response.body.isEmpty {
            head += "Content-Type: application/octet-stream\r\n"
        }
        head += "Content-Length: \(response.body.count)\r\n\r\n"
        return Array(head.utf8) + response.body
    }
}

/// How much of stdin makes up the body.
public enum BodyLength: Equatable, Sendable {
    /// Exactly this many bytes.
    case exactly(Int)
    /// Everything until end of file (bounded by the body limit).
    case untilEOF
}
