import Foundation
import JSON
import Testing

@testable import FunctionRuntime

@Suite("JSON event adapter")
struct EventAdapterTests {
    func decode(_ text: String) throws -> DecodedEvent { try EventAdapter.decode(Array(text.utf8)) }

    @Test func apiGatewayV2EventDecodes() throws {
        let event = try decode(
            """
            {"version":"2.0","routeKey":"POST /send-sms","rawPath":"/send-sms","rawQueryString":"a=1&a=2",
             "cookies":["c1=v1","c2=v2"],
             "headers":{"content-type":"application/json","x-multi":"a,b"},
             "queryStringParameters":{"a":"1,2"},
             "requestContext":{"http":{"method":"POST","path":"/send-sms"},"requestId":"rid-2"},
             "body":"{\\"to\\":\\"1\\"}","isBase64Encoded":false}
            """)
        #expect(event.shape == .apiGatewayV2)
        #expect(event.requestID == "rid-2")
        #expect(event.request.method == "POST")
        #expect(event.request.path == "/send-sms")
        #expect(event.request.query.map(\.value) == ["1", "2"])
        #expect(event.request.headers["Content-Type"] == "application/json")
        #expect(event.request.headers["x-multi"] == "a,b")
        #expect(event.request.headers["Cookie"] == "c1=v1; c2=v2")
        #expect(String(decoding: event.request.body, as: UTF8.self) == #"{"to":"1"}"#)
        #expect(event.rejection == nil)
    }

    @Test func apiGatewayV1EventUsesMultiValueFields() throws {
        let event = try decode(
            """
            {"version":"1.0","resource":"/messages","path":"/messages","httpMethod":"GET",
             "headers":{"Accept":"b"},"multiValueHeaders":{"Accept":["a","b"]},
             "queryStringParameters":{"status":"failed"},
             "multiValueQueryStringParameters":{"status":["delivered","failed"]},
             "requestContext":{"requestId":"rid-1","httpMethod":"GET"},"body":null,"isBase64Encoded":false}
            """)
        #expect(event.shape == .apiGatewayV1)
        #expect(event.requestID == "rid-1")
        #expect(event.request.headers.values("accept") == ["a", "b"])
        #expect(event.request.query.map(\.value) == ["delivered", "failed"])
        #expect(event.request.body.isEmpty)
    }

