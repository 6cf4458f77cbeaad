import Foundation
import TestSupport
import Testing

/// Webhook bodies shaped as Vonage documents them, each sent signed to the built executable and read back through
/// `messages`, asserting every field the API shows. The bodies are this project's own, written from:
/// - [SPEC] Vonage Messages API v1 OpenAPI reference (developer.vonage.com/en/api/messages), webhooks
///   `inbound-message` (schemas for SMS, MMS image and WhatsApp text) and `message-status`;
/// - [REF4] / [REF5]: its SMS inbound and status examples and field tables, with the SDK models they cite (Java
///   `InboundMessage` / `SmsInboundMetadata`, .NET `SmsDetails`, Java's numeric `error.title` test).
@Suite("Vonage webhook payloads, end to end")
struct VonagePayloadTests {
    /// One documented payload and the message `GET /messages/{id}` must show for it.
    struct Shape: CustomTestStringConvertible, Sendable {
        var name: String
        var function: String
        var uuid: String
        var body: String
        var expected: [String: ExpectedValue]
        var events: [String]

        var testDescription: String { name }

        /// The channel the message must be listed under.
        var channel: String {
            if case .text(let channel)? = expected["channel"] { return channel }
            return ""
        }
    }

    enum ExpectedValue: Equatable, Sendable {
        case text(String)
        case number(Int)
        case null
    }

    static let inboundShapes: [Shape] = [
        // [REF4] the SPEC example values: no milliseconds, parts and keyword as strings.
        Shape(
            name: "inbound SMS without milliseconds", function: "inbound-sms",
            uuid: "aaaaaaaa-bbbb-4ccc-8ddd-0123456789a1",
            body: #"{"channel":"sms","message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789a1","to":"447700900000","#
                + #""from":"447700900001","timestamp":"2025-02-03T12:14:25Z","text":"Hello From Vonage!","#
                + #""sms":{"num_messages":"1","keyword":"HELLO"},"usage":{"currency":"EUR","price":"0.0333"},"#
                + #""origin":{"network_code":"12345"}}"#,
            expected: inbound(from: "447700900001", text: "Hello From Vonage!", segments: 1, price: "0.0333"),
            events: []),
        // [REF4] the older documented timestamp form with milliseconds, and Java's `message_type`.
        Shape(
            name: "inbound SMS with milliseconds and message_type", function: "inbound-sms",
            uuid: "aaaaaaaa-bbbb-4ccc-8ddd-0123456789a2",
            body: #"{"channel":"sms","message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789a2","to":"447700900000","#
                + #""from":"447700900002","timestamp":"2020-01-01T14:00:00.123Z","message_type":"text","#
                + #""text":"Hi there","sms":{"num_messages":"1","keyword":"HI"}}"#,
            expected: inbound(from: "447700900002", text: "Hi there", segments: 1, price: nil),
            events: []),
        // [REF4] UTF-8 text: accents, an emoji outside the BMP.
        Shape(
            name: "inbound SMS with unicode and emoji", function: "inbound-sms",
            uuid: "aaaaaaaa-bbbb-4ccc-8ddd-0123456789a3",
            body: #"{"channel":"sms","message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789a3","to":"447700900000","#
                + #""from":"447700900003","timestamp":"2025-02-03T12:14:25Z","text":"Grüße 👋 ça va ? 你好","#
                + #""sms":{"num_messages":"1","keyword":"GRÜSSE"},"usage":{"currency":"EUR","price":"0.0057"}}"#,
            expected: inbound(from: "447700900003", text: "Grüße 👋 ça va ? 你好", segments: 1, price: "0.0057"),
            events: []),
        // [REF4] concatenated parts arrive joined, `num_messages` counts them.
        Shape(
            name: "inbound multipart SMS", function: "inbound-sms",
            uuid: "aaaaaaaa-bbbb-4ccc-8ddd-0123456789a4",
            body: #"{"channel":"sms","message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789a4","to":"447700900000","#
                + #""from":"447700900004","timestamp":"2025-02-03T12:14:25Z","text":"\#(longText)","#
                + #""sms":{"num_messages":"3","keyword":"PART"},"usage":{"currency":"EUR","price":"0.0171"}}"#,
            expected: inbound(from: "447700900004", text: longText, segments: 3, price: "0.0171"),
            events: []),
        // [SPEC] WhatsApp text inbound: profile, context_status, no `sms` object. A "STOP" here is no SMS opt-out.
        Shape(
            name: "inbound WhatsApp text", function: "inbound-sms",
            uuid: "aaaaaaaa-bbbb-4ccc-8ddd-0123456789a5",
            body: #"{"channel":"whatsapp","message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789a5","#
                + #""to":"447700900000","from":"14155550105","timestamp":"2025-02-03T12:14:25Z","#
                + #""profile":{"name":"Jane Smith"},"context_status":"none","message_type":"text","text":"STOP"}"#,
            expected: inbound(from: "14155550105", text: "STOP", segments: nil, price: nil, channel: "whatsapp"),
            events: []),
        // [SPEC] MMS image inbound: `image.url`, no `text`.
        Shape(
            name: "inbound MMS image", function: "inbound-sms",
            uuid: "aaaaaaaa-bbbb-4ccc-8ddd-0123456789a6",
            body: #"{"channel":"mms","message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789a6","to":"14155550100","#
                + #""from":"14155550106","timestamp":"2025-02-03T12:14:25Z","message_type":"image","#
                + #""image":{"url":"https://example.com/image.jpg"},"origin":{"network_code":"310260"}}"#,
            expected: inbound(
                from: "14155550106", to: "14155550100", text: nil, segments: nil, price: nil, channel: "mms",
                messageType: "image"),
            events: []),
    ]

