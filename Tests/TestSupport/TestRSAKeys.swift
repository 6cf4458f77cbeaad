import Foundation

/// RSA key pairs made with `openssl` at test time in a temporary directory (never committed).
public struct TestRSAKeys: Sendable {
    /// The folder holding the key files.
    public let directory: URL
    /// A 2048-bit key as PKCS#8 PEM (`BEGIN PRIVATE KEY`), Vonage's format.
    public let pkcs8Path: String
    /// Public key (SPKI PEM) of `pkcs8Path`.
    public let pkcs8PublicPath: String
    /// A second 2048-bit key as PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`).
    public let pkcs1Path: String
    /// Public key (SPKI PEM) of `pkcs1Path`.
    public let pkcs1PublicPath: String

    /// Errors from key generation.
    public struct GenerationError: Error, CustomStringConvertible {
        /// What openssl said.
        public let description: String
    }

    /// Generates both keys with `openssl genpkey` and `openssl genrsa -traditional`.
    public static func generate() throws -> TestRSAKeys {
        let dir = try TestSupport.makeTemporaryDirectory("vonage-keys")
        let p8 = dir.appendingPathComponent("pkcs8.pem").path
        let p1 = dir.appendingPathComponent("pkcs1.pem").path
        let p8pub = dir.appendingPathComponent("pkcs8.pub.pem").path
        let p1pub = dir.appendingPathComponent("pkcs1.pub.pem").path
        try openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", p8])
        try openssl(["genrsa", "-traditional", "-out", p1, "2048"])
        try openssl(["pkey", "-in", p8, "-pubout", "-out", p8pub])
        try openssl(["pkey", "-in", p1, "-pubout", "-out", p1pub])
        return TestRSAKeys(
            directory: dir, pkcs8Path: p8, pkcs8PublicPath: p8pub, pkcs1Path: p1, pkcs1PublicPath: p1pub)
    }

    /// Runs `openssl` with `arguments`, throwing with its stderr when it fails.
    @discardableResult
    public static func openssl(_ arguments: [String], stdin: Data = Data()) throws -> TestSupport.ProcessResult {
        let result = try TestSupport.run(
            "/usr/bin/openssl", arguments, environment: ProcessInfo.processInfo.environment, stdin: stdin)
        guard result.status == 0 else {
            throw GenerationError(description: "openssl \(arguments.first ?? ""): \(result.stderrText)")
        }
        return result
    }
}
