import Foundation
import TestSupport
import Testing

/// Every sample in events/ works as documented in events/README.md: run through its function with the sample
/// secret and token, it gets a 2xx answer in its own shape. The webhook samples are committed signed at a fixed time,
/// older than any token a webhook accepts, so they run as the README says: re-signed now by the script.
@Suite("Sample events")
struct SampleEventTests {
    static let folders = ["send-sms", "inbound-sms", "message-status", "messages"]
    static let script = TestSupport.packageRoot.appendingPathComponent("scripts/make-sample-events.py").path

    /// The samples as `make-sample-events.py` writes them into a new folder (`--now`: webhook tokens signed now).
    static func generated(now: Bool) throws -> URL {
        let dir = try TestSupport.makeTemporaryDirectory("sample-events")
        let arguments = [script, "--out", dir.path] + (now ? ["--now"] : [])
        let result = try TestSupport.run("/usr/bin/python3", arguments, environment: ["PATH": "/usr/bin:/bin"])
        guard result.status == 0 else { throw ScriptFailure(result.stderrText) }
        return dir
    }

    /// The script failed; its stderr.
    struct ScriptFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static var samples: [(String, String)] {
        folders.flatMap { folder in
            let dir = TestSupport.packageRoot.appendingPathComponent("events/\(folder)")
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            return files.filter { $0.hasSuffix(".json") }.sorted().map { (folder, $0) }
        }
    }

    @Test func everyFunctionHasSamples() {
        for folder in Self.folders { #expect(Self.samples.contains { $0.0 == folder }, "no samples for \(folder)") }
    }

    @Test func theCommittedSamplesAreWhatTheScriptWrites() throws {
        let fresh = try Self.generated(now: false)
        for (folder, file) in Self.samples {
            let committed = TestSupport.packageRoot.appendingPathComponent("events/\(folder)/\(file)")
            let written = fresh.appendingPathComponent("\(folder)/\(file)")
            #expect(try Data(contentsOf: committed) == Data(contentsOf: written), "\(folder)/\(file)")
        }
    }

    @Test func aCommittedWebhookSampleIsRefusedAsTooOldUntilReSigned() throws {
        let fixture = try FunctionFixture(scenario: nil)
        var env = fixture.environment
        env["VONAGE_SIGNATURE_SECRET"] = "sample-signature-secret-change-me-0123"
        let stale = try Data(
            contentsOf: TestSupport.packageRoot.appendingPathComponent("events/inbound-sms/plain.json"))
        let refused = try TestSupport.run(FunctionFixture.executable("inbound-sms"), environment: env, stdin: stale)
        let answer = try #require(try JSONSerialization.jsonObject(with: refused.stdout) as? [String: Any])
        #expect(answer["statusCode"] as? Int == 401)
        #expect((answer["body"] as? String)?.contains("VONAGE_WEBHOOK_MAX_AGE") == true)
    }

    @Test(.requires(.venv), arguments: samples)
    func sampleIsAnsweredWith2xx(function: String, file: String) throws {
        // Webhook tokens must be fresh; the one-message sample reads what the status sample stores.
        let root =
            ["inbound-sms", "message-status", "messages"].contains(function)
            ? try Self.generated(now: true) : TestSupport.packageRoot.appendingPathComponent("events")
        let fixture = try FunctionFixture(scenario: function == "send-sms" ? "[]" : nil)
        var env = fixture.environment
        env["VONAGE_SIGNATURE_SECRET"] = "sample-signature-secret-change-me-0123"
        env["SMS_API_TOKEN"] = "sample-api-token-change-me-0123456789"
        if function == "messages" {
            // The one-message sample reads a message the status sample creates.
            let status = try Data(contentsOf: root.appendingPathComponent("message-status/plain.json"))
            _ = try TestSupport.run(FunctionFixture.executable("message-status"), environment: env, stdin: status)
        }
        let event = try Data(contentsOf: root.appendingPathComponent("\(function)/\(file)"))
        let result = try TestSupport.run(FunctionFixture.executable(function), environment: env, stdin: event)
        #expect(result.status == 0, "\(result.stderrText)")
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let status = try #require(json["statusCode"] as? Int)
        #expect((200..<300).contains(status), "\(json["body"] ?? "")")
    }
}
