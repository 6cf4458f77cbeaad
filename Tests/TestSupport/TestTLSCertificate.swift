import Foundation

/// A self-signed certificate for 127.0.0.1, made with `openssl` once per test process in a temporary folder (never
/// committed). A client that trusts exactly this file reaches a fake server that serves it.
public struct TestTLSCertificate: Sendable {
    /// PEM certificate: the server's and, for the client, the only trusted CA.
    public let certificatePath: String
    /// PEM private key of the server.
    public let keyPath: String

    private static let generated: Result<TestTLSCertificate, any Error> = Result {
        let dir = try TestSupport.makeTemporaryDirectory("test-tls")
        let cert = dir.appendingPathComponent("server.crt").path
        let key = dir.appendingPathComponent("server.key").path
        try TestRSAKeys.openssl([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert,
        ])
        return TestTLSCertificate(certificatePath: cert, keyPath: key)
    }

    /// The process's certificate, made on first use.
    public static func get() throws -> TestTLSCertificate { try generated.get() }

    /// The pair as `FakeVonage` serves it.
    public var fakeVonageTLS: FakeVonage.TLS { .init(certificatePath: certificatePath, keyPath: keyPath) }
}
