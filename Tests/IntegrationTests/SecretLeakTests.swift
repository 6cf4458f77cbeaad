import Foundation
import TestSupport
import Testing

/// Every function, fed good, bad and hostile requests with known secret values configured, never writes a secret
/// (API token, signature secret, private key text) to stdout or stderr.
@Suite("No secret reaches a response or a log", .requires(.venv))
struct SecretLeakTests {
    @Test func secretsNeverAppearInAnyOutput() throws {
        let fixture = try FunctionFixture(
            scenario:
                #"[{"status":401,"body":{"type":"x","title":"You did not provide correct credentials.","instance":"i"}},{"status":500},{"status":500},{"status":500}]"#
        )
        let privateKey = try String(contentsOfFile: fixture.keys.pkcs8Path, encoding: .utf8)
        let keyLines = privateKey.split(separator: "\n").filter { !$0.hasPrefix("-----") }.map(String.init)
        let secrets = [fixture.apiToken, fixture.signatureSecret] + keyLines
        var env = fixture.environment
        env["LOG_LEVEL"] = "debug"
        let body = VonageWebhookBodies.inbound()
        let signed = fixture.signer.authorization(for: body)
        var outputs: [String] = []
        func run(
            _ function: String, _ method: String, _ headers: [String: String], _ body: Data,
            extra: [String: String] = [:]
        ) throws {
            let response = try fixture.cgi(
                function, method: method, path: "/\(function)", headers: headers, body: body,
                extraEnvironment: env.merging(extra) { $1 })
            outputs.append(response.text + "\n" + response.log + "\n" + response.headers.description)
        }
        let auth = ["Authorization": "Bearer \(fixture.apiToken)"]
        for function in ["send-sms", "inbound-sms", "message-status", "messages", "health"] {
            try run(function, "POST", auth, Data(#"{"to":"14155550101","text":"hi"}"#.utf8))
            try run(function, "POST", ["Authorization": signed], body)
            try run(function, "POST", ["Authorization": "Bearer \(fixture.apiToken)x"], Data("{bad json".utf8))
            try run(function, "GET", auth, Data())
            try run(function, "POST", auth, body, extra: ["VONAGE_PRIVATE_KEY_PATH": "/nonexistent.pem"])
            try run(
                function, "POST", auth, body,
                extra: ["VONAGE_PRIVATE_KEY_PATH": "", "VONAGE_PRIVATE_KEY": "garbage" + fixture.signatureSecret])
            try run(
                function, "POST", auth, body,
                extra: ["DATABASE_URL": "postgres://user:\(fixture.signatureSecret)@127.0.0.1:1/db"])
        }
        #expect(outputs.count == 35)
        for output in outputs {
            for secret in secrets where secret.count >= 16 {
                #expect(!output.contains(secret), "a secret leaked: \(output.prefix(300))")
            }
        }
    }
}
