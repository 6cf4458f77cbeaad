import Foundation
import Testing
import Vonage

@Suite("RFC 7807 parsing, response classification and the public mapping of Vonage failures to our statuses")
struct ResponseClassifierTests {
    func response(
        _ status: Int, _ body: String, type: String = "application/problem+json",
        headers: [(String, String)] = []
    ) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: [("content-type", type)] + headers.map { ($0.0, $0.1) },
            body: Data(body.utf8))
    }

    @Test("problem bodies parse from problem+json and json (with parameters), not from other types")
    func problemContentTypes() {
        let body =
            #"{"type":"t","title":"Invalid params","detail":"d","instance":"i","#
            + #""invalid_parameters":[{"name":"to","reason":"r"}]}"#
        let expected = VonageProblemDetails(
            type: "t", title: "Invalid params", detail: "d", instance: "i",
            invalidParameters: [.init(name: "to", reason: "r")])
        #expect(VonageProblemDetails.parse(body: Data(body.utf8), contentType: "application/json") == expected)
        let mixedCase = "Application/Problem+JSON; charset=utf-8"
        #expect(VonageProblemDetails.parse(body: Data(body.utf8), contentType: mixedCase) == expected)
        #expect(VonageProblemDetails.parse(body: Data(body.utf8), contentType: "text/html") == nil)
        let single = #"{"title":"x","invalid_parameters":{"name":"to","reason":"r"}}"#
        #expect(
            VonageProblemDetails.parse(body: Data(single.utf8), contentType: "application/json")?
                .invalidParameters == [.init(name: "to", reason: "r")])
    }

    @Test(
        "statuses classify into typed errors",
        arguments: [
            (401, VonageError.unauthorized(status: 401)), (403, .unauthorized(status: 403)),
            (402, .insufficientBalance), (429, .rateLimited(retryAfter: 3)), (500, .server(status: 500)),
            (503, .server(status: 503)), (400, .rejected(status: 400, title: "T")),
            (409, .rejected(status: 409, title: "T")), (302, .invalidResponse),
        ])
    func classification(status: Int, expected: VonageError) {
        let result = VonageResponseClassifier.classify(
            response(status, #"{"title":"T","instance":"i"}"#, headers: [("Retry-After", "3")]))
        #expect(result == .failure(expected))
    }

    @Test("202 needs a message_uuid")
    func acceptedNeedsUUID() {
        #expect(
            VonageResponseClassifier.classify(response(202, #"{"message_uuid":"u-1"}"#, type: "application/json"))
                == .success("u-1"))
        for body in [#"{"message_uuid":""}"#, "", #"{"workflow_id":"w-1"}"#, #"{"message_uuid":7}"#] {
            #expect(VonageResponseClassifier.classify(response(202, body)) == .failure(.acceptedWithoutMessageUUID))
        }
    }

    @Test(
        "public mapping: status, and Retry-After where the caller should come back",
        arguments: [
            (VonageError.unauthorized(status: 401), 502, nil as Int?),
            (.insufficientBalance, 502, nil), (.invalidParameters([], detail: nil), 422, nil),
            (.rateLimited(retryAfter: 9), 503, 9), (.unavailable(retryAfter: nil), 503, 5),
            (.unavailable(retryAfter: 2), 503, 2), (.server(status: 500), 503, 5), (.timedOut, 504, nil),
            (.invalidResponse, 502, nil), (.acceptedWithoutMessageUUID, 504, nil),
            (.rejected(status: 404, title: "Not Found"), 502, nil),
            (.tlsFailure("x"), 502, nil), (.signingFailed, 500, nil),
        ])
    func publicMapping(error: VonageError, status: Int, retryAfter: Int?) {
        let mapped = error.publicFailure
        #expect(mapped.status == status)
        #expect(mapped.retryAfterSeconds == retryAfter)
        #expect(!mapped.title.isEmpty && !mapped.detail.isEmpty)
    }

    @Test("Vonage's text for other 4xx and TLS details stay out of the public answer")
    func vonageTextStaysPrivate() {
        let rejected = VonageError.rejected(status: 404, title: "Secret internal title").publicFailure
        #expect(!rejected.detail.contains("Secret") && rejected.detail.contains("404"))
        let tls = VonageError.tlsFailure("SSL certificate problem: self-signed").publicFailure
        #expect(!tls.detail.contains("self-signed"))
    }

    @Test("Retry-After is read as delta-seconds only")
    func retryAfterParsing() {
        #expect(HTTPResponse(status: 429, headers: [("retry-after", " 12 ")]).retryAfterSeconds == 12)
        #expect(
            HTTPResponse(status: 429, headers: [("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")])
                .retryAfterSeconds == nil)
        #expect(HTTPResponse(status: 429, headers: [("Retry-After", "-1")]).retryAfterSeconds == nil)
    }
}
