import Foundation
import TestSupport
import Testing

/// With Vonage credentials configured the sandbox is off: the gateway serves the functions, which send to the
/// configured VONAGE_API_URL (here the tests' fake Messages API on loopback).
@Suite("sms-local with real credentials", .requires(.venv))
struct RealCredentialsTests {
    @Test func theSandboxIsOffAndSendsGoToTheConfiguredAPI() throws {
        let fixture = try FunctionFixture()
        let vonage = try #require(fixture.vonage)
        var environment = fixture.environment
        environment["DATABASE_URL"] = nil
        let stack = try LocalStack(environment: environment)
        defer { stack.stop() }
        #expect(stack.output.contains("the sandbox is off"))
        #expect(stack.apiToken == fixture.apiToken)

        let sent = try stack.send(to: "447700900123")
        #expect(sent.status == 202, "\(sent.text)\n\(stack.output)")
        #expect(try vonage.requests().count == 1)
        let inbound = try TestHTTP.request(
            "POST", stack.baseURL + "/sandbox/inbound", headers: ["Content-Type": "application/json"],
            body: Data(#"{"from":"447700900555","text":"hi"}"#.utf8))
        #expect(inbound.status == 404)
        let sandbox = try TestHTTP.request("POST", "http://127.0.0.1:\(stack.sandboxPort)/v1/messages")
        #expect(sandbox.status == 0)
    }
}
