import Foundation
import TestSupport
import Testing

/// deploy/prometheus and deploy/grafana against the real tools: promtool checks and unit-tests the alert rules, and
/// a real Prometheus scrapes the metrics function through real Apache with the Bearer token, then evaluates every
/// alert rule and every dashboard panel expression.
@Suite("Prometheus rules and Grafana dashboard from deploy/", .serialized, .requires(.prometheus, .apache, .venv))
struct PrometheusTests {
    static let grafanaDashboard = TestSupport.packageRoot.appendingPathComponent("deploy/grafana/sms-functions.json")

    @Test func alertRulesPassPromtoolCheckAndTheirUnitTests() throws {
        let folder = PrometheusServer.deployFolder
        let check = try TestSupport.run(
            "/usr/bin/promtool", ["check", "rules", "sms-alerts.yml"], environment: [:], currentDirectory: folder)
        #expect(check.status == 0, "\(check.stdoutText)\(check.stderrText)")
        #expect(check.stdoutText.contains("SUCCESS: 7 rules found"), "\(check.stdoutText)")
        let unit = try TestSupport.run(
            "/usr/bin/promtool", ["test", "rules", "sms-alerts.test.yml"], environment: [:], currentDirectory: folder)
        #expect(unit.status == 0, "\(unit.stdoutText)\(unit.stderrText)")
        // Every alert has a case where it must fire and one where it must stay quiet.
        let script = """
            import json, sys, yaml
            cases = [c for t in yaml.safe_load(open(sys.argv[1]))["tests"] for c in t["alert_rule_test"]]
            print(json.dumps({"fires": [c["alertname"] for c in cases if c["exp_alerts"]],
                              "quiet": [c["alertname"] for c in cases if not c["exp_alerts"]]}))
            """
        let listed = try TestSupport.run(
            TestSupport.python, ["-c", script, folder.appendingPathComponent("sms-alerts.test.yml").path],
            environment: ["PATH": "/usr/bin"])
        let cases = try JSONSerialization.jsonObject(with: listed.stdout) as? [String: [String]] ?? [:]
        for alert in try Self.ruleExpressions().keys {
            #expect(cases["fires"]?.contains(alert) == true, "no case where \(alert) fires")
            #expect(cases["quiet"]?.contains(alert) == true, "no case where \(alert) stays quiet")
        }
    }

