import Foundation
import Testing
import VonageWebhooks

@Suite("InboundSMS decoding")
struct InboundSMSDecodingTests {
    @Test func decodesTheReferenceExample() throws {
        let sms = try InboundSMS.decode(TestTokens.inboundBody)
        #expect(
            sms
                == InboundSMS(
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
        let sms = try InboundSMS.decode(Data(body.utf8))
        #expect(sms.text == "")
        #expect(sms.timestamp == Date(timeIntervalSince1970: 1_577_887_200))
        #expect(sms.numMessages == 1)
        #expect(sms.clientRef == "ref-9")
        #expect(sms.keyword == nil && sms.price == nil && sms.networkCode == nil)
    }

    @Test(arguments: ["channel", "message_uuid", "to", "from", "timestamp", "text"])
    func aMissingRequiredFieldIsNamed(field: String) throws {
        var object = try #require(
            JSONSerialization.jsonObject(with: TestTokens.inboundBody) as? [String: Any])
        object[field] = nil
        let body = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: WebhookPayloadError.invalidFields([.init(name: field, reason: "is required")])) {
            _ = try InboundSMS.decode(body) as InboundSMS
        }
    }

    @Test func everyBadFieldIsNamedAtOnceAndAnswers422() {
        let body = Data(#"{"channel":"sms","to":15550101,"from":"","timestamp":"yesterday","text":null}"#.utf8)
        do {
            _ = try InboundSMS.decode(body)
            Issue.record("expected a payload error")
        } catch {
            #expect(error.fieldNames == ["message_uuid", "to", "from", "timestamp", "text"])
            #expect(error.httpStatus == 422)
            #expect(!error.detail.contains("15550101"))
        }
    }

    @Test(arguments: ["not json", "[]", "\"sms\"", ""])
    func aBodyThatIsNotAJSONObjectAnswers400(text: String) {
        #expect(throws: WebhookPayloadError.notAJSONObject) { _ = try InboundSMS.decode(Data(text.utf8)) as InboundSMS }
        #expect(WebhookPayloadError.notAJSONObject.httpStatus == 400)
    }

    @Test func optionalFieldsOfAnUnexpectedTypeReadAsAbsent() throws {
        let body = #"""
            {"channel":"sms","message_uuid":"u-1","to":"1","from":"2","timestamp":"2025-02-03T12:14:25Z","text":"x",
             "sms":"weird","usage":{"price":0.0333,"currency":978},"origin":{"network_code":12345},"client_ref":7}
            """#
        let sms = try InboundSMS.decode(Data(body.utf8))
        #expect(sms.numMessages == nil && sms.keyword == nil && sms.currency == nil && sms.clientRef == nil)
        #expect(sms.price == "0.0333")
        #expect(sms.networkCode == "12345")
    }
}
