import Foundation
import TestSupport
import Testing

/// The local stack end to end: sms-local runs the real function executables as CGI programs and its sandbox
/// calls the webhooks back through the gateway.
@Suite("sms-local gateway and sandbox")
struct GatewayFlowTests {
    @Test func sendIsAcceptedThenDeliveredWithItsHistory() throws {
        let stack = try LocalStack()
        defer { stack.stop() }
        let sent = try stack.send(to: "447700900123")
        #expect(sent.status == 202, "\(sent.text)\n\(stack.output)")
        let uuid = try #require(try sent.json()["message_uuid"] as? String)

        let message = try stack.waitForMessage(uuid, status: "delivered")
        #expect(message["status"] as? String == "delivered", "\(message)\n\(stack.output)")
        let events = try #require(message["events"] as? [[String: Any]])
        #expect(events.map { $0["status"] as? String } == ["submitted", "delivered"])
        #expect(message["price"] as? String == "0.0333")
        #expect(message["currency"] as? String == "EUR")
    }

    @Test func servesTheOpenAPISpecAndMetrics() throws {
        let stack = try LocalStack()
        defer { stack.stop() }
        let spec = try TestHTTP.request("GET", stack.baseURL + "/openapi.yaml")
        #expect(spec.status == 200)
        let onDisk = try String(
            contentsOf: TestSupport.packageRoot.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        #expect(spec.text == onDisk)
        let metrics = try stack.call("GET", "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.text.contains("sms_store_up 1"))
    }

    @Test(
        arguments: [
            ("447700900001", "rejected", ["submitted", "rejected"], "1360"),
            ("447700900002", "undeliverable", ["undeliverable"], nil),
            ("447700900003", "rejected", ["submitted", "rejected"], "1170"),
        ] as [(String, String, [String], String?)])
    func testNumbersProduceTheirDocumentedOutcome(to: String, status: String, history: [String], errorCode: String?)
        throws
    {
        let stack = try LocalStack()
        defer { stack.stop() }
        let sent = try stack.send(to: to)
        #expect(sent.status == 202, "\(sent.text)")
        let uuid = try #require(try sent.json()["message_uuid"] as? String)
        let message = try stack.waitForMessage(uuid, status: status)
        #expect(message["status"] as? String == status, "\(message)\n\(stack.output)")
        #expect(message["error_code"] as? String == errorCode)
        let events = try #require(message["events"] as? [[String: Any]])
        #expect(events.map { $0["status"] as? String } == history)
    }

    @Test func simulatedInboundSMSIsStoredAndListed() throws {
        let stack = try LocalStack()
        defer { stack.stop() }
        let inbound = try TestHTTP.request(
            "POST", stack.baseURL + "/sandbox/inbound", headers: ["Content-Type": "application/json"],
            body: Data(#"{"from":"+44 7700 900555","text":"Hello back"}"#.utf8))
        #expect(inbound.status == 200, "\(inbound.text)\n\(stack.output)")
        #expect(try inbound.json()["status"] as? String == "stored")
        let uuid = try #require(inbound.headers["x-sandbox-message-uuid"])
        #expect(try inbound.json()["message_uuid"] as? String == uuid)

        let list = try stack.call("GET", "/messages?direction=inbound")
        let messages = try #require(try list.json()["messages"] as? [[String: Any]])
        #expect(messages.count == 1)
        #expect(messages.first?["message_uuid"] as? String == uuid)
        #expect(messages.first?["from"] as? String == "447700900555")
        #expect(messages.first?["to"] as? String == "447700900000")
        #expect(messages.first?["text"] as? String == "Hello back")
    }

    @Test func simulatedWhatsAppAndMMSInboundAreStoredWithTheirChannelAndType() throws {
        let stack = try LocalStack()
        defer { stack.stop() }
        let bodies = [
            #"{"from":"447700900556","text":"STOP","channel":"whatsapp"}"#,
            #"{"from":"447700900557","channel":"mms","image_url":"https://example.com/cat.jpg"}"#,
        ]
        for body in bodies {
            let inbound = try TestHTTP.request(
                "POST", stack.baseURL + "/sandbox/inbound", headers: ["Content-Type": "application/json"],
                body: Data(body.utf8))
            #expect(inbound.status == 200, "\(inbound.text)\n\(stack.output)")
        }
        let whatsapp = try #require(
            try stack.call("GET", "/messages?channel=whatsapp").json()["messages"] as? [[String: Any]])
        #expect(whatsapp.map { $0["text"] as? String } == ["STOP"])
        #expect(whatsapp.first?["message_type"] as? String == "text")
        let mms = try #require(try stack.call("GET", "/messages?channel=mms").json()["messages"] as? [[String: Any]])
        #expect(mms.first?["message_type"] as? String == "image")
        #expect(mms.first?["text"] is NSNull)
        // A WhatsApp STOP is no SMS opt-out.
        #expect(try stack.send(to: "447700900556").status == 202)
    }

    @Test func stopFromANumberMakesTheNextSendToIt409UntilStart() throws {
        let stack = try LocalStack()
        defer { stack.stop() }
        func inbound(_ text: String) throws -> Int {
            try TestHTTP.request(
                "POST", stack.baseURL + "/sandbox/inbound", headers: ["Content-Type": "application/json"],
                body: Data(#"{"from":"447700900777","text":"\#(text)"}"#.utf8)
            ).status
        }
        #expect(try inbound("STOP") == 200)
        let refused = try stack.send(to: "447700900777")
        #expect(refused.status == 409, "\(refused.text)")
        #expect(refused.headers["content-type"] == "application/problem+json")
        #expect(try stack.send(to: "447700900778").status == 202)
        #expect(try inbound("START") == 200)
        #expect(try stack.send(to: "447700900777").status == 202)
    }

    @Test func inboundSimulationRefusesAnInvalidSender() throws {
        let stack = try LocalStack()
        defer { stack.stop() }
        let response = try TestHTTP.request(
            "POST", stack.baseURL + "/sandbox/inbound", headers: ["Content-Type": "application/json"],
            body: Data(#"{"from":"0123","text":""}"#.utf8))
        #expect(response.status == 422)
        let names = (try response.json()["invalid_params"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["from", "text"])
    }

    @Test func thePrintedCurlLinesWorkAsWritten() throws {
        let stack = try LocalStack()
        defer { stack.stop() }
        let lines = stack.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("uuid=$(curl") || $0.hasPrefix("sleep 2; curl") || $0.hasPrefix("curl ") }
        #expect(lines.count == 4, "\(stack.output)")
        let script = lines.joined(separator: "\n")
        let result = try TestSupport.run("/bin/bash", ["-c", script], environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 0, "\(result.stderrText)")
        let replies = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(replies.count == 3, "\(result.stdoutText)")
        let history = try JSONSerialization.jsonObject(with: Data((replies.first ?? "").utf8)) as? [String: Any]
        #expect(history?["status"] as? String == "delivered", "\(result.stdoutText)\n\(stack.output)")
        #expect(replies.dropFirst().first?.contains(#""status":"stored""#) == true)
        #expect(replies.last?.contains(#""text":"Hello back""#) == true)
    }

    @Test func generatedCredentialsAreReusedAndPrivate() throws {
        let first = try LocalStack()
        let token = first.apiToken
        let application = try first.generated("VONAGE_APPLICATION_ID")
        first.stop()
        #expect(token.count >= 16)
        for name in ["sms-local.env", "application.key"] {
            let attributes = try FileManager.default.attributesOfItem(
                atPath: first.dataDirectory.appendingPathComponent(name).path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(name)")
        }
        let key = try String(
            contentsOf: first.dataDirectory.appendingPathComponent("application.key"), encoding: .utf8)
        #expect(key.hasPrefix("-----BEGIN PRIVATE KEY-----"))

        // A second run on the same data folder keeps the token, the application and the messages.
        let second = try BackgroundProcess(
            LocalStack.executable,
            [
                "--port", String(first.port), "--sandbox-port", String(first.sandboxPort), "--data",
                first.dataDirectory.path,
            ],
            environment: ["PATH": "/usr/bin:/bin"], currentDirectory: first.directory)
        defer { second.stop() }
        let deadline = Date().addingTimeInterval(30)
        while !second.output.contains("API token:") && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(second.output.contains("API token: \(token)"))
        #expect(second.output.contains("application \(application)"))
    }
}
