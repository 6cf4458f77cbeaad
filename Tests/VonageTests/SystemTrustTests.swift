import Foundation
import TestSupport
import Testing
import Vonage

/// The system trust found on each distribution's layout, laid out under a temporary root.
@Suite("System trust: a hashed directory where there is one, else each distribution's bundle file")
struct SystemTrustTests {
    /// Creates `files` (paths relative to the root) and returns the root.
    func layout(_ files: [String], links: [String: String] = [:]) throws -> String {
        let root = try TestSupport.makeTemporaryDirectory("trust-layout")
        for file in files {
            let url = root.appendingPathComponent(file)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: url.path, contents: Data("-----BEGIN".utf8)))
        }
        for (link, target) in links {
            try FileManager.default.createSymbolicLink(
                atPath: root.appendingPathComponent(link).path, withDestinationPath: target)
        }
        return root.path
    }

    @Test("Debian/Ubuntu: the hashed /etc/ssl/certs directory, not its bundle file")
    func debian() throws {
        let root = try layout(["etc/ssl/certs/ca-certificates.crt", "etc/ssl/certs/ISRG_Root_X1.pem"])
        try FileManager.default.createSymbolicLink(
            atPath: root + "/etc/ssl/certs/4042bcee.0", withDestinationPath: "ISRG_Root_X1.pem")
        #expect(TLSTrust.system(root: root) == .certificateDirectory(root + "/etc/ssl/certs"))
    }

    @Test("Amazon Linux 2023 / RHEL / Fedora: /etc/ssl/certs links to bundle files only, so the pki bundle")
    func amazonLinux() throws {
        let root = try layout(
            [
                "etc/pki/tls/certs/ca-bundle.crt", "etc/pki/tls/certs/ca-bundle.trust.crt",
                "etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
            ])
        try FileManager.default.createDirectory(atPath: root + "/etc/ssl", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: root + "/etc/ssl/certs", withDestinationPath: root + "/etc/pki/tls/certs")
        #expect(TLSTrust.system(root: root) == .certificateFile(root + "/etc/pki/tls/certs/ca-bundle.crt"))
    }

    @Test("only the extracted RHEL bundle")
    func extractedOnly() throws {
        let root = try layout(["etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"])
        #expect(
            TLSTrust.system(root: root) == .certificateFile(root + "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"))
    }

    @Test("Alpine without rehashed links: the bundle file in /etc/ssl/certs")
    func alpine() throws {
        let root = try layout(["etc/ssl/cert.pem", "etc/ssl/certs/ca-certificates.crt"])
        #expect(TLSTrust.system(root: root) == .certificateFile(root + "/etc/ssl/certs/ca-certificates.crt"))
    }

    @Test("an empty root (FROM scratch): no trust, and the send fails saying which variable to set")
    func scratch() throws {
        let root = try layout([])
        #expect(TLSTrust.system(root: root) == .none)
        let failure = #expect(throws: TransportError.self) {
            try OpenSSLTransport(trust: .none).send(
                HTTPRequest(method: "GET", url: "https://127.0.0.1:9/", headers: [], body: Data(), timeout: 1))
        }
        #expect("\(String(describing: failure))".contains("VONAGE_CA_FILE"))
    }

    @Test("a CRL link (.r0) or a name that only looks like a hash does not make a hashed directory")
    func hashNames() throws {
        let root = try layout(["etc/ssl/certs/4042bcee.r0", "etc/ssl/certs/4042bcee.pem", "etc/ssl/certs/4042BCEE.0"])
        #expect(TLSTrust.system(root: root) == .none)
    }
}
