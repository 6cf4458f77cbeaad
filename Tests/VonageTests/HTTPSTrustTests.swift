import Foundation
import TestSupport
import Testing
import Vonage

/// HTTPS to the fake with a self-signed certificate for 127.0.0.1: trusted only when a CA file names it.
@Suite("TLS trust: the system CA directory by default, a CA file only when configured", .requires(.venv))
struct HTTPSTrustTests {
    func startTLSFake() throws -> (FakeVonage, TestTLSCertificate) {
        let certificate = try TestTLSCertificate.get()
        let fake = try FakeVonage(publicKeyPath: Fixtures.keys().pkcs8PublicPath, tls: certificate.fakeVonageTLS)
        return (fake, certificate)
    }

    func environment(_ fake: FakeVonage, _ extra: [String: String]) throws -> [String: String] {
        [
            "VONAGE_APPLICATION_ID": Fixtures.applicationId,
            "VONAGE_PRIVATE_KEY_PATH": try Fixtures.keys().pkcs8Path,
            "VONAGE_API_URL": fake.baseURL,
            "VONAGE_TIMEOUT_MS": "3000",
        ].merging(extra) { $1 }
    }

    let sms = OutboundSMS(to: "447700900000", from: "AcmeInc", text: "over TLS")

    @Test(
        "the self-signed fake is trusted through VONAGE_CA_FILE or SSL_CERT_FILE",
        arguments: [
            "VONAGE_CA_FILE", "SSL_CERT_FILE", "CURL_CA_BUNDLE",
        ])
    func trustedWithCAFile(variable: String) throws {
        let (fake, certificate) = try startTLSFake()
        defer { fake.stop() }
        #expect(fake.baseURL.hasPrefix("https://127.0.0.1:"))
        let config = try VonageClientConfiguration.fromEnvironment(
            environment(fake, [variable: certificate.certificatePath]))
        let result = try MessagesClient(configuration: config).sendSMS(sms)
        #expect(UUID(uuidString: result.messageUUID) != nil)
        #expect(try fake.requests().count == 1)
    }

    @Test("without a CA file the certificate is refused: a typed TLS error at once, no retries, nothing sent")
    func refusedWithoutCAFile() throws {
        let (fake, _) = try startTLSFake()
        defer { fake.stop() }
        let config = try VonageClientConfiguration.fromEnvironment(environment(fake, [:]))
        #expect(config.tlsTrust == .system)
        let started = Date()
        var failure: VonageError?
        do throws(VonageError) {
            _ = try MessagesClient(configuration: config).sendSMS(sms)
        } catch {
            failure = error
        }
        guard case .tlsFailure = failure else {
            Issue.record("expected tlsFailure, got \(String(describing: failure))")
            return
        }
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(failure?.publicFailure.status == 502)
        #expect(try fake.requests().isEmpty)
    }

    @Test("a CA file replaces the system trust: the system bundle does not vouch for the test certificate")
    func caFileIsExclusive() throws {
        let (fake, _) = try startTLSFake()
        defer { fake.stop() }
        let config = try VonageClientConfiguration.fromEnvironment(
            environment(fake, ["VONAGE_CA_FILE": "/etc/ssl/certs/ca-certificates.crt"]))
        #expect(throws: VonageError.self) { try MessagesClient(configuration: config).sendSMS(sms) }
    }
}
