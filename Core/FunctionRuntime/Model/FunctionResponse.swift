import JSON

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
        return FunctionResponse(status: status, headers: all, body: try JSONValueEncoder().encode(value).jsonBytes)
    }

    /// A JSON response from a value built by hand. The hot answers (health, webhook acknowledgements, problems)
    /// use this: a synthesised `Encodable` instantiates generic containers at run time, and each costs a scan of
    /// every protocol conformance in the executable on a process's first request (callgrind: 12% of `health`).
    public static func json(_ value: JSONValue, status: Int = 200, headers: HTTPHeaders = HTTPHeaders())
        -> FunctionResponse
    {
        var all = headers
        all.set("Content-Type", "application/json")
        return FunctionResponse(status: status, headers: all, body: value.jsonBytes)
    }

    /// The body as UTF-8 text (for logs and tests).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// `JSONEncoder` set up to write what `FunctionResponse.json` writes (sorted keys, no escaped slashes): the
/// reference the tests hold the faster `JSONValueEncoder` + writer to.
public enum JSONCoding {
    /// An encoder whose output matches the answers' bytes.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
