import Foundation
import Testing
import VonageWebhooks

@Suite("InboundMessage decoding")
struct InboundMessageDecodingTests {
    @Test func decodesTheReferenceExample() throws {
        let sms = try InboundMessage.decode(TestTokens.inboundBody)
        #expect(
            sms
                == InboundMessage(
                    channel: "sms", messageUUID: "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab", to: "447700900000",
                    from: "447700900001", timestamp: Date(timeIntervalSince1970: 1_738_584_865),
                    text: "Hello From Vonage!", numMessages: 2, keyword: "HELLO", price: "0.0333", currency: "EUR",
                    networkCode: "12345"))
    }

    @Test func decodesTheMinimalRequiredFieldsWithMillisecondsAndIgnoresUnknownFields() throws {
        let body = #"""
            {"channel":"sms","message_uuid":"u-1","to":"447700900000","from":"447700900001",
             "timestamp":"2020-01-01T14:00:00.000Z","text":"","message_type":"text","context_status":"none",
             "sms":{"total_count":"1","num_messages":1},"client_ref":"ref-9","future":{"nested":[1,2,3]}}
            """#
        let sms = try InboundMessage.decode(Data(body.utf8))
        #expect(sms.text == "")
        #expect(sms.timestamp == Date(timeIntervalSince1970: 1_577_887_200))
        #expect(sms.numMessages == 1)
        #expect(sms.clientRef == "ref-9")
        #expect(sms.keyword == nil && sms.price == nil && sms.networkCode == nil)
    }

    @Test(arguments: ["message_uuid", "to", "from", "timestamp"])
    func aMissingRequiredFieldIsNamed(field: String) throws {
        var object = try #require(
            JSONSerialization.jsonObject(with: TestTokens.inboundBody) as? [String: Any])
        object[field] = nil
        let body = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: WebhookPayloadError.invalidFields([.init(name: field, reason: "is required")])) {
            _ = try InboundMessage.decode(body) as InboundMessage
        }
    }

    @Test func everyBadFieldIsNamedAtOnceAndAnswers422() {
        let body = Data(#"{"channel":"sms","to":15550101,"from":"","timestamp":"yesterday"}"#.utf8)
        do {
            _ = try InboundMessage.decode(body)
            Issue.record("expected a payload error")
        } catch {
            #expect(error.fieldNames == ["message_uuid", "to", "from", "timestamp"])
            #expect(error.httpStatus == 422)
            #expect(!error.detail.contains("15550101"))
        }
    }

    @Test(arguments: ["not json", "[]", "\"sms\"", ""])
    func aBodyThatIsNotAJSONObjectAnswers400(text: String) {
        #expect(throws: WebhookPayloadError.notAJSONObject) {
            _ = try InboundMessage.decode(Data(text.utf8)) as InboundMessage
        }
        #expect(WebhookPayloadError.notAJSONObject.httpStatus == 400)
    }

    @Test func optionalFieldsOfAnUnexpectedTypeReadAsAbsent() throws {
        let body = #"""
            {"channel":"sms","message_uuid":"u-1","to":"1","from":"2","timestamp":"2025-02-03T12:14:25Z","text":"x",
             "sms":"weird","usage":{"price":0.0333,"currency":978},"origin":{"network_code":12345},"client_ref":7}
            """#
        let sms = try InboundMessage.decode(Data(body.utf8))
        #expect(sms.numMessages == nil && sms.keyword == nil && sms.currency == nil && sms.clientRef == nil)
        #expect(sms.price == "0.0333")
        #expect(sms.networkCode == "12345")
    }

    @Test func aMessageWithoutChannelOrTextIsAnSMSWithoutText() throws {
        let body = #"{"message_uuid":"u-1","to":"1","from":"2","timestamp":"2025-02-03T12:14:25Z"}"#
        let message = try InboundMessage.decode(Data(body.utf8))
        #expect(message.channel == "sms" && message.isSMS)
        #expect(message.text == nil && message.messageType == nil)
    }

    @Test func anMMSImageKeepsItsChannelAndTypeAndHasNoText() throws {
        let body = #"""
            {"channel":"mms","message_uuid":"u-2","to":"14155550100","from":"14155550106",
             "timestamp":"2025-02-03T12:14:25Z","message_type":"image","image":{"url":"https://example.com/i.jpg"}}
            """#
        let message = try InboundMessage.decode(Data(body.utf8))
        #expect(message.channel == "mms" && !message.isSMS)
        #expect(message.messageType == "image" && message.text == nil)
    }

    @Test func aTextWithoutMessageTypeIsText() throws {
        let message = try InboundMessage.decode(TestTokens.inboundBody)
        #expect(message.messageType == "text")
    }

    @Test(
        arguments: [
            (#"{"num_messages":"2","total_count":"3"}"#, 2), (#"{"total_count":"3"}"#, 3), (#"{"count_total":4}"#, 4),
        ] as [(String, Int)])
    func thePartCountIsReadUnderEveryName(sms: String, expected: Int) throws {
        let body =
            #"{"message_uuid":"u","to":"1","from":"2","timestamp":"2025-02-03T12:14:25Z","text":"x","sms":"#
            + sms + "}"
        #expect(try InboundMessage.decode(Data(body.utf8)).numMessages == expected)
    }
}