    static let statusShapes: [Shape] = [
        // [REF5] submitted, with usage, count_total and destination.
        Shape(
            name: "status submitted", function: "message-status", uuid: "bbbbbbbb-bbbb-4ccc-8ddd-0123456789b1",
            body: #"{"message_uuid":"bbbbbbbb-bbbb-4ccc-8ddd-0123456789b1","to":"447700900001","#
                + #""from":"447700900000","timestamp":"2025-02-03T12:14:25.010Z","status":"submitted","#
                + #""channel":"sms","usage":{"currency":"EUR","price":"0.0333"},"#
                + #""destination":{"network_code":"12345"},"sms":{"count_total":"1"}}"#,
            expected: status("submitted", segments: 1, price: "0.0333"),
            events: ["submitted@2025-02-03T12:14:25.010Z"]),
        // [REF5] delivered with client_ref.
        Shape(
            name: "status delivered", function: "message-status", uuid: "bbbbbbbb-bbbb-4ccc-8ddd-0123456789b2",
            body: #"{"message_uuid":"bbbbbbbb-bbbb-4ccc-8ddd-0123456789b2","to":"447700900001","#
                + #""from":"447700900000","timestamp":"2025-02-03T12:14:30.123Z","status":"delivered","#
                + #""channel":"sms","client_ref":"abc123","destination":{"network_code":"12345"}}"#,
            expected: status("delivered", clientRef: "abc123"),
            events: ["delivered@2025-02-03T12:14:30.123Z"]),
        // [REF5] the documented rejected example, error object and all; Java sends `title` as a number.
        Shape(
            name: "status rejected with error object", function: "message-status",
            uuid: "bbbbbbbb-bbbb-4ccc-8ddd-0123456789b3",
            body: #"{"message_uuid":"bbbbbbbb-bbbb-4ccc-8ddd-0123456789b3","to":"447700900001","#
                + #""from":"447700900000","timestamp":"2025-02-03T12:14:25Z","status":"rejected","channel":"sms","#
                + #""client_ref":"abc123","error":{"type":"https://developer.vonage.com/api-errors/messages#1360","#
                + #""title":1360,"detail":"TTL was activated, or message expired before delivered.","#
                + #""instance":"bf0ca0bf927b3b52e3cb03217e1a1ddf"},"usage":{"currency":"EUR","price":"0.0333"},"#
                + #""destination":{"network_code":"12345"},"sms":{"count_total":"2"}}"#,
            expected: status(
                "rejected", segments: 2, price: "0.0333", clientRef: "abc123", errorCode: "1360",
                errorDetail: "TTL was activated, or message expired before delivered."),
            events: ["rejected@2025-02-03T12:14:25.000Z#1360"]),
        // [REF5] undeliverable: Vonage could not reach the provider; no usage.
        Shape(
            name: "status undeliverable", function: "message-status", uuid: "bbbbbbbb-bbbb-4ccc-8ddd-0123456789b4",
            body: #"{"message_uuid":"bbbbbbbb-bbbb-4ccc-8ddd-0123456789b4","to":"447700900001","#
                + #""from":"447700900000","timestamp":"2025-02-03T12:14:25.999Z","status":"undeliverable","#
                + #""channel":"sms"}"#,
            expected: status("undeliverable"),
            events: ["undeliverable@2025-02-03T12:14:25.999Z"]),
        // [REF4] Java `SmsInboundMetadata` / .NET `SmsDetails`: the aggregated part count as `total_count`.
        Shape(
            name: "status aggregated multi-segment (total_count)", function: "message-status",
            uuid: "bbbbbbbb-bbbb-4ccc-8ddd-0123456789b5",
            body: #"{"message_uuid":"bbbbbbbb-bbbb-4ccc-8ddd-0123456789b5","to":"447700900001","#
                + #""from":"447700900000","timestamp":"2025-02-03T12:14:25Z","status":"delivered","channel":"sms","#
                + #""usage":{"currency":"EUR","price":"0.0999"},"sms":{"total_count":"3"}}"#,
            expected: status("delivered", segments: 3, price: "0.0999"),
            events: ["delivered@2025-02-03T12:14:25.000Z"]),
        // [REF5] only the fields every status has; `channel` left out as the published schema allows.
        Shape(
            name: "status minimal without channel", function: "message-status",
            uuid: "bbbbbbbb-bbbb-4ccc-8ddd-0123456789b6",
            body: #"{"message_uuid":"bbbbbbbb-bbbb-4ccc-8ddd-0123456789b6","to":"447700900001","#
                + #""from":"447700900000","timestamp":"2025-02-03T12:14:25.500Z","status":"submitted"}"#,
            expected: status("submitted"),
            events: ["submitted@2025-02-03T12:14:25.500Z"]),
        // [REF5] usage with a price only a status reports.
        Shape(
            name: "status with usage", function: "message-status", uuid: "bbbbbbbb-bbbb-4ccc-8ddd-0123456789b7",
            body: #"{"message_uuid":"bbbbbbbb-bbbb-4ccc-8ddd-0123456789b7","to":"447700900001","#
                + #""from":"447700900000","timestamp":"2025-02-03T12:14:25Z","status":"submitted","channel":"sms","#
                + #""usage":{"currency":"EUR","price":"0.0666"},"sms":{"count_total":"2"}}"#,
            expected: status("submitted", segments: 2, price: "0.0666"),
            events: ["submitted@2025-02-03T12:14:25.000Z"]),
    ]

