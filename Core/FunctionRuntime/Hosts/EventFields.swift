import JSON

/// The members of a request event that the decoders read, whatever its shape: read straight from the bytes on a
/// warm invocation (`read(_:)`), or looked up in a parsed tree (`init(json:)`, which tests and the fuzz target hold
/// the reader to). A member of the wrong type counts as absent, as a failed lookup in the tree would.
struct EventFields {
    var version: String?
    var rawPath: String?
    var rawQueryString: String?
    var httpMethod: String?
    var path: String?
    var method: String?
    /// `headers`' members in document order; the decoders sort them and keep the last of a repeated name.
    var headers: [(name: String, value: JSONValue)] = []
    var cookies: JSONValue?
    var body: JSONValue?
    var isBase64Encoded = false
    var multiValueHeaders: JSONValue?
    var queryStringParameters: JSONValue?
    var multiValueQueryStringParameters: JSONValue?
    var query: JSONValue?
    /// `requestContext.http.method` and `.path`.
    var contextMethod: String?
    var contextPath: String?
    /// `requestContext.requestId`.
    var requestID: String?

    init() {}

    /// The fields of the event in `json`.
    init(json: JSONValue) {
        version = json["version"]?.string
        rawPath = json["rawPath"]?.string
        rawQueryString = json["rawQueryString"]?.string
        httpMethod = json["httpMethod"]?.string
        path = json["path"]?.string
        method = json["method"]?.string
        headers = (json["headers"]?.object ?? [:]).map { (name: $0.key, value: $0.value) }
        cookies = json["cookies"]
        body = json["body"]
        isBase64Encoded = json["isBase64Encoded"]?.bool == true
        multiValueHeaders = json["multiValueHeaders"]
        queryStringParameters = json["queryStringParameters"]
        multiValueQueryStringParameters = json["multiValueQueryStringParameters"]
        query = json["query"]
        contextMethod = json["requestContext"]?["http"]?["method"]?.string
        contextPath = json["requestContext"]?["http"]?["path"]?.string
        requestID = json["requestContext"]?["requestId"]?.string
    }

    /// The fields of the event in `bytes`, or `nil` when the document is JSON but not an object. Throws when the
    /// bytes are not JSON. A repeated member counts once, with its last value (as in the tree).
    static func read(_ bytes: [UInt8]) throws(JSONParser.Failure) -> EventFields? {
        try JSONReader.read(bytes) { (reader) throws(JSONParser.Failure) -> EventFields? in
            guard reader.atObject else { return nil }
            var fields = EventFields()
            try reader.members { (key, reader) throws(JSONParser.Failure) in
                if key == "headers" {
                    fields.headers = []
                    guard reader.atObject else { return }
                    fields.headers.reserveCapacity(16)
                    try reader.members { (name, reader) throws(JSONParser.Failure) in
                        fields.headers.append((name.string, try reader.value()))
                    }
                } else if key == "requestContext" {
                    fields.contextMethod = nil
                    fields.contextPath = nil
                    fields.requestID = nil
                    guard reader.atObject else { return }
                    try reader.members { (key, reader) throws(JSONParser.Failure) in
                        if key == "http" {
                            fields.contextMethod = nil
                            fields.contextPath = nil
                            guard reader.atObject else { return }
                            try reader.members { (key, reader) throws(JSONParser.Failure) in
                                if key == "method" {
                                    fields.contextMethod = try reader.value().string
                                } else if key == "path" {
                                    fields.contextPath = try reader.value().string
                                }
                            }
                        } else if key == "requestId" {
                            fields.requestID = try reader.value().string
                        }
                    }
                } else if key == "version" {
                    fields.version = try reader.value().string
                } else if key == "rawPath" {
                    fields.rawPath = try reader.value().string
                } else if key == "rawQueryString" {
                    fields.rawQueryString = try reader.value().string
                } else if key == "body" {
                    fields.body = try reader.value()
                } else if key == "isBase64Encoded" {
                    fields.isBase64Encoded = try reader.value().bool == true
                } else if key == "cookies" {
                    fields.cookies = try reader.value()
                } else if key == "httpMethod" {
                    fields.httpMethod = try reader.value().string
                } else if key == "path" {
                    fields.path = try reader.value().string
                } else if key == "method" {
                    fields.method = try reader.value().string
                } else if key == "multiValueHeaders" {
                    fields.multiValueHeaders = try reader.value()
                } else if key == "queryStringParameters" {
                    fields.queryStringParameters = try reader.value()
                } else if key == "multiValueQueryStringParameters" {
                    fields.multiValueQueryStringParameters = try reader.value()
                } else if key == "query" {
                    fields.query = try reader.value()
                }
            }
            return fields
        }
    }
}
