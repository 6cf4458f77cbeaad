import HTTPTypes
import Hummingbird
import NIOCore

/// The console at `/`: one page, its script and its style sheet, all served from memory by sms-local. The
/// Content-Security-Policy lets the page load and call nothing but sms-local itself and run no inline script, so
/// even a value that escaped the script's text-only rendering could not execute.
enum ConsoleAssets {
    static let securityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "form-action 'none'; base-uri 'none'; frame-ancestors 'none'"

    /// The paths the console answers, with their type and bytes.
    static let files: [String: (contentType: String, body: String)] = [
        "/": ("text/html; charset=utf-8", ConsolePage.html),
        "/console/console.js": ("text/javascript; charset=utf-8", ConsoleScript.javascript),
        "/console/console.css": ("text/css; charset=utf-8", ConsoleStyle.css),
    ]

    /// The answer for `path`, or `nil` when the console does not serve it (or the method is not GET/HEAD).
    static func response(path: String, method: HTTPRequest.Method) -> Response? {
        guard method == .get || method == .head, let file = files[path] else { return nil }
        var headers = HTTPFields()
        headers[.contentType] = file.contentType
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = securityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[.init("Referrer-Policy")!] = "no-referrer"
        let body = method == .head ? ByteBuffer() : ByteBuffer(string: file.body)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }
}