    @Test func dashboardTakesItsPrometheusDatasourceFromAVariable() throws {
        let dashboard = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: Self.grafanaDashboard)) as? [String: Any])
        let variables = (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
        let datasource = try #require(variables.first { $0["name"] as? String == "datasource" })
        #expect(datasource["type"] as? String == "datasource")
        #expect(datasource["query"] as? String == "prometheus")
        let panels = dashboard["panels"] as? [[String: Any]] ?? []
        #expect(panels.count >= 7)
        for panel in panels {
            let title = panel["title"] as? String ?? ""
            #expect((panel["datasource"] as? [String: String])?["uid"] == "${datasource}", "\(title)")
            for target in panel["targets"] as? [[String: Any]] ?? [] {
                #expect((target["datasource"] as? [String: String])?["uid"] == "${datasource}", "\(title)")
            }
        }
    }

    @Test func realPrometheusScrapesMetricsThroughApacheAndEvaluatesEveryRuleAndPanel() throws {
        let fixture = try FunctionFixture()
        let server = try WebServer.serving(.apache, fixture: fixture)
        defer { server.stop() }
        let auth = ["Authorization": "Bearer \(fixture.apiToken)", "Content-Type": "application/json"]
        func send(_ to: String) throws -> String {
            let sent = try TestHTTP.request(
                "POST", server.baseURL + "/send-sms", headers: auth, body: Data(#"{"to":"\#(to)","text":"hi"}"#.utf8))
            #expect(sent.status == 202, "\(sent.text)\n\(server.errorLog)")
            return try #require(try sent.json()["message_uuid"] as? String)
        }
        func status(_ uuid: String, _ status: String, errorCode: String? = nil) throws {
            let body = VonageWebhookBodies.status(uuid: uuid, status: status, errorCode: errorCode)
            let answer = try TestHTTP.request(
                "POST", server.baseURL + "/webhooks/status",
                headers: [
                    "Authorization": fixture.signer.authorization(for: body), "Content-Type": "application/json",
                ],
                body: body)
            #expect(answer.status == 200, "\(answer.text)")
        }
        try status(try send("14155550101"), "delivered")
        try status(try send("14155550102"), "rejected", errorCode: "1360")
        _ = try send("14155550103")

        let prometheus = try PrometheusServer(
            scraping: String(server.baseURL.dropFirst("http://".count)), token: fixture.apiToken)
        defer { prometheus.stop() }
        // Both jobs (CGI host, API Gateway) reach the function with the token: the store answered both scrapes.
        let up = try prometheus.waitFor("sms_store_up") { $0.count == 2 }
        #expect(up.count == 2, "\(prometheus.process.output)\n\(server.errorLog)")
        #expect(Set(up.compactMap { $0.labels["job"] }) == ["sms-functions", "sms-functions-lambda"])
        #expect(up.allSatisfy { $0.value == 1 })
        #expect(try prometheus.query(#"up{job=~"sms-functions.*"}"#).allSatisfy { $0.value == 1 })

        // A send after the first scrape makes the histogram's buckets grow, so the rate-based quantile is a number.
        _ = try send("14155550104")
        let count = try prometheus.waitFor(#"sms_send_duration_seconds_count{job="sms-functions"}"#) {
            $0.first?.value == 4
        }
        #expect(count.first?.value == 4)
        let p95 = try prometheus.waitFor(
            "histogram_quantile(0.95, avg by (le) (rate(sms_send_duration_seconds_bucket[1m])))"
        ) { $0.first.map { $0.value.isFinite } ?? false }
        let quantile = try #require(p95.first?.value)
        #expect(quantile > 0 && quantile <= 30, "p95 \(quantile)")
        #expect(try prometheus.query(#"sms_delivery_ratio{window="1h",job="sms-functions"}"#).first?.value == 0.5)

        for (alert, expression) in try Self.ruleExpressions() {
            #expect(throws: Never.self, "\(alert)") { _ = try prometheus.query(expression) }
        }
        for (panel, expression) in try Self.panelExpressions() {
            #expect(throws: Never.self, "\(panel)") { _ = try prometheus.query(expression) }
        }
        // Prometheus' own rule evaluation: every rule evaluated at least once, none with an error.
        let groups = try Self.ruleHealth(prometheus)
        #expect(groups.count == 7)
        for (name, health) in groups { #expect(health == "ok", "\(name): \(health)") }
    }

    /// Alert name → expression, from deploy/prometheus/sms-alerts.yml.
    static func ruleExpressions() throws -> [String: String] {
        let script = """
            import json, sys, yaml
            rules = yaml.safe_load(open(sys.argv[1]))["groups"]
            print(json.dumps({r["alert"]: r["expr"] for g in rules for r in g["rules"]}))
            """
        let path = PrometheusServer.deployFolder.appendingPathComponent("sms-alerts.yml").path
        let result = try TestSupport.run(TestSupport.python, ["-c", script, path], environment: ["PATH": "/usr/bin"])
        #expect(result.status == 0, "\(result.stderrText)")
        return try JSONSerialization.jsonObject(with: result.stdout) as? [String: String] ?? [:]
    }

    /// "panel title / refId" → expression, with Grafana's variables replaced as Grafana would for "All" jobs.
    static func panelExpressions() throws -> [(String, String)] {
        let dashboard = try JSONSerialization.jsonObject(with: Data(contentsOf: grafanaDashboard)) as? [String: Any]
        var expressions: [(String, String)] = []
        for panel in dashboard?["panels"] as? [[String: Any]] ?? [] {
            for target in panel["targets"] as? [[String: Any]] ?? [] {
                let expression = (target["expr"] as? String ?? "")
                    .replacingOccurrences(of: "$__rate_interval", with: "1m")
                    .replacingOccurrences(of: "$job", with: ".+")
                expressions.append(("\(panel["title"] ?? "") / \(target["refId"] ?? "")", expression))
            }
        }
        return expressions
    }

    /// Each rule's health once Prometheus has evaluated them all (up to 10 s).
    static func ruleHealth(_ prometheus: PrometheusServer) throws -> [String: String] {
        let deadline = Date().addingTimeInterval(10)
        var health: [String: String] = [:]
        repeat {
            let data = try prometheus.api("/api/v1/rules")["data"] as? [String: Any]
            health = [:]
            for group in data?["groups"] as? [[String: Any]] ?? [] {
                for rule in group["rules"] as? [[String: Any]] ?? [] {
                    let error = rule["lastError"] as? String ?? ""
                    health[rule["name"] as? String ?? ""] = (rule["health"] as? String ?? "") + error
                }
            }
            if !health.isEmpty, health.values.allSatisfy({ $0 != "unknown" }) { return health }
            Thread.sleep(forTimeInterval: 0.25)
        } while Date() < deadline
        return health
    }
}
