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
    /// Decodes one event. A v2 event is recognised by `"version": "2.0"` and must carry `requestContext.http`; a
    /// v1 event by `httpMethod` (never by guessing from shared fields), a plain event by `method`.
    public static func decode(_ bytes: [UInt8]) throws -> DecodedEvent {
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            throw HostInputError("stdin is empty: expected one JSON request event (API Gateway v2, v1, or plain)")
        }
        let fields: EventFields?
        do {
            fields = try EventFields.read(bytes)
        } catch {
            throw HostInputError(
                "stdin is not valid JSON: expected one JSON request event (API Gateway v2, v1, or plain)")
        }
        guard let fields else {
            throw HostInputError("the event is not a JSON object: expected API Gateway v2, v1, or plain")
        }
        return try decode(fields)
    }

    /// The event the members in `fields` make up.
    static func decode(_ fields: EventFields) throws -> DecodedEvent {
        if fields.version == "2.0" { return try decodeV2(fields) }
        if fields.httpMethod != nil { return try decodeV1(fields) }
        if fields.method != nil { return try decodePlain(fields) }
        throw HostInputError(
            "unknown event shape: expected API Gateway v2 (\"version\": \"2.0\"), v1 (\"httpMethod\") "
                + "or plain (\"method\", \"path\")")
    }

    private static func decodeV2(_ fields: EventFields) throws -> DecodedEvent {
        guard let method = fields.contextMethod else {
            throw HostInputError("API Gateway v2 event without requestContext.http.method")
        }
        var headers = headerPairs(fields.headers)
        if case .array(let cookies)? = fields.cookies, !cookies.isEmpty {
            headers.add("Cookie", cookies.compactMap(\.string).joined(separator: "; "))
        }
        let path = fields.rawPath ?? fields.contextPath ?? "/"
        let payload = body(fields)
        let request = FunctionRequest(
            method: method, path: path, rawQuery: fields.rawQueryString ?? "", headers: headers, body: payload.bytes)
        return DecodedEvent(
            request: request, shape: .apiGatewayV2, requestID: fields.requestID, rejection: payload.rejection)
    }

    private static func decodeV1(_ fields: EventFields) throws -> DecodedEvent {
        guard let method = fields.httpMethod else { throw HostInputError("v1 event without httpMethod") }
        // multiValueHeaders holds every value; headers holds the last one. Prefer the complete view.
        var headers = HTTPHeaders()
        if let multi = fields.multiValueHeaders?.object, !multi.isEmpty {
            for (name, values) in multi.sorted(by: { $0.key < $1.key }) {
                if case .array(let items) = values {
                    for item in items { if let v = item.scalarText { headers.add(name, v) } }
                }
            }
        } else {
            headers = headerPairs(fields.headers)
        }
        var query: [(name: String, value: String)] = []
        if let multi = fields.multiValueQueryStringParameters?.object, !multi.isEmpty {
            for (name, values) in multi.sorted(by: { $0.key < $1.key }) {
                if case .array(let items) = values {
                    for item in items { if let v = item.scalarText { query.append((name, v)) } }
                }
            }
        } else if let single = fields.queryStringParameters?.object {
            for (name, value) in single.sorted(by: { $0.key < $1.key }) {
                if let v = value.scalarText { query.append((name, v)) }
            }
        }
        let rawQuery = query.map { QueryString.encode($0.name) + "=" + QueryString.encode($0.value) }.joined(
            separator: "&")
        let payload = body(fields)
        let request = FunctionRequest(
            method: method, path: fields.path ?? "/", rawQuery: rawQuery, query: query, headers: headers,
            body: payload.bytes)
        return DecodedEvent(
            request: request, shape: .apiGatewayV1, requestID: fields.requestID, rejection: payload.rejection)
    }

    private static func decodePlain(_ fields: EventFields) throws -> DecodedEvent {
        guard let method = fields.method else { throw HostInputError("plain event without method") }
        var rawQuery = ""
        var query: [(name: String, value: String)]?
        switch fields.query {
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
        var path = fields.path ?? "/"
        if query == nil, rawQuery.isEmpty, let mark = path.firstIndex(of: "?") {
            rawQuery = String(path[path.index(after: mark)...])
            path = String(path[..<mark])
        }
        let payload = body(fields)
        let request = FunctionRequest(
            method: method, path: path, rawQuery: rawQuery, query: query, headers: headerPairs(fields.headers),
            body: payload.bytes)
        return DecodedEvent(request: request, shape: .plain, requestID: nil, rejection: payload.rejection)
    }

    /// Headers from an object's members whose values are strings, or arrays of strings (plain events may list
    /// several), in name order.
    private static func headerPairs(_ members: [(name: String, value: JSONValue)]) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.reserveCapacity(members.count)
        // Positions in name order (a repeated name in document order); most events list unique names, often
        // already in order, which one pass confirms without sorting.
        var order = Array(members.indices)
        if !zip(order, order.dropFirst()).allSatisfy({ members[$0].name < members[$1].name }) {
            order.sort { members[$0].name != members[$1].name ? members[$0].name < members[$1].name : $0 < $1 }
        }
        for (index, position) in order.enumerated() {
            let (name, value) = members[position]
            // A name the object repeats keeps its last value, as it would in a dictionary.
            if index + 1 < order.count, members[order[index + 1]].name == name { continue }
            if case .array(let items) = value {
                for item in items { if let v = item.scalarText { headers.add(name, v) } }
            } else if let v = value.scalarText {
                headers.add(name, v)
            }
        }
        return headers
    }

    /// The body, base64-decoded when `isBase64Encoded` is true, or why it is refused.
    private static func body(_ fields: EventFields) -> (bytes: [UInt8], rejection: HTTPError?) {
        do {
            return (try decodedBody(fields), nil)
        } catch let error as HTTPError {
            return ([], error)
        } catch {
            return ([], HTTPError.badRequest("The event body cannot be read."))
        }
    }

    private static func decodedBody(_ fields: EventFields) throws -> [UInt8] {
        let bytes: [UInt8]
        switch fields.body {
        case .string(let text)?:
            if fields.isBase64Encoded {
                guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
                    throw HTTPError.badRequest("The event says the body is base64, but it is not.")
                }
                bytes = Array(data)
            } else {
                bytes = Array(text.utf8)
            }
        case .object?, .array?:
            // A hand-written plain event may carry the JSON body inline; accept it as its compact text.
            bytes = fields.body?.jsonBytes ?? []
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
        // Text goes out as it is (ASCII needs no validation); anything else that is not UTF-8 goes out base64.
        let isText = !response.body.contains { $0 >= 0x80 } || String(validating: response.body, as: UTF8.self) != nil
        let body = isText ? response.body : Array(Data(response.body).base64EncodedString().utf8)
        // Fields grouped by name (ASCII case-insensitively), written lower-cased in sorted order, values in order;
        // written straight to bytes in the same sorted-key form the JSON writer produces (dictionaries and a
        // JSONValue tree per invocation cost ~35 k instructions of a warm invocation, lower-cased name strings
        // another ~5 k). Names are tokens (the sanitizer drops others), so they need no escaping.
        let fields = HeaderSanitizer.sanitize(response.headers)
        // Positions in lower-cased name order, a name's fields in their order (no array per name: a response has
        // a handful of fields, nearly always one per name).
        var order = Array(fields.indices)
        order.sort { left, right in
            if HeaderSanitizer.lowercasedPrecedes(fields[left].name, fields[right].name) { return true }
            if HeaderSanitizer.lowercasedPrecedes(fields[right].name, fields[left].name) { return false }
            return left < right
        }
        // `output` is passed to static helpers rather than captured by local functions: a captured `var` is boxed,
        // and every access to it then pays a dynamic exclusivity check.
        var output: [UInt8] = []
        output.reserveCapacity(body.count + 160)
        JSONValue.writeRaw(#"{"body":"#, into: &output)
        JSONValue.writeString(utf8: body, into: &output)
        switch shape {
        case .apiGatewayV2, .plain:
            JSONValue.writeRaw(#","headers":{"#, into: &output)
            var start = 0
            while let end = nameRun(fields, order, from: start) {
                if start > 0 { output.append(UInt8(ascii: ",")) }
                key(fields[order[start]].name, to: &output)
                let value =
                    end == start + 1
                    ? fields[order[start]].value
                    : order[start..<end].map { fields[$0].value }.joined(separator: ", ")
                JSONValue.writeString(value, into: &output)
                start = end
            }
            JSONValue.writeRaw(isText ? #"},"isBase64Encoded":false"# : #"},"isBase64Encoded":true"#, into: &output)
        case .apiGatewayV1:
            JSONValue.writeRaw(isText ? #","isBase64Encoded":false"# : #","isBase64Encoded":true"#, into: &output)
            JSONValue.writeRaw(#","multiValueHeaders":{"#, into: &output)
            var start = 0
            while let end = nameRun(fields, order, from: start) {
                if start > 0 { output.append(UInt8(ascii: ",")) }
                key(fields[order[start]].name, to: &output)
                output.append(UInt8(ascii: "["))
                for position in start..<end {
                    if position > start { output.append(UInt8(ascii: ",")) }
                    JSONValue.writeString(fields[order[position]].value, into: &output)
                }
                output.append(UInt8(ascii: "]"))
                start = end
            }
            output.append(UInt8(ascii: "}"))
        }
        JSONValue.writeRaw(#","statusCode":"#, into: &output)
        JSONValue.writeInteger(response.status, into: &output)
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// Where the run of fields named as the one at `order[start]` ends in `order`, or `nil` past the end.
    private static func nameRun(_ fields: [(name: String, value: String)], _ order: [Int], from start: Int) -> Int? {
        guard start < order.count else { return nil }
        var end = start + 1
        while end < order.count, HTTPHeaders.sameName(fields[order[end]].name, fields[order[start]].name) { end += 1 }
        return end
    }

    /// A header name as an object key: lower-cased, quoted, then the colon.
    private static func key(_ name: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        HeaderSanitizer.appendLowercased(name, to: &output)
        output.append(UInt8(ascii: "\""))
        output.append(UInt8(ascii: ":"))
    }
}
