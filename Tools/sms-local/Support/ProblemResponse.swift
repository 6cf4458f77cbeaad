import Foundation
import HTTPTypes
import Hummingbird

/// JSON answers the tool itself makes (not the functions'): RFC 7807 problems and plain JSON objects.
enum JSONResponse {
    /// `status` with `object` encoded compactly (sorted keys, so answers are stable) and `contentType`.
    static func make(
        _ status: HTTPResponse.Status, _ object: [String: Any], contentType: String = "application/json",
        extraHeaders: HTTPFields = [:]
    ) -> Response {
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: options))
            ?? Data("{}".utf8)
        var headers = extraHeaders
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A problem+json answer in the functions' style (`type`, `title`, `status`, `detail`).
    static func problem(_ status: HTTPResponse.Status, _ detail: String) -> Response {
        make(
            status,
            [
                "type": "about:blank", "title": status.reasonPhrase, "status": status.code, "detail": detail,
            ],
            contentType: "application/problem+json")
    }
}
