import Foundation
import TestSupport
import Testing

/// The metrics function, parsed by the official Prometheus client's text parser, against a store filled by the
/// real send and webhook executables.
@Suite("metrics function", .requires(.venv))
struct MetricsTests {
    /// Families and samples as the Python `prometheus_client` parser reads them: [name: [(labels, value)]].
    func parse(_ exposition: String) throws -> [String: [([String: String], Double)]] {
        let script = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = {}
            for family in text_string_to_metric_families(sys.stdin.read()):
                for s in family.samples:
                    out.setdefault(s.name, []).append([s.labels, s.value if s.value == s.value else "NaN"])
            print(json.dumps(out))
            """
        let result = try TestSupport.run(
            TestSupport.python, ["-c", script], environment: ["PATH": "/usr/bin"],
            stdin: Data(exposition.utf8))
        #expect(result.status == 0, "\(result.stderrText)")
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: [[Any]]])
        return json.mapValues { samples in
            samples.map { (($0[0] as? [String: String]) ?? [:], ($0[1] as? Double) ?? .nan) }
        }
    }

    func value(_ families: [String: [([String: String], Double)]], _ name: String, _ labels: [String: String] = [:])
        -> Double?
    {
        families[name]?.first { $0.0 == labels }?.1
    }

    @Test func countsMatchAStoreFilledByRealProcesses() throws {
        let fixture = try FunctionFixture()
        let auth = ["Authorization": "Bearer \(fixture.apiToken)"]
        var uuids: [String] = []
        for number in ["14155550101", "14155550102", "14155550103"] {
            let sent = try fixture.cgi(
                "send-sms", method: "POST", path: "/send-sms", headers: auth,
                body: Data(#"{"to":"\#(number)","text":"hi"}"#.utf8))
            uuids.append(try #require(try sent.json()["message_uuid"] as? String))
        }
        func status(_ uuid: String, _ status: String, _ code: String? = nil) throws {
            let body = VonageWebhookBodies.status(uuid: uuid, status: status, errorCode: code)
            let response = try fixture.cgi(
                "message-status", method: "POST", path: "/webhooks/status",
                headers: ["Authorization": fixture.signer.authorization(for: body)], body: body)
            #expect(response.status == 200)
        }
        try status(uuids[0], "delivered")
        try status(uuids[1], "rejected", "1360")
        for text in ["hello", "STOP"] {
            let body = VonageWebhookBodies.inbound(text: text)
            _ = try fixture.cgi(
                "inbound-sms", method: "POST", path: "/webhooks/inbound",
                headers: ["Authorization": fixture.signer.authorization(for: body)], body: body)
        }
        let response = try fixture.cgi("metrics", method: "GET", path: "/metrics", headers: auth)
        #expect(response.status == 200)
        #expect(response.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let families = try parse(response.text)
        #expect(value(families, "sms_store_up") == 1)
        #expect(value(families, "sms_messages", ["direction": "outbound", "status": "delivered"]) == 1)
        #expect(value(families, "sms_messages", ["direction": "outbound", "status": "rejected"]) == 1)
        #expect(value(families, "sms_messages", ["direction": "outbound", "status": "submitted"]) == 1)
        #expect(value(families, "sms_messages", ["direction": "inbound", "status": "received"]) == 2)
        #expect(value(families, "sms_inbound_messages_total") == 2)
        #expect(value(families, "sms_status_events_total", ["status": "delivered"]) == 1)
        #expect(value(families, "sms_opt_outs") == 1)
        #expect(value(families, "sms_rejected_messages", ["error_code": "1360"]) == 1)
        #expect(value(families, "sms_delivery_ratio", ["window": "1h"]) == 0.5)
        #expect((value(families, "sms_oldest_pending_submission_age_seconds") ?? -1) >= 0)
        #expect(value(families, "sms_send_duration_seconds_count") == 3)
        #expect(value(families, "sms_send_duration_seconds_bucket", ["le": "+Inf"]) == 3)
        #expect(value(families, "sms_send_attempts_total") == 3)
    }

    @Test func authIsRequiredUnlessPublicAndAStoreOutageIsData() throws {
        let fixture = try FunctionFixture(scenario: nil)
        #expect(try fixture.cgi("metrics", method: "GET", path: "/metrics").status == 401)
        let open = try fixture.cgi(
            "metrics", method: "GET", path: "/metrics", extraEnvironment: ["METRICS_PUBLIC": "1"])
        #expect(open.status == 200)
        let down = try fixture.cgi(
            "metrics", method: "GET", path: "/metrics",
            extraEnvironment: ["METRICS_PUBLIC": "1", "DATABASE_URL": "sqlite:///proc/nope/sms.sqlite"])
        #expect(down.status == 200)
        #expect(value(try parse(down.text), "sms_store_up") == 0)
    }

    @Test func stillAnswersWithOneHundredThousandMessages() throws {
        let fixture = try FunctionFixture(scenario: nil)
        #expect(try fixture.cgi("health", method: "GET", path: "/health").status == 200)
        let path = String(fixture.databaseURL.dropFirst("sqlite://".count))
        let fill = """
            import sqlite3, sys, time
            db = sqlite3.connect(sys.argv[1])
            now = int(time.time() * 1000)
            statuses = ["submitted", "delivered", "delivered", "rejected", "undeliverable"]
            rows = [(f"m-{i:06d}", "outbound" if i % 4 else "inbound", "14155550101", "447700900000", "x",
                     statuses[i % 5] if i % 4 else "received", "1360" if i % 5 == 3 else None, 1,
                     now - i * 1000, now - i * 1000, 120 + i % 700, 1 + i % 3) for i in range(100000)]
            db.executemany("INSERT INTO messages (message_uuid, direction, to_number, from_number, body, status, error_code, has_send_record, created_at, updated_at, send_duration_ms, send_attempts) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            db.commit()
            """
        let filled = try TestSupport.run("/usr/bin/python3", ["-c", fill, path], environment: ["PATH": "/usr/bin"])
        #expect(filled.status == 0, "\(filled.stderrText)")
        let start = Date()
        let response = try fixture.cgi(
            "metrics", method: "GET", path: "/metrics", headers: ["Authorization": "Bearer \(fixture.apiToken)"])
        let elapsed = Date().timeIntervalSince(start)
        #expect(response.status == 200)
        let families = try parse(response.text)
        let total = families["sms_messages"]?.reduce(0) { $0 + $1.1 } ?? 0
        #expect(total == 100_000)
        print("metrics over 100000 messages answered in \(Int(elapsed * 1000)) ms (whole process, debug build)")
    }

    @Test func requestLogLineCarriesTheMessageUUIDAndMasksNumbers() throws {
        let fixture = try FunctionFixture()
        let sent = try fixture.cgi(
            "send-sms", method: "POST", path: "/send-sms",
            headers: ["Authorization": "Bearer \(fixture.apiToken)"],
            body: Data(#"{"to":"14155550199","text":"secret text 4242"}"#.utf8))
        let uuid = try #require(try sent.json()["message_uuid"] as? String)
        let lines = sent.log.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String]
        }
        let requestLine = try #require(lines.first { $0["msg"] == "request" })
        #expect(requestLine["message_uuid"] == uuid)
        #expect(requestLine["status"] == "202")
        #expect(requestLine["fn"] == "send-sms")
        #expect(requestLine["duration_ms"] != nil)
        #expect(!sent.log.contains("14155550199"))
        #expect(sent.log.contains("0199"))
        #expect(!sent.log.contains("secret text"))
        let body = VonageWebhookBodies.inbound(from: "447700912345", text: "private words")
        let inbound = try fixture.cgi(
            "inbound-sms", method: "POST", path: "/webhooks/inbound",
            headers: ["Authorization": fixture.signer.authorization(for: body)], body: body)
        #expect(!inbound.log.contains("447700912345"))
        #expect(!inbound.log.contains("private words"))
    }
}
