import Foundation
import Testing
import VonageWebhooks

@Suite("MessageStatus decoding")
struct MessageStatusDecodingTests {
    static let rejectedExample = #"""
        {"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab","to":"447700900000","from":"447700900001",
         "timestamp":"2025-02-03T12:14:25Z","status":"rejected","channel":"sms","client_ref":"abc123",
         "error":{"type":"https://developer.vonage.com/api-errors/messages#1360","title":"1360",
                  "detail":"TTL was activated, or message expired before delivered.",
                  "instance":"bf0ca0bf927b3b52e3cb03217e1a1ddf"},
         "usage":{"currency":"EUR","price":"0.0333"},"destination":{"network_code":"12345"},"sms":{"count_total":"2"}}
        """#

    private func decode(_ text: String) throws -> MessageStatus { try MessageStatus.decode(Data(text.utf8)) }

    private func replacing(_ old: String, with new: String) -> String {
        Self.rejectedExample.replacingOccurrences(of: old, with: new)
    }

    @Test func decodesTheReferenceRejectedExample() throws {
        let status = try decode(Self.rejectedExample)
        #expect(
            status
                == MessageStatus(
                    messageUUID: "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab", to: "447700900000", from: "447700900001",
                    timestamp: Date(timeIntervalSince1970: 1_738_584_865), status: .rejected, channel: "sms",
                    clientRef: "abc123",
                    error: .init(
                        type: "https://developer.vonage.com/api-errors/messages#1360", title: "1360",
                        detail: "TTL was activated, or message expired before delivered.",
                        instance: "bf0ca0bf927b3b52e3cb03217e1a1ddf"),
                    price: "0.0333", currency: "EUR", networkCode: "12345", countTotal: 2))
        #expect(status.errorCode == "1360")
    }

    @Test(arguments: [
        (#""title":"1360""#, "1360"),
        (#""title":1360"#, "1360"),
        (#""title":null"#, "1360"),  // falls back to the anchor of error.type
        (#""title":"Expired""#, "1360"),
    ])
    func errorCodeComesFromTheTitleAsStringOrNumberOrFromTheTypeAnchor(title: String, code: String) throws {
        #expect(try decode(replacing(#""title":"1360""#, with: title)).errorCode == code)
    }

    @Test func errorCodeIsTheTitleWhenTheTypeHasNoNumericAnchor() throws {
        let text = replacing("messages#1360", with: "messages").replacingOccurrences(
            of: #""title":"1360""#, with: #""title":"Throttled""#)
        #expect(try decode(text).errorCode == "Throttled")
    }

    @Test(
        arguments: [
            (#""count_total":"2""#, 2), (#""count_total":2"#, 2), (#""count_total":"two""#, nil),
        ] as [(String, Int?)])
    func countTotalReadsFromAStringOrANumber(field: String, expected: Int?) throws {
        #expect(try decode(replacing(#""count_total":"2""#, with: field)).countTotal == expected)
    }

    @Test(arguments: [
        ("submitted", MessageStatus.Status.submitted), ("delivered", .delivered), ("rejected", .rejected),
        ("undeliverable", .undeliverable), ("Delivered", .delivered), ("read", .other("read")),
        ("accepted", .other("accepted")),
    ])
    func statusValuesMapToTheEnumAndUnknownOnesAreKept(raw: String, expected: MessageStatus.Status) throws {
        let status = try decode(replacing(#""status":"rejected""#, with: #""status":"\#(raw)""#)).status
        #expect(status == expected)
        #expect(MessageStatus.Status(rawValue: expected.rawValue) == expected)
    }

    @Test func aSubmittedStatusWithMillisecondsAndNoOptionalFieldsDecodes() throws {
        let text = #"""
            {"message_uuid":"u-2","to":"447700900000","from":"Acme","timestamp":"2020-01-01T14:00:00.000Z",
             "status":"submitted","channel":"sms","usage":{"price":0.0333},"workflow":{"workflow_id":"w"},
             "sms":{"segments":[{"status":"submitted"}]}}
            """#
        let status = try decode(text)
        #expect(status.status == .submitted)
        #expect(status.timestamp == Date(timeIntervalSince1970: 1_577_887_200))
        #expect(status.error == nil && status.errorCode == nil && status.clientRef == nil && status.countTotal == nil)
        #expect(status.price == "0.0333")
    }

    @Test func aStatusForAnotherChannelStillDecodes() throws {
        let text = replacing(#""channel":"sms""#, with: #""channel":"whatsapp""#)
            .replacingOccurrences(of: #""status":"rejected""#, with: #""status":"read""#)
        let status = try decode(text)
        #expect(status.channel == "whatsapp")
        #expect(status.status == .other("read"))
    }

    @Test(arguments: ["", #""channel":"","#, #""channel":{},"#])
    func aMissingEmptyOrOddChannelMeansSMS(channel: String) throws {
        let status = try decode(replacing(#""channel":"sms","#, with: channel))
        #expect(status.channel == "sms")
        #expect(status.status == .rejected)
    }

    @Test(
        arguments: [
            (#"{"total_count":"3"}"#, 3), (#"{"count_total":2}"#, 2), (#"{"count_total":"x"}"#, nil),
        ] as [(String, Int?)])
    func theSegmentCountIsReadUnderEitherName(sms: String, expected: Int?) throws {
        let status = try decode(replacing(#""sms":{"count_total":"2"}"#, with: #""sms":\#(sms)"#))
        #expect(status.countTotal == expected)
    }

    @Test(arguments: ["message_uuid", "to", "from", "timestamp", "status"])
    func aMissingRequiredFieldIsNamed(field: String) throws {
        var object = try #require(
            JSONSerialization.jsonObject(with: Data(Self.rejectedExample.utf8)) as? [String: Any])
        object[field] = nil
        let body = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: WebhookPayloadError.invalidFields([.init(name: field, reason: "is required")])) {
            _ = try MessageStatus.decode(body) as MessageStatus
        }
    }

    @Test func anUnparseableTimestampIsNamedAsInvalid() {
        #expect(
            throws: WebhookPayloadError.invalidFields([
                .init(name: "timestamp", reason: "must be an ISO 8601 timestamp")
            ])
        ) {
            _ = try decode(replacing("2025-02-03T12:14:25Z", with: "03/02/2025 12:14"))
        }
    }
}
