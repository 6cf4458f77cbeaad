import Testing

@testable import FunctionRuntime

@Suite("OpenFaaS classic watchdog adapter")
struct OpenFaaSAdapterTests {
    let environment: [String: String] = [
        "Http_Method": "POST", "Http_Path": "/function/send-sms", "Http_Query": "dry=1&x=a%2Bb",
        "Http_Content_Type": "application/json", "Http_Authorization": "Bearer t", "Http_X_Forwarded_By": "gw",
        "Http_Content_Length": "2", "Http_ContentLength": "2", "Http_Host": "gateway:8080", "PATH": "/usr/bin",
    ]

    @Test func requestComesFromHttpVariables() {
        let request = OpenFaaSAdapter.request(environment: environment, body: Array("{}".utf8))
        #expect(request.method == "POST")
        #expect(request.path == "/function/send-sms")
        #expect(request.queryValue("x") == "a+b")
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(request.headers["authorization"] == "Bearer t")
        #expect(request.headers["X-Forwarded-By"] == "gw")
        #expect(request.headers["Host"] == "gateway:8080")
        #expect(request.headers["Content-Length"] == "2")
        #expect(request.headers["Method"] == nil)
        #expect(request.headers["Path"] == nil)
        #expect(request.body == Array("{}".utf8))
    }

    @Test func chunkedBodyReadsToEOF() throws {
        #expect(try OpenFaaSAdapter.bodyLength(environment: ["Http_Content_Length": "-1"]) == .untilEOF)
        #expect(try OpenFaaSAdapter.bodyLength(environment: [:]) == .untilEOF)
        #expect(try OpenFaaSAdapter.bodyLength(environment: ["Http_Content_Length": "12"]) == .exactly(12))
    }

    @Test func oversizedBodyIs413() {
        #expect(throws: HTTPError.payloadTooLarge(limit: RequestLimits.maxBodyBytes)) {
            try OpenFaaSAdapter.bodyLength(environment: ["Http_Content_Length": "70000"])
        }
    }

    @Test func outputIsTheBodyAloneWithStatusInside() {
        let response = HTTPError.unauthorized("no token").response
        let output = String(decoding: OpenFaaSAdapter.output(for: response), as: UTF8.self)
        #expect(output.hasPrefix("{"))
        #expect(output.contains("\"status\":401"))
    }
}
