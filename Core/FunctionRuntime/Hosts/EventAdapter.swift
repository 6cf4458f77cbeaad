import JSON

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The JSON event shapes a function accepts on stdin or from the Lambda Runtime API, and answers in kind.
public enum EventShape: String, Sendable, Equatable {
    /// API Gateway HTTP API, payload format 2.0 (also Lambda Function URLs).
    case apiGatewayV2
    /// API Gateway REST API, or HTTP API with payload format 1.0.
    case apiGatewayV1
    /// `{"method","path","query","headers","body","isBase64Encoded"}`, for people and scripts.
    case plain
}

/// A decoded event: the request, its shape (which fixes the response shape) and the request id it carried.
public struct DecodedEvent: Sendable, Equatable {
    /// The HTTP request inside the event.
    public var request: FunctionRequest
    /// The shape the response must take.
    public var shape: EventShape
    /// `requestContext.requestId`, when present.
    public var requestID: String?
    /// Set when the event is a request but its body must be refused (413 over the limit, 400 bad base64): the
    /// runtime answers with it, in the event's shape, without calling the handler.
    public var rejection: HTTPError?
}

/// Decodes API Gateway v1/v2, Function URL and plain events, and encodes the matching proxy responses.
public enum EventAdapter {
    /// The members the decoders below read. An API Gateway event carries much more (a dozen `requestContext`
    /// fields, `routeKey`, stage variables …); it is checked but not built, which is a quarter of the parse on a
    /// warm invocation. A field a decoder starts to read must be listed here (a test decodes every sample event
    /// with and without this projection and compares).
    static let projection = JSONProjection.members([
        ("version", .everything), ("rawPath", .everything), ("rawQueryString", .everything), ("headers", .everything),
        ("cookies", .everything), ("body", .everything), ("isBase64Encoded", .everything),
        ("httpMethod", .everything), ("path", .everything), ("multiValueHeaders", .everything),
        ("queryStringParameters", .everything), ("multiValueQueryStringParameters", .everything),
        ("method", .everything), ("query", .everything),
        (
            "requestContext",
            .members([
                ("http", .members([("method", .everything), ("path", .everything)])), ("requestId", .everything),
            ])
        ),
    ])

    /// Decodes one event. A v2 event is recognised by `"version": "2.0"` and must carry `requestContext.http`; a
    /// v1 event by `httpMethod` (never by guessing from shared fields), a plain event by `method`.
    public static func decode(_ bytes: [UInt8]) throws -> DecodedEvent {
        try decode(bytes, projection: projection)
    }