    @Test func v1EventWithoutVersionIsStillV1() throws {
        let event = try decode(#"{"httpMethod":"GET","path":"/health","headers":null,"requestContext":{}}"#)
        #expect(event.shape == .apiGatewayV1)
        #expect(event.request.headers.fields.isEmpty)
    }

    @Test func v2VersionWithoutHTTPContextIsNotMisreadAsV1() {
        #expect(throws: HostInputError.self) {
            try decode(#"{"version":"2.0","httpMethod":"GET","path":"/health"}"#)
        }
    }

    @Test func functionURLEventDecodesAsV2() throws {
        let url = TestPaths.events.appendingPathComponent("health/function-url.json")
        let event = try EventAdapter.decode(Array(try Data(contentsOf: url)))
        #expect(event.shape == .apiGatewayV2)
        #expect(event.request.path == "/health")
    }

    @Test func base64BodyIsDecoded() throws {
        let event = try decode(
            #"{"version":"2.0","rawPath":"/x","requestContext":{"http":{"method":"POST"}},"body":"aGk9dGhlcmU=","isBase64Encoded":true}"#
        )
        #expect(String(decoding: event.request.body, as: UTF8.self) == "hi=there")
    }

    @Test func invalidBase64BodyIsRejectedWith400InTheEventShape() throws {
        let event = try decode(
            #"{"httpMethod":"POST","path":"/x","body":"!!!not base64!!!","isBase64Encoded":true}"#)
        #expect(event.shape == .apiGatewayV1)
        #expect(event.rejection?.status == 400)
    }

    @Test func oversizedBodyIsRejectedWith413() throws {
        let big = String(repeating: "x", count: RequestLimits.maxBodyBytes + 1)
        let event = try decode(#"{"method":"POST","path":"/send-sms","body":"\#(big)"}"#)
        #expect(event.rejection == .payloadTooLarge(limit: RequestLimits.maxBodyBytes))
    }

    @Test func plainEventWithQueryObjectAndInlineJSONBody() throws {
        let event = try decode(
            #"{"method":"post","path":"/send-sms","query":{"a":["1","2"],"b":"x y"},"headers":{"Authorization":"Bearer t"},"body":{"to":"14155550101"}}"#
        )
        #expect(event.shape == .plain)
        #expect(event.request.method == "POST")
        #expect(event.request.query.map(\.name) == ["a", "a", "b"])
        #expect(event.request.queryValue("b") == "x y")
        #expect(event.request.rawQuery == "a=1&a=2&b=x%20y")
        #expect(String(decoding: event.request.body, as: UTF8.self) == #"{"to":"14155550101"}"#)
    }

    @Test func plainEventQueryInPathOrString() throws {
        #expect(try decode(#"{"method":"GET","path":"/messages?limit=5"}"#).request.queryValue("limit") == "5")
        let event = try decode(#"{"method":"GET","path":"/messages","query":"?limit=7&status=delivered"}"#)
        #expect(event.request.path == "/messages")
        #expect(event.request.queryValue("limit") == "7")
    }

    @Test(arguments: [
        "", "   \n", "garbage", "[1,2]", "\"text\"", #"{"foo":1}"#, #"{"path":"/x"}"#,
    ])
    func inputThatIsNotARequestEventIsAHostInputError(input: String) {
        #expect(throws: HostInputError.self) { try decode(input) }
    }

    @Test func v2ResponseShape() throws {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/json")
        headers.add("Vary", "a")
        headers.add("Vary", "b")
        let bytes = EventAdapter.encode(
            FunctionResponse(status: 202, headers: headers, body: Array("{}".utf8)), shape: .apiGatewayV2)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(json["statusCode"] as? Int == 202)
        #expect(json["body"] as? String == "{}")
        #expect(json["isBase64Encoded"] as? Bool == false)
        #expect((json["headers"] as? [String: String])?["vary"] == "a, b")
        #expect(json["multiValueHeaders"] == nil)
    }

    @Test func v1ResponseShapeUsesMultiValueHeaders() throws {
        var headers = HTTPHeaders()
        headers.add("Vary", "a")
        headers.add("Vary", "b")
        let bytes = EventAdapter.encode(FunctionResponse(status: 404, headers: headers), shape: .apiGatewayV1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(json["statusCode"] as? Int == 404)
        #expect((json["multiValueHeaders"] as? [String: [String]])?["vary"] == ["a", "b"])
        #expect(json["body"] as? String == "")
    }

    /// The event as the decoders see it when its members are looked up in the whole parsed tree.
    func decodeFromTree(_ bytes: [UInt8]) throws -> DecodedEvent {
        try EventAdapter.decode(EventFields(json: JSONParser.parse(bytes)))
    }

    @Test("every sample event decodes the same read member by member as looked up in the parsed tree")
    func readerAgreesWithTheTreeOnSampleEvents() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("events")
        var compared = 0
        for folder in try FileManager.default.contentsOfDirectory(atPath: root.path) {
            let directory = root.appendingPathComponent(folder)
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { continue }
            for file in files where file.hasSuffix(".json") {
                let bytes = Array(try Data(contentsOf: directory.appendingPathComponent(file)))
                #expect(try EventAdapter.decode(bytes) == decodeFromTree(bytes), "\(folder)/\(file)")
                compared += 1
            }
        }
        #expect(compared >= 10)
    }

    @Test(
        "repeated members, escaped keys and wrong types decode as the tree decodes them",
        arguments: [
            #"{"version":"2.0","headers":{"a":"1","b":"2","a":"3"},"requestContext":{"http":{"method":"GET"}}}"#,
            #"{"version":"2.0","headers":{"a":"1"},"headers":{"b":"2"},"requestContext":{"http":{"method":"GET"}}}"#,
            #"{"version":"2.0","headers":{"a":"1"},"headers":"x","requestContext":{"http":{"method":"GET"}}}"#,
            #"{"version":"2.0","requestContext":{"http":{"method":"GET","path":"/a"},"requestId":"r"},"requestContext":{"http":{"method":"PUT"}}}"#,
            #"{"version":"2.0","requestContext":{"http":{"method":"GET"}},"requestContext":7}"#,
            #"{"vers\u0069on":"2.0","r\u0061wPath":"/\u00e9","requestContext":{"ht\u0074p":{"method":"POST"}}}"#,
            #"{"version":2,"httpMethod":"GET","path":7,"headers":{"n":12,"t":true,"z":null,"l":["x",1],"o":{}}}"#,
            #"{"method":"GET","path":"/m","query":{"b":[1,"2"],"a":false},"body":[1,{"x":null}],"isBase64Encoded":"yes"}"#,
            #"{"httpMethod":"GET","multiValueHeaders":{"X":["a"]},"headers":{"X":"b"},"queryStringParameters":{"q":"1"},}"#,
            #"{"version":"2.0","requestContext":{"http":{"method":"GET"}},"cookies":["a=1",2,"b=2"],"body":"aGk=","isBase64Encoded":true}"#,
            #"{"route":"x"}"#,
        ])
    func readerAgreesWithTheTreeOnTrickyEvents(_ text: String) throws {
        let bytes = Array(text.utf8)
        let tree = Result { try decodeFromTree(bytes) }
        let read = Result { try EventAdapter.decode(bytes) }
        switch (read, tree) {
        case (.success(let read), .success(let tree)): #expect(read == tree)
        case (.failure(let read as HostInputError), .failure(let tree as HostInputError)):
            #expect(read.description == tree.description)
        default: Issue.record("reader \(read) but tree \(tree)")
        }
    }

    @Test("proxy responses are compact JSON with sorted keys, header names lower-cased and merged in order")
    func proxyResponseBytesAreStable() {
        var headers = HTTPHeaders()
        headers.add("X-B", "2")
        headers.add("Content-Type", "application/json")
        headers.add("x-b", "3")
        headers.add("Status", "200 OK")  // left to the host: never emitted
        let response = FunctionResponse(status: 201, headers: headers, body: Array(#"{"a":"\/"}"#.utf8))
        let v2 = String(decoding: EventAdapter.encode(response, shape: .apiGatewayV2), as: UTF8.self)
        #expect(
            v2 == #"{"body":"{\"a\":\"\\/\"}","headers":{"content-type":"application/json","x-b":"2, 3"},"#
                + #""isBase64Encoded":false,"statusCode":201}"#)
        let v1 = String(decoding: EventAdapter.encode(response, shape: .apiGatewayV1), as: UTF8.self)
        #expect(
            v1 == #"{"body":"{\"a\":\"\\/\"}","isBase64Encoded":false,"#
                + #""multiValueHeaders":{"content-type":["application/json"],"x-b":["2","3"]},"statusCode":201}"#)
    }

    @Test func binaryBodyIsSentBase64() throws {
        let bytes = EventAdapter.encode(FunctionResponse(status: 200, body: [0xFF, 0xFE, 0x00]), shape: .plain)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(json["isBase64Encoded"] as? Bool == true)
        #expect(json["body"] as? String == "//4A")
    }
}

enum TestPaths {
    static var events: URL { TestSupportPaths.root.appendingPathComponent("events") }
}
