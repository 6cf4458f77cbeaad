/// Builds a CGI program's environment as Apache's mod_cgi(d) does: the configuration variables, then the request
/// meta-variables, which always win.
enum CGIEnvironment {
    /// Names a host's configuration may not smuggle into a request (they describe the request or pick another
    /// host adapter); they are removed from the configuration before the request's own are added.
    static func isReserved(_ name: String) -> Bool {
        name.hasPrefix("HTTP_") || name.hasPrefix("Http_") || requestVariables.contains(name)
            || ["SMS_HOST", "AWS_LAMBDA_RUNTIME_API", "_HANDLER", "LAMBDA_TASK_ROOT"].contains(name)
    }

    static let requestVariables: Set<String> = [
        "GATEWAY_INTERFACE", "SERVER_SOFTWARE", "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL", "SERVER_ADDR",
        "REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "PATH_TRANSLATED", "QUERY_STRING", "REQUEST_URI",
        "CONTENT_TYPE", "CONTENT_LENGTH", "REMOTE_ADDR", "REMOTE_PORT", "REMOTE_HOST", "REMOTE_USER", "AUTH_TYPE",
        "SCRIPT_FILENAME", "DOCUMENT_ROOT", "HTTPS", "UNIQUE_ID",
    ]

    /// The environment for `request` to run `scriptFilename` with `configuration` underneath.
    static func make(
        for request: CGIRequest, scriptFilename: String, configuration: [String: String]
    ) -> [String: String] {
        var environment = configuration.filter { !isReserved($0.key) }
        environment["GATEWAY_INTERFACE"] = "CGI/1.1"
        environment["SERVER_SOFTWARE"] = "sms-local/0.1"
        environment["SERVER_NAME"] = request.serverName
        environment["SERVER_PORT"] = String(request.serverPort)
        environment["SERVER_PROTOCOL"] = "HTTP/1.1"
        environment["REQUEST_METHOD"] = request.method
        environment["SCRIPT_NAME"] = request.scriptName
        environment["SCRIPT_FILENAME"] = scriptFilename
        if let pathInfo = request.pathInfo { environment["PATH_INFO"] = pathInfo }
        environment["QUERY_STRING"] = request.query
        environment["REQUEST_URI"] = request.requestURI
        environment["REMOTE_ADDR"] = request.remoteAddress
        environment["REMOTE_PORT"] = String(request.remotePort)
        if let length = request.contentLength {
            environment["CONTENT_LENGTH"] = String(length)
        }
        for (name, value) in request.headers {
            let lower = name.lowercased()
            if lower == "content-type" {
                environment["CONTENT_TYPE"] = value
                continue
            }
            guard let variable = metaVariable(forHeader: name), lower != "content-length" else { continue }
            environment[variable] = environment[variable].map { $0 + ", " + value } ?? value
        }
        return environment
    }

    /// `X-Request-Id` → `HTTP_X_REQUEST_ID`; `nil` for names a CGI host does not pass: anything but letters,
    /// digits and `-` (Apache 2.4 drops them, so `X_Forwarded` cannot pose as `X-Forwarded`), and `Proxy`
    /// (httpoxy: it would become `HTTP_PROXY`, which HTTP clients read as their proxy).
    static func metaVariable(forHeader name: String) -> String? {
        guard !name.isEmpty, name.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || ($0 < 0x80 && isAlphanumeric($0)) })
        else { return nil }
        guard name.lowercased() != "proxy" else { return nil }
        return "HTTP_" + name.uppercased().replacing("-", with: "_")
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