    static let longText = String(repeating: "Part of a long message that needed three SMS. ", count: 7)

    static func inbound(
        from: String, to: String = "447700900000", text: String?, segments: Int?, price: String?,
        channel: String = "sms", messageType: String = "text"
    ) -> [String: ExpectedValue] {
        [
            "direction": .text("inbound"), "channel": .text(channel), "message_type": .text(messageType),
            "to": .text(to), "from": .text(from), "text": text.map(ExpectedValue.text) ?? .null,
            "status": .text("received"), "error_code": .null, "error_detail": .null,
            "segments": segments.map(ExpectedValue.number) ?? .null, "encoding": .null, "client_ref": .null,
            "price": price.map(ExpectedValue.text) ?? .null, "currency": price == nil ? .null : .text("EUR"),
        ]
    }

    static func status(
        _ status: String, segments: Int? = nil, price: String? = nil, clientRef: String? = nil,
        errorCode: String? = nil, errorDetail: String? = nil
    ) -> [String: ExpectedValue] {
        [
            "direction": .text("outbound"), "channel": .text("sms"), "message_type": .null,
            "to": .text("447700900001"), "from": .text("447700900000"), "text": .null, "status": .text(status),
            "error_code": errorCode.map(ExpectedValue.text) ?? .null,
            "error_detail": errorDetail.map(ExpectedValue.text) ?? .null,
            "segments": segments.map(ExpectedValue.number) ?? .null, "encoding": .null,
            "client_ref": clientRef.map(ExpectedValue.text) ?? .null,
            "price": price.map(ExpectedValue.text) ?? .null, "currency": price == nil ? .null : .text("EUR"),
        ]
    }

    static func value(_ any: Any?) -> ExpectedValue? {
        switch any {
        case is NSNull: return .null
        case let text as String: return .text(text)
        case let number as NSNumber: return .number(number.intValue)
        default: return nil
        }
    }

    /// `status@timestamp` with `#error_code` when there is one.
    static func event(_ event: [String: Any]) -> String {
        let base = "\(event["status"] as? String ?? "?")@\(event["timestamp"] as? String ?? "?")"
        return (event["error_code"] as? String).map { base + "#" + $0 } ?? base
    }

