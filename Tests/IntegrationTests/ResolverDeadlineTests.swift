import Foundation
import TestSupport
import Testing

/// Name resolution counts against `VONAGE_TIMEOUT_MS`. The built send-sms runs in its own user, mount and network
/// namespaces (`unshare`), where `/etc/resolv.conf` names a resolver on loopback that takes every query and never
/// answers: the process must still answer within its budget, not after glibc's resolver timeouts (5 s per try).
@Suite("Name resolution within the time budget")
struct ResolverDeadlineTests {
    @Test func aResolverThatNeverAnswersCannotOutrunTheTimeout() throws {
        let fixture = try FunctionFixture(scenario: nil)
        let resolv = fixture.directory.appendingPathComponent("resolv.conf")
        try Data("nameserver 127.0.0.1\noptions timeout:5 attempts:2\n".utf8).write(to: resolv)
        let ready = fixture.directory.appendingPathComponent("resolver-ready").path
        let blackHole = """
            import socket, sys, time
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 53))
            open(sys.argv[1], "w").close()
            time.sleep(30)
            """
        let script = """
            ip link set lo up && mount --bind "$1" /etc/resolv.conf || exit 97
            python3 -c "$2" "$3" </dev/null >/dev/null 2>&1 & resolver=$!
            for _ in $(seq 100); do [ -e "$3" ] && break; sleep 0.05; done
            "$4"; status=$?
            kill $resolver
            exit $status
            """
        let body = Data(#"{"to":"14155550101","text":"hello"}"#.utf8)
        var environment = fixture.environment
        environment.merge([
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "POST",
            "SCRIPT_NAME": "/send-sms", "CONTENT_LENGTH": String(body.count), "CONTENT_TYPE": "application/json",
            "HTTP_AUTHORIZATION": "Bearer \(fixture.apiToken)",
            "VONAGE_API_URL": "https://api.resolver-test.example", "VONAGE_TIMEOUT_MS": "1500",
        ]) { $1 }
        let started = Date()
        let result = try TestSupport.run(
            "/usr/bin/unshare",
            [
                "-r", "-m", "-n", "sh", "-c", script, "sh", resolv.path, blackHole, ready,
                FunctionFixture.executable("send-sms"),
            ],
            environment: environment, stdin: body)
        let elapsed = Date().timeIntervalSince(started)
        let response = CGIResponse(result)
        #expect(result.status == 0, "\(result.stderrText)")
        // The budget ran out in name resolution: the answer is the timeout's, after about VONAGE_TIMEOUT_MS.
        #expect(response.status == 504, "\(response.status) \(response.log)")
        #expect(response.log.contains(#""error":"Vonage timed out""#))
        #expect(elapsed > 1.4 && elapsed < 3, "answered after \(elapsed) s")
    }
}
