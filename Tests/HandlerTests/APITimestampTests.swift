import Foundation
import FunctionRuntime
import Store
import TestSupport
import Testing

@testable import Handlers

@Suite("API timestamps")
struct APITimestampTests {
    let context = FunctionContext(requestID: "test", host: .event, logger: Logger(function: "test", sink: { _ in }))

    /// Every millisecond of a second goes into the store as a message's time and comes back out of
    /// `GET /messages/{id}` as the same text: formatting is done on the stored integer, not on a binary fraction.
    @Test func everyMillisecondRoundTripsThroughTheStoreAndTheAPI() async throws {
        let dir = try TestSupport.makeTemporaryDirectory("timestamps")
        let access = StoreAccess(configuration: .sqlite(path: dir.appendingPathComponent("sms.sqlite").path))
        let store = try access.store(context)
        let handler = MessagesHandler(
            tokens: try BearerTokens(environment: FunctionEnvironment(["SMS_API_TOKEN": "timestamps-token-0123"])),
            store: access)
        for millisecond in 0..<1000 {
            let text = "2026-11-29T15:35:53." + String(1000 + millisecond).dropFirst() + "Z"
            let date = try #require(APITimestamp.parse(text))
            try store.recordInbound(
                InboundRecord(
                    uuid: "ms-\(millisecond)", from: "447700900001", to: "447700900000", text: "t", timestamp: date,
                    receivedAt: date))
            let response = try await handler.handle(
                FunctionRequest(
                    method: "GET", path: "/messages/ms-\(millisecond)",
                    headers: ["Authorization": "Bearer timestamps-token-0123"]),
                context: context)
            #expect(response.bodyText.contains(#""created_at":"\#(text)""#), "\(text)")
            #expect(APITimestamp.format(date) == text)
        }
    }

    @Test func timesBeforeNineteenSeventyAndLeapDaysFormatExactly() throws {
        for text in ["1969-12-31T23:59:59.999Z", "2024-02-29T00:00:00.001Z", "2000-03-01T12:00:00.000Z"] {
            #expect(APITimestamp.format(try #require(APITimestamp.parse(text))) == text)
        }
    }
}
