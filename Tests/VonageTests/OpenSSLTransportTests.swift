import Foundation
import TestSupport
import Testing
import Vonage

/// The OpenSSL transport against real loopback servers (`Tests/Python/http_behaviour_server.py`): framing,
/// failure kinds, deadlines and certificate checks, which the retry logic and "never double-send" rely on.
@Suite("OpenSSL transport against loopback servers")
struct OpenSSLTransportTests {
    static let acceptedBody = Data(#"{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"}"#.utf8)

    func get(_ url: String, trust: TLSTrust = .system, timeout: Double = 3, connectTimeout: Double? = nil) throws
        -> HTTPResponse
    {
        try OpenSSLTransport(trust: trust).send(
            HTTPRequest(method: "GET", url: url, timeout: timeout, connectTimeout: connectTimeout))
    }

    func failure(_ request: HTTPRequest, trust: TLSTrust = .system) -> TransportError? {
        do {
            _ = try OpenSSLTransport(trust: trust).send(request)
            return nil
        } catch {
            return error as? TransportError
        }
    }

    func failure(_ url: String, trust: TLSTrust = .system, timeout: Double = 3, connectTimeout: Double? = nil)
        -> TransportError?
    {
        failure(HTTPRequest(method: "GET", url: url, timeout: timeout, connectTimeout: connectTimeout), trust: trust)
    }

    // MARK: Framing

    @Test("a Content-Length body is read whole; headers come back in order with their values trimmed", .requires(.venv))
    func contentLengthBody() throws {
        let server = try BehaviourServer()
        let response = try get("http://127.0.0.1:\(server.port)/length")
        #expect(response.status == 202)
        #expect(response.body == Self.acceptedBody)
        #expect(response.headers.map(\.name) == ["Content-Type", "Content-Length", "X-Test"])
        #expect(response.header("x-test") == "spaced value")
    }

    @Test(
        "a chunked body is decoded across reads; chunk extensions and the trailer are not part of it", .requires(.venv))
    func chunkedBody() throws {
        let server = try BehaviourServer()
        let response = try get("http://127.0.0.1:\(server.port)/chunked")
        #expect(response.status == 200)
        #expect(response.body == Self.acceptedBody)
    }

    @Test("a body without length or chunking ends where the server closes the connection", .requires(.venv))
    func closeDelimitedBody() throws {
        let server = try BehaviourServer()
        let response = try get("http://127.0.0.1:\(server.port)/close")
        #expect(response.status == 200)
        #expect(response.body == Data(String(repeating: "until close ", count: 1000).utf8))
    }

    @Test("1xx interim responses are skipped: the final status and only its headers are returned", .requires(.venv))
    func interimResponsesSkipped() throws {
        let server = try BehaviourServer()
        let response = try get("http://127.0.0.1:\(server.port)/interim")
        #expect(response.status == 201)
        #expect(response.header("X-Final") == "yes" && response.header("Link") == nil)
        #expect(response.body == Data("ok".utf8))
    }

    @Test("a 204 has no body even when it names a Content-Length", .requires(.venv))
    func noContentHasNoBody() throws {
        let server = try BehaviourServer()
        let response = try get("http://127.0.0.1:\(server.port)/no-content")
        #expect(response.status == 204 && response.body.isEmpty)
    }

    @Test(
        "the request goes out as HTTP/1.1: Host with port, caller headers in order, Content-Length, close, body",
        .requires(.venv))
    func requestOnTheWire() throws {
        let server = try BehaviourServer()
        let body = Data(#"{"text":"Hello €"}"#.utf8)
        let response = try OpenSSLTransport().send(
            HTTPRequest(
                method: "POST", url: "http://127.0.0.1:\(server.port)/echo?x=1#fragment",
                headers: [("Authorization", "Bearer t"), ("Content-Type", "application/json")], body: body,
                timeout: 3))
        let echoed = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        #expect(echoed["request_line"] as? String == "POST /echo?x=1 HTTP/1.1")
        #expect(echoed["body"] as? String == #"{"text":"Hello €"}"#)
        let headers = try #require(echoed["headers"] as? [[String]])
        #expect(
            headers == [
                ["Host", "127.0.0.1:\(server.port)"], ["Authorization", "Bearer t"],
                ["Content-Type", "application/json"],
                ["Content-Length", "\(body.count)"], ["Connection", "close"],
            ])
    }

    // MARK: Failures and their kinds

    @Test("nothing listening on the port: connectionFailed, the request was certainly not sent")
    func refusedPort() throws {
        let port = try TestSupport.freePort()
        #expect(failure("http://127.0.0.1:\(port)/")?.kind == .connectionFailed)
    }

    @Test("a server that reads the request and closes without answering: connectionLost", .requires(.venv))
    func closedWithoutAnswer() throws {
        let server = try BehaviourServer()
        let error = failure("http://127.0.0.1:\(server.port)/drop")
        #expect(error?.kind == .connectionLost)
        #expect(error?.detail == "empty reply from server")
    }

    @Test("a body cut short of its Content-Length: connectionLost", .requires(.venv))
    func partialBody() throws {
        let server = try BehaviourServer()
        #expect(failure("http://127.0.0.1:\(server.port)/partial")?.kind == .connectionLost)
    }

    @Test("an answer that is not HTTP: connectionLost, since the server had the request", .requires(.venv))
    func notHTTP() throws {
        let server = try BehaviourServer()
        #expect(failure("http://127.0.0.1:\(server.port)/garbage")?.kind == .connectionLost)
    }

    @Test("a server that never answers: timedOut within the request's budget", .requires(.venv))
    func silentServerTimesOut() throws {
        let server = try BehaviourServer()
        let started = Date()
        let error = failure("http://127.0.0.1:\(server.port)/silent", timeout: 0.8)
        let elapsed = Date().timeIntervalSince(started)
        #expect(error?.kind == .timedOut)
        #expect(elapsed >= 0.75 && elapsed < 1.5)
    }

    @Test("no time left: timedOut before connecting")
    func noTimeLeft() throws {
        #expect(failure("http://127.0.0.1:1/", timeout: 0)?.kind == .timedOut)
    }

    @Test(
        "a response over the size cap is an error, not a crash or an unbounded buffer", .requires(.venv),
        arguments: [
            "/big", "/big-chunked",
        ])
    func oversizedResponse(path: String) throws {
        let server = try BehaviourServer()
        let error = failure("http://127.0.0.1:\(server.port)\(path)")
        #expect(error?.kind == .connectionLost)
        #expect(error?.detail.contains("larger than") == true)
    }

    @Test(
        "unusable URLs and headers are invalidRequest, naming neither the URL nor a header value",
        arguments: [
            ("ftp://127.0.0.1/", "Accept"), ("https:///v1", "Accept"), ("https://user:pw@127.0.0.1/", "Accept"),
            ("https://127.0.0.1:99999/", "Accept"), ("http://192.0.2.1/v1/messages", "Accept"),
            ("http://[2001:db8::1]/v1/messages", "Accept"),
            ("https://127.0.0.1/a b", "Accept"), ("https://127.0.0.1/", "Content-Length"),
        ])
    func invalidRequests(url: String, headerName: String) throws {
        let request = HTTPRequest(method: "GET", url: url, headers: [(headerName, "secret-value")], timeout: 1)
        let error = failure(request)
        #expect(error?.kind == .invalidRequest)
        #expect(error?.detail.contains("secret-value") == false && error?.detail.contains("pw") == false)
    }

    @Test(
        "plain http goes to any name or literal whose address is loopback", .requires(.venv),
        arguments: [
            "127.0.0.1", "localhost", "[::ffff:127.0.0.1]",
        ])
    func plainHTTPToLoopbackAddresses(host: String) throws {
        let server = try BehaviourServer()
        #expect(try get("http://\(host):\(server.port)/length").status == 202)
    }

    @Test("plain http to a non-loopback address is refused before connecting, naming why")
    func plainHTTPElsewhereIsRefusedByAddress() {
        let started = Date()
        let error = failure("http://192.0.2.1:9/v1/messages", timeout: 5)
        #expect(error?.kind == .invalidRequest)
        #expect(error?.detail == "plain http is allowed only to a loopback address")
        #expect(Date().timeIntervalSince(started) < 0.5)
    }

    @Test("a header value with CR/LF is refused instead of splitting the request")
    func headerInjectionRefused() throws {
        let request = HTTPRequest(
            method: "GET", url: "http://127.0.0.1:1/", headers: [("X-A", "a\r\nX-Injected: 1")], timeout: 1)
        #expect(failure(request)?.kind == .invalidRequest)
    }

    @Test("failure details never carry the request's Authorization or body", .requires(.venv))
    func detailsHoldNoRequestData() throws {
        let server = try BehaviourServer()
        let port = try TestSupport.freePort()
        for url in [
            "http://127.0.0.1:\(server.port)/drop", "http://127.0.0.1:\(server.port)/garbage",
            "http://127.0.0.1:\(port)/",
        ] {
            let request = HTTPRequest(
                method: "POST", url: url, headers: [("Authorization", "Bearer SECRET-JWT")],
                body: Data("SECRET-BODY".utf8), timeout: 2)
            let error = try #require(failure(request))
            #expect(!error.description.contains("SECRET"))
        }
    }

    // MARK: TLS

    func tlsServer(otherName: Bool = false) throws -> BehaviourServer {
        let certificates = try TestCertificates.get()
        return try BehaviourServer(
            certificatePath: otherName ? certificates.otherNameCertificate : certificates.loopbackCertificate,
            keyPath: otherName ? certificates.otherNameKey : certificates.loopbackKey)
    }

    @Test(
        "a CA file given as .certificateFile is trusted, and chunked and close-delimited bodies work over TLS",
        .requires(.venv), arguments: ["/length", "/chunked", "/close-notify"])
    func trustedByFile(path: String) throws {
        let server = try tlsServer()
        let response = try get(
            "https://127.0.0.1:\(server.port)\(path)", trust: .certificateFile(try TestCertificates.get().caPath))
        #expect(response.status == 202 || response.status == 200)
        #expect(!response.body.isEmpty)
    }

    @Test("a hashed .certificateDirectory (openssl rehash) is trusted: the CA is found by its hash", .requires(.venv))
    func trustedByHashedDirectory() throws {
        let server = try tlsServer()
        let response = try get(
            "https://127.0.0.1:\(server.port)/length",
            trust: .certificateDirectory(try TestCertificates.get().hashedDirectory))
        #expect(response.status == 202 && response.body == Self.acceptedBody)
    }

    @Test(
        "a host name is verified against the certificate's DNS names (SNI sent, localhost via /etc/hosts)",
        .requires(.venv))
    func trustedByName() throws {
        let server = try tlsServer()
        let response = try get(
            "https://localhost:\(server.port)/length", trust: .certificateFile(try TestCertificates.get().caPath))
        #expect(response.status == 202)
    }

    @Test("a certificate from an untrusted issuer: tls, at once", .requires(.venv))
    func untrustedCertificate() throws {
        let server = try tlsServer()
        let started = Date()
        let error = failure("https://127.0.0.1:\(server.port)/length")
        #expect(error?.kind == .tls)
        #expect(error?.detail.contains("certificate") == true)
        #expect(Date().timeIntervalSince(started) < 1)
    }

    @Test("a trusted certificate for another name: tls", .requires(.venv), arguments: ["127.0.0.1", "localhost"])
    func certificateForAnotherName(host: String) throws {
        let server = try tlsServer(otherName: true)
        let error = failure(
            "https://\(host):\(server.port)/length", trust: .certificateFile(try TestCertificates.get().caPath))
        #expect(error?.kind == .tls)
    }

    @Test("a CA file that does not exist: tls, not a silent fallback to other trust", .requires(.venv))
    func missingCAFile() throws {
        let server = try tlsServer()
        #expect(
            failure("https://127.0.0.1:\(server.port)/length", trust: .certificateFile("/nonexistent.pem"))?
                .kind == .tls)
    }