    /// `decode(_:)` with another projection (tests compare against `.everything`).
    static func decode(_ bytes: [UInt8], projection: JSONProjection) throws -> DecodedEvent {
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            throw HostInputError("stdin is empty: expected one JSON request event (API Gateway v2, v1, or plain)")
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes, projection: projection)
        } catch {
            throw HostInputError(
                "stdin is not valid JSON: expected one JSON request event (API Gateway v2, v1, or plain)")
        }
        guard json.object != nil else {
            throw HostInputError("the event is not a JSON object: expected API Gateway v2, v1, or plain")
        }
        if json["version"]?.string == "2.0" { return try decodeV2(json) }
        if json["httpMethod"]?.string != nil { return try decodeV1(json) }
        if json["method"]?.string != nil { return try decodePlain(json) }
        throw HostInputError(
            "unknown event shape: expected API Gateway v2 (\"version\": \"2.0\"), v1 (\"httpMethod\") "
                + "or plain (\"method\", \"path\")")
    }

    private static func decodeV2(_ json: JSONValue) throws -> DecodedEvent {
        guard let http = json["requestContext"]?["http"], let method = http["method"]?.string else {
            throw HostInputError("API Gateway v2 event without requestContext.http.method")
        }
        var headers = headerPairs(json["headers"])
        if case .array(let cookies)? = json["cookies"], !cookies.isEmpty {
            headers.add("Cookie", cookies.compactMap(\.string).joined(separator: "; "))
        }
        let path = json["rawPath"]?.string ?? http["path"]?.string ?? "/"
        let payload = body(json)
        let request = FunctionRequest(
            method: method, path: path, rawQuery: json["rawQueryString"]?.string ?? "", headers: headers,
            body: payload.bytes)
        return DecodedEvent(
            request: request, shape: .apiGatewayV2, requestID: json["requestContext"]?["requestId"]?.string,
            rejection: payload.rejection)
    }

    private static func decodeV1(_ json: JSONValue) throws -> DecodedEvent {
        guard let method = json["httpMethod"]?.string else { throw HostInputError("v1 event without httpMethod") }
        // multiValueHeaders holds every value; headers holds the last one. Prefer the complete view.
        var headers = HTTPHeaders()
        if let multi = json["multiValueHeaders"]?.object, !multi.isEmpty {
            for (name, values) in multi.sorted(by: { $0.key < $1.key }) {
                if case .array(let items) = values {
                    for item in items { if let v = item.scalarText { headers.add(name, v) } }
                }
            }
        } else {
            headers = headerPairs(json["headers"])
        }
        var query: [(name: String, value: String)] = []
        if let multi = json["multiValueQueryStringParameters"]?.object, !multi.isEmpty {
            for (name, values) in multi.sorted(by: { $0.key < $1.key }) {
                if case .array(let items) = values {
                    for item in items { if let v = item.scalarText { query.append((name, v)) } }
                }
            }
        } else if let single = json["queryStringParameters"]?.object {
            for (name, value) in single.sorted(by: { $0.key < $1.key }) {
                if let v = value.scalarText { query.append((name, v)) }
            }
        }
        let rawQuery = query.map { QueryString.encode($0.name) + "=" + QueryString.encode($0.value) }.joined(
            separator: "&")
        let payload = body(json)
        let request = FunctionRequest(
            method: method, path: json["path"]?.string ?? "/", rawQuery: rawQuery, query: query, headers: headers,
            body: payload.bytes)
        return DecodedEvent(
            request: request, shape: .apiGatewayV1, requestID: json["requestContext"]?["requestId"]?.string,
            rejection: payload.rejection)
    }

    private static func decodePlain(_ json: JSONValue) throws -> DecodedEvent {
        guard let method = json["method"]?.string else { throw HostInputError("plain event without method") }
        var rawQuery = ""
        var query: [(name: String, value: String)]?
        switch json["query"] {
        case .string(let text)?: rawQuery = text.hasPrefix("?") ? String(text.dropFirst()) : text
        case .object(let members)?:
            var items: [(name: String, value: String)] = []
            for (name, value) in members.sorted(by: { $0.key < $1.key }) {
                if case .array(let values) = value {
                    for item in values { if let v = item.scalarText { items.append((name, v)) } }
                } else if let v = value.scalarText {
                    items.append((name, v))
                }
            }
            query = items
            rawQuery = items.map { QueryString.encode($0.name) + "=" + QueryString.encode($0.value) }.joined(
                separator: "&")
        default: break
        }
        var path = json["path"]?.string ?? "/"
        if query == nil, rawQuery.isEmpty, let mark = path.firstIndex(of: "?") {
            rawQuery = String(path[path.index(after: mark)...])
            path = String(path[..<mark])
        }
        let payload = body(json)
        let request = FunctionRequest(
            method: method, path: path, rawQuery: rawQuery, query: query, headers: headerPairs(json["headers"]),
            body: payload.bytes)
        return DecodedEvent(request: request, shape: .plain, requestID: nil, rejection: payload.rejection)
    }

    /// Headers from an object whose values are strings, or arrays of strings (plain events may list several).
    private static func headerPairs(_ value: JSONValue?) -> HTTPHeaders {
        var headers = HTTPHeaders()
        for (name, value) in (value?.object ?? [:]).sorted(by: { $0.key < $1.key }) {
            if case .array(let items) = value {
                for item in items { if let v = item.scalarText { headers.add(name, v) } }
            } else if let v = value.scalarText {
                headers.add(name, v)
            }
        }
        return headers
    }

    /// The body, base64-decoded when `isBase64Encoded` is true, or why it is refused.
    private static func body(_ json: JSONValue) -> (bytes: [UInt8], rejection: HTTPError?) {
        do {
            return (try decodedBody(json), nil)
        } catch let error as HTTPError {
            return ([], error)
        } catch {
            return ([], HTTPError.badRequest("The event body cannot be read."))
        }
    }

    private static func decodedBody(_ json: JSONValue) throws -> [UInt8] {
        let bytes: [UInt8]
        switch json["body"] {
        case .string(let text)?:
            if json["isBase64Encoded"]?.bool == true {
                guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
                    throw HTTPError.badRequest("The event says the body is base64, but it is not.")
                }
                bytes = Array(data)
            } else {
                bytes = Array(text.utf8)
            }
        case .object?, .array?:
            // A hand-written plain event may carry the JSON body inline; accept it as its compact text.
            bytes = json["body"]?.jsonBytes ?? []
        default:
            bytes = []
        }
        guard bytes.count <= RequestLimits.maxBodyBytes else {
            throw HTTPError.payloadTooLarge(limit: RequestLimits.maxBodyBytes)
        }
        return bytes
    }

    /// The proxy response for `shape`. A body that is not UTF-8 text goes out base64 with `isBase64Encoded`.
    public static func encode(_ response: FunctionResponse, shape: EventShape) -> [UInt8] {
        let text = String(validating: response.body, as: UTF8.self)
        let body = text ?? Data(response.body).base64EncodedString()
        // Fields grouped by lower-cased name, names sorted, values in order; written straight to bytes in the same
        // sorted-key form the JSON writer produces (dictionaries and a JSONValue tree per invocation cost ~35 k
        // instructions of a warm invocation).
        var groups: [(name: String, values: [String])] = []
        for field in HeaderSanitizer.sanitize(response.headers) {
            let name = field.name.lowercased()
            if let index = groups.firstIndex(where: { $0.name == name }) {
                groups[index].values.append(field.value)
            } else {
                groups.append((name, [field.value]))
            }
        }
        groups.sort { $0.name < $1.name }
        var output: [UInt8] = []
        output.reserveCapacity(body.utf8.count + 160)
        func key(_ name: String) {
            JSONValue.writeString(name, into: &output)
            output.append(UInt8(ascii: ":"))
        }
        func list<T>(_ items: [T], _ open: Character, _ close: Character, _ write: (T) -> Void) {
            output.append(contentsOf: String(open).utf8)
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(item)
            }
            output.append(contentsOf: String(close).utf8)
        }
        output.append(UInt8(ascii: "{"))
        key("body")
        JSONValue.writeString(body, into: &output)
        switch shape {
        case .apiGatewayV2, .plain:
            output.append(UInt8(ascii: ","))
            key("headers")
            list(groups, "{", "}") { group in
                key(group.name)
                JSONValue.writeString(group.values.joined(separator: ", "), into: &output)
            }
            output.append(UInt8(ascii: ","))
            key("isBase64Encoded")
            output.append(contentsOf: (text == nil ? "true" : "false").utf8)
        case .apiGatewayV1:
            output.append(UInt8(ascii: ","))
            key("isBase64Encoded")
            output.append(contentsOf: (text == nil ? "true" : "false").utf8)
            output.append(UInt8(ascii: ","))
            key("multiValueHeaders")
            list(groups, "{", "}") { group in
                key(group.name)
                list(group.values, "[", "]") { JSONValue.writeString($0, into: &output) }
            }
        }
        output.append(UInt8(ascii: ","))
        key("statusCode")
        output.append(contentsOf: String(response.status).utf8)
        output.append(UInt8(ascii: "}"))
        return output
    }
}
