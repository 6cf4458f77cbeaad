import FunctionRuntime
import Testing

@testable import Service

@Suite("messages routing and query parsing")
struct MessagesQueryTests {
    @Test(arguments: [
        (FunctionRequest(method: "GET", path: "/cgi-bin/messages/abc", pathInfo: "/abc"), "abc"),
        (FunctionRequest(method: "GET", path: "/messages", pathInfo: nil), nil),
        (FunctionRequest(method: "GET", path: "/messages/", pathInfo: nil), nil),
        (FunctionRequest(method: "GET", path: "/prod/messages/u-1", pathInfo: nil), "u-1"),
        (FunctionRequest(method: "GET", path: "/function/messages/u%2D2"), "u-2"),
        (FunctionRequest(method: "GET", path: "/messages", pathInfo: "/"), nil),
    ] as [(FunctionRequest, String?)])
    func messageIDComesFromPathInfoOrTheSegmentAfterMessages(request: FunctionRequest, expected: String?) {
        #expect(MessagesHandler.messageID(in: request) == expected)
    }

    @Test func openFaaSGatewayStripsTheFunctionPrefix() {
        #expect(MessagesHandler.messageID(in: FunctionRequest(method: "GET", path: "/u-3"), host: .openfaas) == "u-3")
        #expect(MessagesHandler.messageID(in: FunctionRequest(method: "GET", path: "/"), host: .openfaas) == nil)
        #expect(MessagesHandler.messageID(in: FunctionRequest(method: "GET", path: "/u-3"), host: .event) == nil)
    }

    @Test func queryParametersAreParsedAndNormalised() throws {
        let request = FunctionRequest(
            method: "GET", path: "/messages",
            rawQuery: "direction=outbound&status=delivered&to=%2B1%20415%20555%200101&from=Acme&since=2026-11-29T15:00:00Z&limit=10&cursor=abc")
        let query = try MessagesHandler.query(from: request)
        #expect(query.direction == .outbound)
        #expect(query.status == "delivered")
        #expect(query.to == "14155550101")
        #expect(query.from == "Acme")
        #expect(query.since != nil)
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
