import Foundation
import TestSupport
import Testing

/// The Lambda Runtime API loop under the real AWS Lambda Runtime Interface Emulator (from the aws-sam-cli wheel,
/// installed by scripts/test-deps.sh). One invocation in flight at a time: the RIE crashes on concurrency.
@Suite("Lambda loop under the real RIE", .serialized, .requires(.rie))
struct LambdaRIETests {
    static let rie = LambdaEmulator.binary

    struct Emulator {
        let process: BackgroundProcess
        let invokeURL: String
    }

    func startEmulator(_ executable: String, environment: [String: String] = [:]) throws -> Emulator {
        #expect(FileManager.default.isExecutableFile(atPath: Self.rie), "run scripts/test-deps.sh to install the RIE")
        let port = try TestSupport.freePort()
        let apiPort = try TestSupport.freePort()
        var env = ["PATH": "/usr/bin:/bin", "AWS_LAMBDA_FUNCTION_TIMEOUT": "10"]
        env.merge(environment) { $1 }
        let process = try BackgroundProcess(
            Self.rie,
            [
                "--runtime-interface-emulator-address", "127.0.0.1:\(port)", "--runtime-api-address",
                "127.0.0.1:\(apiPort)",
                "--log-level", "error", executable,
            ],
            environment: env)
        let base = "http://127.0.0.1:\(port)"
        try TestHTTP.waitUntilListening(base + "/")
        return Emulator(process: process, invokeURL: base + "/2015-03-31/functions/function/invocations")
    }

    func v2Event(path: String, method: String = "GET", body: String? = nil, requestID: String = "apigw-1") -> Data {
        var event: [String: Any] = [
            "version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": "q=1",
            "headers": ["content-type": "application/json", "x-custom": "yes"],
            "requestContext": ["http": ["method": method, "path": path], "requestId": requestID],
            "isBase64Encoded": false,
        ]
        if let body { event["body"] = body }
        return try! JSONSerialization.data(withJSONObject: event)
    }

    @Test func healthAnswersAPIGatewayV2ProxyResponsesRepeatedly() throws {
        let emulator = try startEmulator(HostExecutableTests.health)
        defer { emulator.process.stop() }
        for _ in 0..<2 {
            let response = try TestHTTP.request("POST", emulator.invokeURL, body: v2Event(path: "/health"))
            #expect(response.status == 200)
            let json = try response.json()
            #expect(json["statusCode"] as? Int == 200)
            #expect((json["body"] as? String)?.contains("\"status\":\"ok\"") == true)
            #expect((json["headers"] as? [String: String])?["content-type"] == "application/json")
        }
    }

    @Test func contextCarriesRequestIDDeadlineAndTrace() throws {
        let emulator = try startEmulator(HostExecutableTests.probe)
        defer { emulator.process.stop() }
        let response = try TestHTTP.request(
            "POST", emulator.invokeURL, body: v2Event(path: "/probe", method: "POST", body: "{\"a\":1}"))
        let json = try response.json()
        #expect(json["statusCode"] as? Int == 202)
        let body = try #require(json["body"] as? String)
        let echo = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(echo["host"] as? String == "lambda")
        #expect(echo["hasDeadline"] as? Bool == true)
        #expect(echo["body"] as? String == "{\"a\":1}")
        #expect(echo["rawQuery"] as? String == "q=1")
        // The Lambda request id (a UUID from the RIE), not API Gateway's.
        #expect((echo["requestID"] as? String)?.count == 36)
    }

    @Test func handlerErrorAndBadEventDoNotStopTheLoop() throws {
        let emulator = try startEmulator(HostExecutableTests.probe)
        defer { emulator.process.stop() }
        let failed = try TestHTTP.request("POST", emulator.invokeURL, body: v2Event(path: "/boom"))
        let failedJSON = try failed.json()
        #expect(failedJSON["statusCode"] as? Int == 500)
        #expect((failedJSON["body"] as? String)?.contains("Boom") == false)

        let notARequest = try TestHTTP.request("POST", emulator.invokeURL, body: Data("{\"foo\":1}".utf8))
        let errorJSON = try notARequest.json()
        #expect(errorJSON["errorType"] as? String == "Runtime.InvalidEvent")

        let after = try TestHTTP.request("POST", emulator.invokeURL, body: v2Event(path: "/ok"))
        #expect(try after.json()["statusCode"] as? Int == 202)
    }

    @Test func v1EventGetsV1Response() throws {
        let emulator = try startEmulator(HostExecutableTests.health)
        defer { emulator.process.stop() }
        let event = try Data(contentsOf: TestSupport.packageRoot.appendingPathComponent("events/health/apigw-v1.json"))
        let json = try TestHTTP.request("POST", emulator.invokeURL, body: event).json()
        #expect(json["statusCode"] as? Int == 200)
        #expect(json["multiValueHeaders"] != nil)
    }

    /// A warm instance keeps its PostgreSQL connection between invocations; when the server ends that connection
    /// while the instance is idle (here `pg_terminate_backend`, in production a restart or an idle timeout), the
    /// next invocation reconnects before its transaction begins and answers 200.
    @Test func warmInstanceSurvivesItsPostgresConnectionBeingKilledBetweenInvocations() throws {
        let name = "warm_" + UUID().uuidString.lowercased().prefix(8)
        let url = try #require(try DatabaseRoute.postgres.freshDatabaseURL()) + "&application_name=\(name)"
        let fixture = try FunctionFixture(scenario: nil, databaseURL: url)
        let emulator = try startEmulator(FunctionFixture.executable("inbound-sms"), environment: fixture.environment)
        defer { emulator.process.stop() }
        func invoke(_ text: String) throws -> Int? {
            let body = String(decoding: VonageWebhookBodies.inbound(text: text), as: UTF8.self)
            let event: [String: Any] = [
                "version": "2.0", "routeKey": "$default", "rawPath": "/webhooks/inbound", "rawQueryString": "",
                "headers": [
                    "content-type": "application/json",
                    "authorization": fixture.signer.authorization(for: Data(body.utf8)),
                ],
                "requestContext": [
                    "http": ["method": "POST", "path": "/webhooks/inbound"], "requestId": "apigw-\(text)",
                ],
                "body": body, "isBase64Encoded": false,
            ]
            let response = try TestHTTP.request(
                "POST", emulator.invokeURL, body: try JSONSerialization.data(withJSONObject: event))
            return try response.json()["statusCode"] as? Int
        }
        // psql connects with the same URL, so its own session (pg_backend_pid) is left out.
        let instance = "FROM pg_stat_activity WHERE application_name = '\(name)' AND pid <> pg_backend_pid()"
        let backends = "SELECT pid \(instance)"
        #expect(try invoke("first") == 200)
        #expect(try invoke("second") == 200)
        let before = try DatabaseRoute.query(url, backends)
        #expect(!before.isEmpty && !before.contains("\n"), "one connection for the instance: \(before)")
        #expect(try DatabaseRoute.query(url, "SELECT pg_terminate_backend(pid) \(instance)") == "t")
        #expect(try invoke("after the kill") == 200)
        let after = try DatabaseRoute.query(url, backends)
        #expect(!after.isEmpty && after != before, "a new connection: \(before) → \(after)")
        #expect(try DatabaseRoute.query(url, "SELECT COUNT(*) FROM messages") == "3")
    }
}
