import Foundation
import FunctionRuntime
import Testing

@testable import Handlers

@Suite("messages routing and query parsing")
struct MessagesQueryTests {
    @Test(
        arguments: [
            (FunctionRequest(method: "GET", path: "/cgi-bin/messages/abc", pathInfo: "/abc"), "abc"),
            (FunctionRequest(method: "GET", path: "/messages", pathInfo: nil), nil),
            (FunctionRequest(method: "GET", path: "/messages/", pathInfo: nil), nil),
            (FunctionRequest(method: "GET", path: "/prod/messages/u-1", pathInfo: nil), "u-1"),
            (FunctionRequest(method: "GET", path: "/function/messages/u%2D2"), "u-2"),
            (FunctionRequest(method: "GET", path: "/messages", pathInfo: "/"), nil),
            (FunctionRequest(method: "GET", path: "/cgi-bin/messages.cgi/u-4", pathInfo: "/u-4"), "u-4"),
            (FunctionRequest(method: "GET", path: "/cgi-bin/messages.cgi", pathInfo: nil), nil),
        ] as [(FunctionRequest, String?)])
    func messageIDComesFromTheSegmentAfterMessagesOrPathInfo(request: FunctionRequest, expected: String?) {
        #expect(MessagesHandler.messageID(in: request) == expected)
    }

    /// RFC 3875 lets a host split the path anywhere between SCRIPT_NAME and PATH_INFO; both splits name one message.
    @Test(arguments: [("/messages", "/u-5"), ("", "/messages/u-5"), ("/cgi-bin/messages", "/u-5")])
    func cgiSplitsOfTheSamePathNameTheSameMessage(scriptName: String, pathInfo: String) {
        let request = CGIAdapter.request(
            environment: ["REQUEST_METHOD": "GET", "SCRIPT_NAME": scriptName, "PATH_INFO": pathInfo], body: [])
        #expect(MessagesHandler.messageID(in: request, host: .cgi) == "u-5")
    }

    @Test(arguments: [("/messages", ""), ("", "/messages"), ("/messages", "/"), ("", "/messages/")])
    func cgiSplitsOfTheCollectionPathNameNoMessage(scriptName: String, pathInfo: String) {
        let request = CGIAdapter.request(
            environment: ["REQUEST_METHOD": "GET", "SCRIPT_NAME": scriptName, "PATH_INFO": pathInfo], body: [])
        #expect(MessagesHandler.messageID(in: request, host: .cgi) == nil)
    }

    @Test func openFaaSGatewayStripsTheFunctionPrefix() {
        #expect(MessagesHandler.messageID(in: FunctionRequest(method: "GET", path: "/u-3"), host: .openfaas) == "u-3")
        #expect(MessagesHandler.messageID(in: FunctionRequest(method: "GET", path: "/"), host: .openfaas) == nil)
        #expect(MessagesHandler.messageID(in: FunctionRequest(method: "GET", path: "/u-3"), host: .event) == nil)
    }

    @Test func queryParametersAreParsedAndNormalised() throws {
        let request = FunctionRequest(
            method: "GET", path: "/messages",
            rawQuery: "direction=outbound&status=delivered&channel=WhatsApp&to=%2B1%20415%20555%200101&from=Acme"
                + "&since=2026-11-29T15:00:00Z&limit=10&cursor=abc")
        let query = try MessagesHandler.query(from: request)
        #expect(query.direction == .outbound)
        #expect(query.status == "delivered")
        #expect(query.channel == "whatsapp")
        #expect(query.to == "14155550101")
        #expect(query.from == "Acme")
        #expect(query.since == Date(timeIntervalSince1970: 1_795_964_400))
        #expect(query.limit == 10)
        #expect(query.cursor == "abc")
    }

    @Test(arguments: ["limit=0", "limit=101", "limit=ten", "direction=up", "since=29/11/2026"])
    func invalidParametersAre422(rawQuery: String) {
        #expect(throws: HTTPError.self) {
            _ = try MessagesHandler.query(from: FunctionRequest(method: "GET", path: "/messages", rawQuery: rawQuery))
        }
    }
}
