import Foundation
import TestSupport
import Testing

/// Generated traffic from openapi.yaml (schemathesis) against every function behind real Apache CGI: no 5xx on
/// bad input, and every answer conforms to the spec (status codes, content types, headers, bodies). CI runs a
/// bounded number of examples; `SMS_SCHEMATHESIS_EXAMPLES=1000 make test` is the long local run.
@Suite("OpenAPI conformance under generated requests", .serialized, .requires(.venv, .apache))
struct SchemathesisTests {
    static let schemathesis = URL(fileURLWithPath: TestSupport.python).deletingLastPathComponent()
        .appendingPathComponent("st").path

    @Test func everyOperationConformsAndNeverAnswers5xx() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.schemathesis), "run scripts/test-deps.sh")
        let fixture = try FunctionFixture()
        var env = fixture.environment
        // The functions run as www-data: the key travels in the environment, the database in the server's folder.
        env["VONAGE_PRIVATE_KEY_PATH"] = nil
        env["VONAGE_PRIVATE_KEY_BASE64"] = try Data(contentsOf: URL(fileURLWithPath: fixture.keys.pkcs8Path))
            .base64EncodedString()
        env["DATABASE_URL"] = "sqlite://@DATA@/sms.sqlite"
        env["SMS_RATE_LIMIT_PER_MINUTE"] = "0"
        env["LOG_LEVEL"] = "warning"
        let server = try WebServer(.apache, environment: env)
        defer { server.stop() }
        let examples = ProcessInfo.processInfo.environment["SMS_SCHEMATHESIS_EXAMPLES"] ?? "25"
        let result = try TestSupport.run(
            Self.schemathesis,
            [
                "run", TestSupport.packageRoot.appendingPathComponent("openapi.yaml").path, "--url", server.baseURL,
                "-H", "Authorization: Bearer \(fixture.apiToken)",
                "--checks",
                "no_unexpected_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance",
                "--max-examples", examples, "--seed", "1", "--request-timeout", "20", "--no-color",
            ],
            environment: [
                "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "SCHEMATHESIS_HOOKS": "schemathesis_hooks",
                "PYTHONPATH": TestSupport.packageRoot.appendingPathComponent("Tests/Python").path,
            ])
        let output = result.stdoutText + result.stderrText
        #expect(result.status == 0, "\(output.suffix(6000))")
        let summary = output.split(separator: "\n").last { $0.contains("generated") }
        #expect(summary != nil, "\(output.suffix(3000))")
        print(
            "schemathesis (\(examples) examples per operation): \(summary.map { $0.trimmingCharacters(in: .whitespaces) } ?? "")"
        )
    }
}
