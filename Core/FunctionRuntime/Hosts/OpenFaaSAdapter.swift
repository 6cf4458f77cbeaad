/// The OpenFaaS classic watchdog: it forks the function per request, passes the request as `Http_*` variables and
/// the body on stdin, and sends stdout back as the body. It cannot carry a status code (it answers 200 for exit
/// status 0), so the status lives in the body only: every problem body repeats it.
public enum OpenFaaSAdapter {
    private static let nonHeaders: Set<String> = [
        "Http_Method", "Http_Path", "Http_Query", "Http_ContentLength", "Http_Content_Length", "Http_Transfer_Encoding",
    ]

    /// How much stdin to read: `Http_Content_Length`, or to EOF when it is absent or `-1` (chunked).
    public static func bodyLength(environment: [String: String]) throws -> BodyLength {
        guard let text = environment["Http_Content_Length"] ?? environment["Http_ContentLength"],
            let length = Int(text), length >= 0
        else { return .untilEOF }
        guard length <= RequestLimits.maxBodyBytes else {
            throw HTTPError.payloadTooLarge(limit: RequestLimits.maxBodyBytes)
        }
        return .exactly(length)
    }

    /// The request the watchdog's variables and the body describe. Header names arrive in Go's canonical form with
    /// `-` replaced by `_` (`Http_X_Request_Id`), so `_` turns back into `-`.
    public static func request(environment: [String: String], body: [UInt8]) -> FunctionRequest {
        var headers = HTTPHeaders()
        for (key, value) in environment.sorted(by: { $0.key < $1.key })
        where key.hasPrefix("Http_") && !nonHeaders.contains(key) {
            headers.add(key.dropFirst(5).split(separator: "_").joined(separator: "-"), value)
        }
        if headers["Content-Length"] == nil, let length = environment["Http_Content_Length"], length != "-1" {
            headers.add("Content-Length", length)
        }
        return FunctionRequest(
            method: environment["Http_Method"] ?? "GET",
            path: environment["Http_Path"] ?? "/",
            rawQuery: environment["Http_Query"] ?? "",
            headers: headers,
            body: body
        )
    }

    /// What the function writes to stdout: the body alone.
    public static func output(for response: FunctionResponse) -> [UInt8] { response.body }
}
