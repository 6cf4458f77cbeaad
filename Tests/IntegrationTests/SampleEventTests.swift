import Foundation
import Testing
import TestSupport

/// Every sample in events/ works as documented in events/README.md: run through its function with the sample
/// secret and token, it gets a 2xx answer in its own shape.
@Suite("Sample events")
struct SampleEventTests {
    static let folders = ["send-sms", "inbound-sms", "message-status", "messages"]

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

    @Test(arguments: samples)
    func sampleIsAnsweredWith2xx(function: String, file: String) throws {
        let fixture = try FunctionFixture(scenario: function == "send-sms" ? "[]" : nil)
        var env = fixture.environment
        env["VONAGE_SIGNATURE_SECRET"] = "sample-signature-secret-change-me-0123"
        env["SMS_API_TOKEN"] = "sample-api-token-change-me-0123456789"
        if function == "messages" {
            // The one-message sample reads a message the status sample creates.
            let status = try Data(contentsOf: TestSupport.packageRoot.appendingPathComponent("events/message-status/plain.json"))
            _ = try TestSupport.run(FunctionFixture.executable("message-status"), environment: env, stdin: status)
        }
        let event = try Data(contentsOf: TestSupport.packageRoot.appendingPathComponent("events/\(function)/\(file)"))
        let result = try TestSupport.run(FunctionFixture.executable(function), environment: env, stdin: event)
        #expect(result.status == 0, "\(result.stderrText)")
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let status = try #require(json["statusCode"] as? Int)
        #expect((200..<300).contains(status), "\(json["body"] ?? "")")
    }
}
