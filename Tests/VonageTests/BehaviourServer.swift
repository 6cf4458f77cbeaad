import Foundation
import TestSupport

/// `Tests/Python/http_behaviour_server.py` as a child process: a loopback server whose answer the request path
/// picks (chunked, close-delimited, dropped, silent, oversized ...), over TLS when given a certificate.
final class BehaviourServer: @unchecked Sendable {
    let port: Int
    private let process: Process

    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    init(certificatePath: String? = nil, keyPath: String? = nil) throws {
        try TestService.venv.require()
        var arguments = [TestSupport.packageRoot.appendingPathComponent("Tests/Python/http_behaviour_server.py").path]
        if let certificatePath, let keyPath { arguments += ["--tls-cert", certificatePath, "--tls-key", keyPath] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.python)
        process.arguments = arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        // The first line is "PORT <n>"; reading blocks until the server listens (or exits).
        var line = Data()
        while line.count < 64 {
            let byte = stdout.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            throw StartError(description: "http_behaviour_server.py did not start: \(text)")
        }
        self.port = port
    }

    deinit { stop() }

    func stop() {
        guard process.isRunning else { return }
        // SIGKILL: a child started from a dispatch worker may have SIGTERM blocked (see FakeVonage.stop).
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// A test CA and server certificates it signed, generated once per test run.
struct TestCertificates: Sendable {
    /// The CA certificate (PEM), to trust as a file.
    let caPath: String
    /// A directory holding the CA certificate under its `openssl rehash` name.
    let hashedDirectory: String
    /// Key and certificate for IP 127.0.0.1 and DNS localhost.
    let loopbackCertificate: String, loopbackKey: String
    /// Key and certificate for DNS other.example only, signed by the same CA.
    let otherNameCertificate: String, otherNameKey: String

    private static let generated: Result<TestCertificates, any Error> = Result { try make() }

    static func get() throws -> TestCertificates { try generated.get() }

    private static func make() throws -> TestCertificates {
        let dir = try TestSupport.makeTemporaryDirectory("transport-tls")
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        try TestRSAKeys.openssl([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=sms-functions test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            "-keyout", path("ca.key"), "-out", path("ca.crt"),
        ])
        func leaf(_ name: String, subjectAltName: String) throws {
            try TestRSAKeys.openssl([
                "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=\(name)", "-keyout", path("\(name).key"),
                "-out", path("\(name).csr"),
            ])
            let extensions = path("\(name).ext")
            try Data("subjectAltName=\(subjectAltName)\n".utf8).write(to: URL(fileURLWithPath: extensions))
            try TestRSAKeys.openssl([
                "x509", "-req", "-in", path("\(name).csr"), "-CA", path("ca.crt"), "-CAkey", path("ca.key"),
                "-CAcreateserial", "-days", "2", "-extfile", extensions, "-out", path("\(name).crt"),
            ])
        }
        try leaf("loopback", subjectAltName: "IP:127.0.0.1,DNS:localhost")
        try leaf("other", subjectAltName: "DNS:other.example")
        let hashed = dir.appendingPathComponent("hashed")
        try FileManager.default.createDirectory(at: hashed, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: path("ca.crt"), toPath: hashed.appendingPathComponent("ca.pem").path)
        try TestRSAKeys.openssl(["rehash", hashed.path])
        return TestCertificates(
            caPath: path("ca.crt"), hashedDirectory: hashed.path,
            loopbackCertificate: path("loopback.crt"), loopbackKey: path("loopback.key"),
            otherNameCertificate: path("other.crt"), otherNameKey: path("other.key"))
    }
}
