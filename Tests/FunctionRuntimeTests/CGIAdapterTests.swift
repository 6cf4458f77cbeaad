import Testing

@testable import FunctionRuntime

@Suite("CGI adapter")
struct CGIAdapterTests {
    let apacheEnvironment: [String: String] = [
        "GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "post", "SCRIPT_NAME": "/cgi-bin/send-sms",
        "PATH_INFO": "/extra/path", "QUERY_STRING": "a=1&b=two%20x&a=3&c=x+y", "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": "37", "HTTP_AUTHORIZATION": "Bearer abc.def.ghi", "HTTP_X_CUSTOM": "yes",
        "HTTP_X_REQUEST_ID": "req-1", "SERVER_NAME": "127.0.0.1",
    ]

    @Test func requestPathIsScriptNamePlusPathInfo() {
        let request = CGIAdapter.request(environment: apacheEnvironment, body: [])
        #expect(request.path == "/cgi-bin/send-sms/extra/path")
        #expect(request.pathInfo == "/extra/path")
        #expect(request.method == "POST")
    }

    @Test func headersComeFromHTTPVariablesAndContentVariables() {
        let request = CGIAdapter.request(environment: apacheEnvironment, body: [])
        #expect(request.headers["authorization"] == "Bearer abc.def.ghi")
        #expect(request.headers["X-CUSTOM"] == "yes")
        #expect(request.headers["X-Request-Id"] == "req-1")
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(request.headers["Content-Length"] == "37")
        #expect(request.headers["Server-Name"] == nil)
    }

    @Test func multiValueQueryKeepsOrderAndDecodes() {
        let request = CGIAdapter.request(environment: apacheEnvironment, body: [])
        #expect(request.query.map(\.name) == ["a", "b", "a", "c"])
        #expect(request.query.map(\.value) == ["1", "two x", "3", "x y"])
        #expect(request.queryValue("a") == "1")
    }

    @Test func getWithoutBodyHasNoContentHeaders() {
        let request = CGIAdapter.request(
            environment: ["REQUEST_METHOD": "GET", "SCRIPT_NAME": "/health", "CONTENT_TYPE": "", "CONTENT_LENGTH": ""],
            body: [])
        #expect(request.headers.fields.isEmpty)
        #expect(request.path == "/health")
        #expect(request.pathInfo == nil)
        #expect(request.body.isEmpty)
    }

    @Test(
        arguments: [
            (["REQUEST_METHOD": "POST"], BodyLength.untilEOF),
            (["REQUEST_METHOD": "GET"], .exactly(0)),
            (["REQUEST_METHOD": "GET", "HTTP_TRANSFER_ENCODING": "chunked"], .untilEOF),
            (["CONTENT_LENGTH": "", "REQUEST_METHOD": "PUT"], .untilEOF),
            (["CONTENT_LENGTH": "0"], .exactly(0)),
            (["CONTENT_LENGTH": "65536"], .exactly(65536)),
        ] as [([String: String], BodyLength)])
    func bodyLengthFollowsContentLengthOrReadsToEOF(environment: [String: String], expected: BodyLength) throws {
        #expect(try CGIAdapter.bodyLength(environment: environment) == expected)
    }

    @Test func bodyOverTheLimitIs413() {
        #expect(throws: HTTPError.payloadTooLarge(limit: 65536)) {
            try CGIAdapter.bodyLength(environment: ["CONTENT_LENGTH": "65537"])
        }
    }

    @Test(arguments: ["abc", "-1", "1e3"])
    func malformedContentLengthIs400(value: String) {
        #expect(throws: HTTPError.self) { try CGIAdapter.bodyLength(environment: ["CONTENT_LENGTH": value]) }
    }

    @Test func outputHasStatusHeadersLengthAndBody() {
        let response = FunctionResponse(
            status: 202, headers: ["Content-Type": "application/json"], body: Array("{}".utf8))
        let text = String(decoding: CGIAdapter.output(for: response), as: UTF8.self)
        #expect(text == "Status: 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
    }

    @Test func headerValuesWithCRLFAreNeverEmittedRaw() {
        var headers = HTTPHeaders()
        headers.add("X-Evil", "a\r\nSet-Cookie: stolen=1")
        headers.add("Bad Name", "x")
        headers.add("Status", "200 OK")
        let text = String(
            decoding: CGIAdapter.output(for: FunctionResponse(status: 401, headers: headers)), as: UTF8.self)
        #expect(!text.contains("\r\nSet-Cookie"))
        #expect(text.contains("X-Evil: a  Set-Cookie: stolen=1\r\n"))
        #expect(!text.contains("Bad Name"))
        #expect(text.hasPrefix("Status: 401 Unauthorized\r\n"))
        #expect(!text.contains("Status: 200"))
    }

    @Test func headerNameFromMetaVariableIsCanonical() {
        #expect(CGIAdapter.headerName(fromMetaVariable: "X_REQUEST_ID") == "X-Request-Id")
        #expect(CGIAdapter.headerName(fromMetaVariable: "AUTHORIZATION") == "Authorization")
    }
}