    @Test(arguments: inboundShapes + statusShapes)
    func storedAndShownAsDocumented(shape: Shape) throws {
        let fixture = try FunctionFixture(scenario: nil)
        let body = Data(shape.body.utf8)
        let path = shape.function == "inbound-sms" ? "/webhooks/inbound" : "/webhooks/status"
        let ack = try fixture.cgi(
            shape.function, method: "POST", path: path,
            headers: ["Authorization": fixture.signer.authorization(for: body)], body: body)
        #expect(ack.status == 200, "\(ack.log)")
        #expect(try ack.json()["status"] as? String == "stored")
        let shown = try fixture.cgi(
            "messages", method: "GET", path: "/messages/\(shape.uuid)",
            headers: ["Authorization": "Bearer \(fixture.apiToken)"])
        #expect(shown.status == 200)
        let message = try shown.json()
        let fields = ["message_uuid", "created_at", "updated_at", "events"] + Array(shape.expected.keys)
        #expect(Set(message.keys) == Set(fields), "fields shown")
        #expect(message["message_uuid"] as? String == shape.uuid)
        for (name, expected) in shape.expected {
            #expect(Self.value(message[name]) == expected, "\(name)")
        }
        for name in ["created_at", "updated_at"] {
            let time = message[name] as? String ?? ""
            #expect(time.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(name) \(time)")
        }
        #expect((message["events"] as? [[String: Any]])?.map(Self.event) == shape.events)
        let listed = try fixture.cgi(
            "messages", method: "GET", path: "/messages",
            query: "channel=\(shape.channel)",
            headers: ["Authorization": "Bearer \(fixture.apiToken)"])
        let page = try #require(try listed.json()["messages"] as? [[String: Any]])
        #expect(page.map { $0["message_uuid"] as? String } == [shape.uuid])
        #expect(Self.value(page.first?["message_type"]) == shape.expected["message_type"])
    }

    @Test(.requires(.venv)) func onlyAnSMSStopOptsTheSenderOutOfSMS() throws {
        let fixture = try FunctionFixture()
        let whatsapp = try #require(Self.inboundShapes.first { $0.name == "inbound WhatsApp text" })
        let body = Data(whatsapp.body.utf8)
        #expect(
            try fixture.cgi(
                "inbound-sms", method: "POST", path: "/webhooks/inbound",
                headers: ["Authorization": fixture.signer.authorization(for: body)], body: body
            ).status == 200)
        let auth = ["Authorization": "Bearer \(fixture.apiToken)"]
        func send() throws -> Int {
            try fixture.cgi(
                "send-sms", method: "POST", path: "/send-sms", headers: auth,
                body: Data(#"{"to":"14155550105","text":"still allowed"}"#.utf8)
            ).status
        }
        #expect(try send() == 202)
        let sms = VonageWebhookBodies.inbound(from: "14155550105", text: "STOP")
        #expect(
            try fixture.cgi(
                "inbound-sms", method: "POST", path: "/webhooks/inbound",
                headers: ["Authorization": fixture.signer.authorization(for: sms)], body: sms
            ).status == 200)
        #expect(try send() == 409)
        let listed = try fixture.cgi(
            "messages", method: "GET", path: "/messages", query: "channel=sms&direction=inbound", headers: auth)
        #expect((try listed.json()["messages"] as? [[String: Any]])?.count == 1)
    }

    @Test(.requires(.venv)) func aReadStatusIsHistoryAndNeverOvertakesATerminalStatus() throws {
        let fixture = try FunctionFixture()
        let auth = ["Authorization": "Bearer \(fixture.apiToken)"]
        let sent = try fixture.cgi(
            "send-sms", method: "POST", path: "/send-sms", headers: auth,
            body: Data(#"{"to":"14155550107","text":"hello"}"#.utf8))
        let uuid = try #require(try sent.json()["message_uuid"] as? String)
        for (status, time) in [("delivered", "2025-02-03T12:14:30Z"), ("read", "2025-02-03T12:15:00Z")] {
            let body = Data(
                (#"{"message_uuid":"\#(uuid)","to":"14155550107","from":"447700900000","#
                    + #""timestamp":"\#(time)","status":"\#(status)","channel":"sms"}"#).utf8)
            #expect(
                try fixture.cgi(
                    "message-status", method: "POST", path: "/webhooks/status",
                    headers: ["Authorization": fixture.signer.authorization(for: body)], body: body
                ).status == 200)
        }
        let message = try fixture.cgi("messages", method: "GET", path: "/messages/\(uuid)", headers: auth).json()
        #expect(message["status"] as? String == "delivered")
        #expect((message["events"] as? [[String: Any]])?.map { $0["status"] as? String } == ["delivered", "read"])
        #expect(message["channel"] as? String == "sms" && message["message_type"] as? String == "text")
    }
}
