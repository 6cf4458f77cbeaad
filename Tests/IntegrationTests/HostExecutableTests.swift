import Foundation
import TestSupport
import Testing

/// The built executables run as child processes under each host's real interface: a CGI environment, an event on
/// stdin, the OpenFaaS watchdog's variables.
@Suite("Function executables as child processes")
struct HostExecutableTests {
    static let health = TestSupport.productsDirectory.appendingPathComponent("health").path
    static let probe = TestSupport.productsDirectory.appendingPathComponent("runtime-probe").path

    func cgi(_ executable: String, _ environment: [String: String], body: Data = Data()) throws -> (
        head: [String], body: String, status: Int32
    ) {
        var env = ["GATEWAY_INTERFACE": "CGI/1.1", "SERVER_PROTOCOL": "HTTP/1.1", "PATH": "/usr/bin:/bin"]
        env.merge(environment) { $1 }
        let result = try TestSupport.run(executable, environment: env, stdin: body)
        let parts = result.stdoutText.components(separatedBy: "\r\n\r\n")
        return (
            parts[0].components(separatedBy: "\r\n"), parts.dropFirst().joined(separator: "\r\n\r\n"), result.status
        )
    }

    @Test func healthAnswersUnderCGI() throws {
        let answer = try cgi(Self.health, ["REQUEST_METHOD": "GET", "SCRIPT_NAME": "/health"])
        #expect(answer.status == 0)
        #expect(answer.head.first == "Status: 200 OK")
        #expect(answer.head.contains("Content-Type: application/json"))
        let json = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: String]
        #expect(json?["status"] == "ok")
        #expect(json?["version"]?.isEmpty == false)
    }

    @Test func healthRefusesPostWith405AndAllow() throws {
        let answer = try cgi(
            Self.health, ["REQUEST_METHOD": "POST", "SCRIPT_NAME": "/health", "CONTENT_LENGTH": "2"],
            body: Data("{}".utf8))
        #expect(answer.head.first == "Status: 405 Method Not Allowed")
        #expect(answer.head.contains("Allow: GET, HEAD"))
        #expect(answer.head.contains("Content-Type: application/problem+json"))
        #expect(answer.body.contains("\"status\":405"))
    }

    @Test func cgiBodyWithoutContentLengthIsReadToEOF() throws {
        let answer = try cgi(
            Self.probe, ["REQUEST_METHOD": "POST", "SCRIPT_NAME": "/cgi-bin/probe", "PATH_INFO": "/a/b"],
            body: Data("chunked body".utf8))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])
        #expect(json["body"] as? String == "chunked body")
        #expect(json["path"] as? String == "/cgi-bin/probe/a/b")
        #expect(json["pathInfo"] as? String == "/a/b")
        #expect(answer.head.contains("X-Probe: yes  X-Injected: no"))
    }

    @Test func cgiReadsExactlyContentLengthBytes() throws {
        let answer = try cgi(
            Self.probe, ["REQUEST_METHOD": "POST", "SCRIPT_NAME": "/p", "CONTENT_LENGTH": "5"],
            body: Data("12345EXTRA".utf8))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])
        #expect(json["body"] as? String == "12345")
    }

    @Test func cgiOversizedBodyIs413() throws {
        let body = Data(repeating: 0x61, count: 70_000)
        let declared = try cgi(
            Self.probe, ["REQUEST_METHOD": "POST", "SCRIPT_NAME": "/p", "CONTENT_LENGTH": "70000"], body: body)
        #expect(declared.head.first == "Status: 413 Payload Too Large")
        let streamed = try cgi(Self.probe, ["REQUEST_METHOD": "POST", "SCRIPT_NAME": "/p"], body: body)
        #expect(streamed.head.first == "Status: 413 Payload Too Large")
    }

    @Test func bodyShorterThanContentLengthIs400() throws {
        let answer = try cgi(
            Self.probe, ["REQUEST_METHOD": "POST", "SCRIPT_NAME": "/p", "CONTENT_LENGTH": "50"],
            body: Data("short".utf8))
        #expect(answer.head.first == "Status: 400 Bad Request")
    }

    @Test func openFaaSFiveHundredsExitNonZeroSoTheWatchdogAnswers500() throws {
        let result = try TestSupport.run(
            Self.probe, environment: ["Http_Method": "GET", "Http_Path": "/boom"])
        #expect(result.status == 1)
        #expect(result.stdoutText.contains("\"status\":500"))
        let fine = try TestSupport.run(Self.probe, environment: ["Http_Method": "GET", "Http_Path": "/fine"])
        #expect(fine.status == 0)
    }

    @Test func handlerFailureIs500WithoutInternals() throws {
        let answer = try cgi(Self.probe, ["REQUEST_METHOD": "GET", "SCRIPT_NAME": "/p/boom"])
        #expect(answer.head.first == "Status: 500 Internal Server Error")
        #expect(!answer.body.contains("Boom"))
        #expect(answer.status == 0)
    }

    @Test(arguments: ["apigw-v1.json", "apigw-v2.json", "function-url.json", "plain.json"])
    func healthAnswersEveryEventFile(file: String) throws {
        let event = try Data(contentsOf: TestSupport.packageRoot.appendingPathComponent("events/health/\(file)"))
        let result = try TestSupport.run(Self.health, environment: ["PATH": "/usr/bin"], stdin: event)
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(json["statusCode"] as? Int == 200)
        let body = try #require(json["body"] as? String)
        #expect(body.contains("\"status\":\"ok\""))
        if file == "apigw-v1.json" {
            #expect(json["multiValueHeaders"] != nil)
        } else {
            #expect(json["headers"] != nil)
        }
    }

    @Test func healthCGIEnvironmentFileWorks() throws {
        let text = try String(
            contentsOf: TestSupport.packageRoot.appendingPathComponent("events/health/cgi.env"), encoding: .utf8)
        var env: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            env[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        let result = try TestSupport.run(Self.health, environment: env)
        #expect(result.stdoutText.hasPrefix("Status: 200 OK\r\n"))
    }

    @Test(arguments: ["", "garbage", "{\"foo\":1}", "[]"])
    func inputThatIsNotARequestExitsWith2(input: String) throws {
        let result = try TestSupport.run(Self.health, environment: ["PATH": "/usr/bin"], stdin: Data(input.utf8))
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrText.contains("expected"))
    }

    @Test func openFaaSWatchdogEnvironment() throws {
        let result = try TestSupport.run(
            Self.probe,
            environment: [
                "Http_Method": "POST", "Http_Path": "/function/probe", "Http_Query": "x=1",
                "Http_Content_Type": "application/json", "Http_X_Request_Id": "faas-1", "Http_Content_Length": "-1",
            ],
            stdin: Data("{\"a\":1}".utf8))
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(json["host"] as? String == "openfaas")
        #expect(json["body"] as? String == "{\"a\":1}")
        #expect(json["requestID"] as? String == "faas-1")
        #expect(!result.stdoutText.contains("\"ts\""))
    }

    @Test func hostOverrideForcesEventMode() throws {
        let event = Data(#"{"method":"GET","path":"/health"}"#.utf8)
        let result = try TestSupport.run(
            Self.health, environment: ["SMS_HOST": "event", "GATEWAY_INTERFACE": "CGI/1.1"], stdin: event)
        #expect(result.stdoutText.hasPrefix("{"))
    }

    @Test func logsAreJSONLinesOnStderr() throws {
        let result = try TestSupport.run(
            Self.health,
            environment: ["GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "GET", "HTTP_X_REQUEST_ID": "abc-1"])
        let line = try #require(result.stderrText.split(separator: "\n").first)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(json["fn"] == "health")
        #expect(json["request_id"] == "abc-1")
        #expect(json["status"] == "200")
    }
}
