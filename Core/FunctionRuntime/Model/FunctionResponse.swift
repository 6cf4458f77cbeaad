#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One HTTP response, written back by whichever host adapter delivered the request.
public struct FunctionResponse: Sendable, Equatable {
    /// HTTP status code.
    public var status: Int
    /// Response headers (the adapters sanitise them before they reach a host).
    public var headers: HTTPHeaders
    /// Body bytes.
    public var body: [UInt8]

    /// A response with raw bytes.
    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response; keys are sorted so answers are byte-stable (idempotent replays compare equal).
    public static func json(_ value: some Encodable, status: Int = 200, headers: HTTPHeaders = HTTPHeaders()) throws
        -> FunctionResponse
    {
        var all = headers
        all.set("Content-Type", "application/json")
        return FunctionResponse(status: status, headers: all, body: Array(try JSONCoding.encoder.encode(value)))
    }

    /// The body as UTF-8 text (for logs and tests).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// Shared JSON coders: sorted keys and no escaped slashes, so output is stable and readable.
public enum JSONCoding {
    /// Encoder used for every JSON answer.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