    @Test("over TLS too: closed unanswered is connectionLost, silence is timedOut within the budget", .requires(.venv))
    func tlsFailuresAfterSending() throws {
        let server = try tlsServer()
        let trust = TLSTrust.certificateFile(try TestCertificates.get().caPath)
        #expect(failure("https://127.0.0.1:\(server.port)/drop", trust: trust)?.kind == .connectionLost)
        let started = Date()
        #expect(failure("https://127.0.0.1:\(server.port)/silent", trust: trust, timeout: 0.8)?.kind == .timedOut)
        #expect(Date().timeIntervalSince(started) < 1.5)
    }

    @Test(
        "over TLS, a body delimited by the end of the stream that ends without close_notify is connectionLost",
        .requires(.venv))
    func truncatedTLSStreamIsConnectionLost() throws {
        let server = try tlsServer()
        let error = failure(
            "https://127.0.0.1:\(server.port)/close", trust: .certificateFile(try TestCertificates.get().caPath))
        #expect(error?.kind == .connectionLost)
        #expect(error?.detail.contains("close_notify") == true)
    }

    @Test(
        "a peer that never completes the handshake: timedOut at the connect timeout, not the whole budget",
        .requires(.venv))
    func handshakeBoundByConnectTimeout() throws {
        let plain = try BehaviourServer()
        let started = Date()
        let error = failure("https://127.0.0.1:\(plain.port)/length", timeout: 5, connectTimeout: 0.5)
        let elapsed = Date().timeIntervalSince(started)
        #expect(error?.kind == .timedOut)
        #expect(elapsed >= 0.45 && elapsed < 1.5)
    }
}
