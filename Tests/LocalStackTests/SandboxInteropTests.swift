import Foundation
import TestSupport
import Testing

/// The sandbox against the official Vonage Python SDK (vonage 4.9.1) over HTTPS: the SDK's own client sends, its
/// JwtClient's tokens are accepted and another key's refused, and the sandbox's signed webhooks pass
/// `vonage_jwt.verify_signature` with the sandbox secret.
@Suite("sms-local sandbox interop with the Vonage Python SDK", .requires(.venv))
struct SandboxInteropTests {
    @Test func officialSDKSendsThroughTheTLSSandboxAndItsWebhooksVerify() throws {
        let stack = try LocalStack(arguments: ["--tls"])
        defer { stack.stop() }
        let certificate = stack.dataDirectory.appendingPathComponent("tls/sandbox-cert.pem").path
        #expect(stack.output.contains(certificate))
        let application = try stack.generated("VONAGE_APPLICATION_ID")
        let secret = try stack.generated("VONAGE_SIGNATURE_SECRET")
        let script = TestSupport.packageRoot.appendingPathComponent("Tests/Python/sandbox_interop.py").path
        let run = try TestSupport.run(
            TestSupport.python,
            [
                script, application, stack.dataDirectory.appendingPathComponent("application.key").path,
                String(stack.sandboxPort), secret,
            ],
            environment: ["PATH": "/usr/bin:/bin", "REQUESTS_CA_BUNDLE": certificate])
        #expect(run.status == 0, "\(run.stderrText)\n\(stack.output)")
        let result = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])

        let uuid = try #require(result["sdk_message_uuid"] as? String)
        #expect(UUID(uuidString: uuid) != nil)
        let accepted = try #require(result["jwt_client"] as? [String: Any])
        #expect(accepted["status"] as? Int == 202)
        let refused = try #require(result["other_key"] as? [String: Any])
        #expect(refused["status"] as? Int == 401)
        #expect(refused["type"] as? String == "application/problem+json")
        #expect(
            (refused["body"] as? [String: Any])?["type"] as? String
                == "https://developer.vonage.com/api-errors/#unathorized")
        #expect(
            result["refused"] as? [String: Int]
                == ["expired": 401, "other_application": 401, "no_jti": 401, "no_exp": 401, "hs256": 401])

        let invalid = try #require(result["invalid_body"] as? [String: Any])
        #expect(invalid["status"] as? Int == 422)
        #expect(invalid["type"] as? String == "application/json")
        let names = ((invalid["body"] as? [String: Any])?["invalid_parameters"] as? [[String: Any]])?
            .compactMap { $0["name"] as? String }
        #expect(names == ["to", "channel", "text", "ttl"])

        // Webhooks: submitted (refused 503, so retried with the same token and body), submitted, delivered.
        let webhooks = try #require(result["webhooks"] as? [[String: Any]])
        #expect(webhooks.count == 3, "\(stack.output)")
        #expect(
            webhooks.map { ($0["body"] as? [String: Any])?["status"] as? String }
                == ["submitted", "submitted", "delivered"])
        #expect(webhooks.first?["token"] as? String == webhooks.dropFirst().first?["token"] as? String)
        for webhook in webhooks {
            #expect(webhook["verify_signature"] as? Bool == true)
            #expect(webhook["verify_with_wrong_secret"] as? Bool == false)
            #expect(webhook["payload_hash_matches"] as? Bool == true)
            #expect((webhook["header"] as? [String: String]) == ["alg": "HS256", "typ": "JWT"])
            let claims = try #require(webhook["claims"] as? [String: Any])
            #expect(claims["iss"] as? String == "Vonage")
            #expect(claims["application_id"] as? String == application)
            #expect(claims["jti"] is String && claims["iat"] is Int && claims["api_key"] is String)
            let body = try #require(webhook["body"] as? [String: Any])
            #expect(body["message_uuid"] as? String == uuid)
            #expect(body["client_ref"] as? String == "sdk-1")
            #expect(body["channel"] as? String == "sms")
            #expect((body["sms"] as? [String: Any])?["count_total"] as? String == "1")
            #expect((body["usage"] as? [String: Any])?["price"] as? String == "0.0333")
            let timestamp = try #require(body["timestamp"] as? String)
            #expect(timestamp.count == 24 && timestamp.hasSuffix("Z") && timestamp.contains("."), "\(timestamp)")
        }
    }

    @Test func theFunctionsSendThroughTheTLSSandboxTrustingItsCertificate() throws {
        let stack = try LocalStack(arguments: ["--tls"])
        defer { stack.stop() }
        let sent = try stack.send(to: "447700900124")
        #expect(sent.status == 202, "\(sent.text)\n\(stack.output)")
        let uuid = try #require(try sent.json()["message_uuid"] as? String)
        #expect(try stack.waitForMessage(uuid, status: "delivered")["status"] as? String == "delivered")
    }
}
