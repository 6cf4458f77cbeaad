import Foundation
import TestSupport

/// A real Prometheus (Debian's package) on 127.0.0.1 with a temporary data folder, configured from
/// deploy/prometheus/prometheus.yml with every job's target moved to `target` over plain HTTP, the token file
/// replaced, the intervals shortened to one second and the alert rules of deploy/prometheus loaded.
final class PrometheusServer: @unchecked Sendable {
    let directory: URL
    let baseURL: String
    let process: BackgroundProcess

    static let deployFolder = TestSupport.packageRoot.appendingPathComponent("deploy/prometheus")

    /// What went wrong, with Prometheus' output.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(scraping target: String, token: String) throws {
        directory = try TestSupport.makeTemporaryDirectory("prometheus")
        let tokenFile = directory.appendingPathComponent("sms-api-token")
        try token.write(to: tokenFile, atomically: true, encoding: .utf8)
        let config = directory.appendingPathComponent("prometheus.yml")
        let rewrite = """
            import sys, yaml
            source, target, token, rules, out = sys.argv[1:]
            config = yaml.safe_load(open(source))
            config["global"].update(scrape_interval="1s", evaluation_interval="1s")
            config["rule_files"] = [rules]
            for job in config["scrape_configs"]:
                job["scheme"] = "http"
                job["authorization"]["credentials_file"] = token
                job["static_configs"] = [{"targets": [target]}]
            yaml.safe_dump(config, open(out, "w"))
            """
        let rewritten = try TestSupport.run(
            TestSupport.python,
            [
                "-c", rewrite, Self.deployFolder.appendingPathComponent("prometheus.yml").path, target, tokenFile.path,
                Self.deployFolder.appendingPathComponent("sms-alerts.yml").path, config.path,
            ],
            environment: ["PATH": "/usr/bin:/bin"])
        guard rewritten.status == 0 else { throw Failure(description: rewritten.stderrText) }
        let check = try TestSupport.run("/usr/bin/promtool", ["check", "config", config.path], environment: [:])
        guard check.status == 0 else { throw Failure(description: check.stdoutText + check.stderrText) }

        let port = try TestSupport.freePort()
        baseURL = "http://127.0.0.1:\(port)"
        process = try BackgroundProcess(
            "/usr/bin/prometheus",
            [
                "--config.file=\(config.path)", "--storage.tsdb.path=\(directory.appendingPathComponent("data").path)",
                "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
            ],
            environment: ["PATH": "/usr/bin:/bin"], currentDirectory: directory)
        let deadline = Date().addingTimeInterval(30)
        while try TestHTTP.request("GET", baseURL + "/-/ready", timeout: 2).status != 200 {
            guard process.process.isRunning, Date() < deadline else {
                stop()
                throw Failure(description: "Prometheus did not become ready:\n\(process.output)")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    deinit { stop() }

    func stop() { process.stop() }

    /// `GET path` of the HTTP API, parsed; throws with the body when the answer is not `"status": "success"`.
    func api(_ path: String, _ parameters: [String: String] = [:]) throws -> [String: Any] {
        var query = ""
        if !parameters.isEmpty {
            query =
                "?"
                + parameters.sorted { $0.key < $1.key }.map {
                    "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
                }.joined(separator: "&")
        }
        let response = try TestHTTP.request("GET", baseURL + path + query)
        let json = try? response.json()
        guard let json, json["status"] as? String == "success" else {
            throw Failure(description: "\(path)\(query): \(response.status) \(response.text)")
        }
        return json
    }

    /// An instant query's samples as (labels, value); NaN and infinities as Prometheus spells them.
    func query(_ expression: String) throws -> [(labels: [String: String], value: Double)] {
        let data = try api("/api/v1/query", ["query": expression])["data"] as? [String: Any]
        let result = data?["result"] as? [[String: Any]] ?? []
        return result.map { sample in
            let value = (sample["value"] as? [Any])?.last as? String ?? "NaN"
            return (sample["metric"] as? [String: String] ?? [:], Double(value) ?? .nan)
        }
    }

    /// Polls `expression` until `condition` holds for its samples (up to `timeout` seconds); returns the last ones.
    func waitFor(
        _ expression: String, timeout: TimeInterval = 30,
        until condition: ([(labels: [String: String], value: Double)]) -> Bool
    ) throws -> [(labels: [String: String], value: Double)] {
        let deadline = Date().addingTimeInterval(timeout)
        var samples = try query(expression)
        while !condition(samples) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.25)
            samples = try query(expression)
        }
        return samples
    }
}
