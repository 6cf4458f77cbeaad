import Foundation
import TestSupport
import Testing

/// The gateway as a CGI host, checked with shell-script "functions" (`--functions DIR`) that report exactly what
/// they were given: the environment, the signal state, stdin; and that misbehave on purpose.
@Suite("sms-local as a CGI host")
struct CGIHostTests {
    /// A folder with the six executables as shell scripts: `messages` echoes its CGI input, `health` sleeps past
    /// the timeout, `send-sms` exits without output, `inbound-sms` writes no header end, `message-status` answers
    /// with a Location only, `metrics` answers plain text.
    static func scriptFunctions() throws -> URL {
        let directory = try TestSupport.makeTemporaryDirectory("cgi-scripts")
        let scripts = [
            "messages": """
            #!/bin/sh
            printf 'Status: 201 Created\\r\\nContent-Type: text/plain\\r\\nX-From: script\\r\\n'
            printf 'Content-Length: 1\\r\\n\\r\\n'
            env | sort
            grep -E '^Sig(Blk|Ign):' /proc/self/status
            echo BODY; cat
            """,
            "health": "#!/bin/sh\nsleep 30\nprintf 'Status: 200 OK\\r\\n\\r\\nlate'\n",
            "send-sms": "#!/bin/sh\nexit 3\n",
            "inbound-sms": "#!/bin/sh\nprintf 'Status: 200 OK\\r\\nno end of header'\n",
            "message-status": "#!/bin/sh\nprintf 'Location: /elsewhere\\n\\n'\n",
            "metrics": "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\nsms_store_up 1\\n'\n",
        ]
        for (name, text) in scripts {
            let url = directory.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
        return directory
    }

    static func variables(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            result[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return result
    }

    @Test func aRequestReachesTheProgramAsCGIWithAnEmptySignalMask() throws {
        let stack = try LocalStack(
            arguments: ["--functions", try Self.scriptFunctions().path],
            environment: ["HTTP_AUTHORIZATION": "Bearer stale", "SMS_HOST": "lambda", "MY_SETTING": "kept"])
        defer { stack.stop() }
        let response = try TestHTTP.request(
            "POST", stack.baseURL + "/messages/abc%20def?x=1&y=%2F",
            headers: [
                "Authorization": "Bearer t0ken", "Content-Type": "application/json", "X-Request-Id": "req-1",
                "X_Smuggled": "no", "Proxy": "http://evil", "Accept": "a/b",
            ], body: Data(#"{"k":"v"}"#.utf8))
        #expect(response.status == 201, "\(response.text)\n\(stack.output)")
        #expect(response.headers["x-from"] == "script")
        #expect(response.headers["content-length"] == String(response.body.count))
        let env = Self.variables(response.text)
        #expect(env["GATEWAY_INTERFACE"] == "CGI/1.1")
        #expect(env["REQUEST_METHOD"] == "POST")
        #expect(env["SCRIPT_NAME"] == "/messages")
        #expect(env["PATH_INFO"] == "/abc def")
        #expect(env["QUERY_STRING"] == "x=1&y=%2F")
        #expect(env["CONTENT_TYPE"] == "application/json")
        #expect(env["CONTENT_LENGTH"] == "9")
        #expect(env["HTTP_AUTHORIZATION"] == "Bearer t0ken")
        #expect(env["HTTP_X_REQUEST_ID"] == "req-1")
        #expect(env["HTTP_ACCEPT"] == "a/b")
        #expect(env["HTTP_X_SMUGGLED"] == nil)
        #expect(env["HTTP_PROXY"] == nil)
        #expect(env["HTTP_CONTENT_TYPE"] == nil)
        #expect(env["SERVER_PORT"] == String(stack.port))
        #expect(env["SERVER_PROTOCOL"] == "HTTP/1.1")
        #expect(env["REMOTE_ADDR"] == "127.0.0.1")
        #expect(env["SMS_HOST"] == nil)
        #expect(env["MY_SETTING"] == "kept")
        #expect(env["VONAGE_API_URL"] == "http://127.0.0.1:\(stack.sandboxPort)")
        #expect(response.text.contains("SigBlk:\t0000000000000000"), "\(response.text)")
        // Signals 1-31 at their defaults (sms-local itself ignores SIGPIPE). glibc's posix_spawn leaves its own
        // internal signals 32 and 33 ignored; glibc re-installs its handlers for them in every new process.
        let ignored = response.text.split(separator: "\n").first { $0.hasPrefix("SigIgn:") }
            .flatMap { UInt64($0.dropFirst(7).trimmingCharacters(in: .whitespaces), radix: 16) }
        #expect(ignored.map { $0 & 0x7fff_ffff } == 0, "\(response.text)")
        #expect(response.text.hasSuffix("BODY\n{\"k\":\"v\"}"))
    }

    @Test func aGETWithoutBodyHasNoContentVariablesAndNoPathInfo() throws {
        let stack = try LocalStack(
            arguments: ["--functions", try Self.scriptFunctions().path], environment: ["HTTP_AUTHORIZATION": "stale"])
        defer { stack.stop() }
        let response = try TestHTTP.request("GET", stack.baseURL + "/messages")
        #expect(response.status == 201)
        let env = Self.variables(response.text)
        #expect(env["REQUEST_METHOD"] == "GET")
        #expect(env["QUERY_STRING"] == "")
        #expect(env["PATH_INFO"] == nil)
        #expect(env["CONTENT_LENGTH"] == nil)
        #expect(env["CONTENT_TYPE"] == nil)
        #expect(env["HTTP_AUTHORIZATION"] == nil)
    }

    @Test func aFunctionOverTheTimeoutIsKilledWith504AndTheGatewayGoesOn() throws {
        let stack = try LocalStack(
            arguments: ["--functions", try Self.scriptFunctions().path, "--function-timeout", "1"])
        defer { stack.stop() }
        let started = Date()
        let response = try TestHTTP.request("GET", stack.baseURL + "/health")
        let elapsed = Date().timeIntervalSince(started)
        #expect(response.status == 504)
        #expect(response.headers["content-type"] == "application/problem+json")
        #expect(elapsed < 5, "took \(elapsed) s")
        #expect(try TestHTTP.request("GET", stack.baseURL + "/messages").status == 201)
    }

    @Test(arguments: [
        ("POST", "/send-sms", 502),
        ("POST", "/webhooks/inbound", 502),
        ("POST", "/webhooks/status", 302),
        ("GET", "/nowhere", 404),
        ("GET", "/messages%2Fx", 404),
    ])
    func outputsThatAreNotAnswersBecomeGatewayErrors(method: String, path: String, status: Int) throws {
        let stack = try LocalStack(arguments: ["--functions", try Self.scriptFunctions().path])
        defer { stack.stop() }
        let body = method == "POST" ? Data("{}".utf8) : nil
        let response = try TestHTTP.request(method, stack.baseURL + path, body: body)
        #expect(response.status == status, "\(response.text)")
        if status == 302 { #expect(response.headers["location"] == "/elsewhere") }
        if status >= 500 { #expect(response.headers["content-type"] == "application/problem+json") }
    }

    @Test func startingWithoutTheFunctionsNamesWhatIsMissing() throws {
        let empty = try TestSupport.makeTemporaryDirectory("no-functions")
        let result = try TestSupport.run(
            LocalStack.executable, ["--functions", empty.path, "--data", empty.appendingPathComponent("d").path],
            environment: ["PATH": "/usr/bin:/bin"], currentDirectory: empty)
        #expect(result.status == 1)
        #expect(result.stderrText.contains("send-sms"), "\(result.stderrText)")
    }

    @Test func aNonLoopbackHostIsRefusedUnlessAllowed() throws {
        let result = try TestSupport.run(LocalStack.executable, ["--host", "0.0.0.0"], environment: [:])
        #expect(result.status == 64)
        #expect(result.stderrText.contains("--allow-non-loopback"))
    }
}
