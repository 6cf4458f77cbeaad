import Foundation

/// The sandbox's HTTPS certificate: self-signed for 127.0.0.1 and localhost, made once with the `openssl` command
/// (installed with ca-certificates on Debian) and reused. Clients trust it by naming the file as their CA
/// (`REQUESTS_CA_BUNDLE`, `VONAGE_CA_FILE`).
struct SelfSignedCertificate: Sendable {
    var certificatePath: String
    var keyPath: String

    /// Failure to make the certificate, with openssl's complaint.
    struct GenerationError: Error, CustomStringConvertible {
        var description: String
    }

    /// The certificate in `directory/tls`, made when missing.
    static func loadOrCreate(in directory: URL) throws -> SelfSignedCertificate {
        let folder = directory.appendingPathComponent("tls")
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let certificate = folder.appendingPathComponent("sandbox-cert.pem").path
        let key = folder.appendingPathComponent("sandbox-key.pem").path
        let result = SelfSignedCertificate(certificatePath: certificate, keyPath: key)
        if FileManager.default.fileExists(atPath: certificate) && FileManager.default.fileExists(atPath: key) {
            return result
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "825",
            "-keyout", key, "-out", certificate, "-subj", "/CN=sms-local Vonage sandbox",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw GenerationError(description: "cannot run openssl (apt-get install openssl): \(error)")
        }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GenerationError(description: "openssl req failed: \(String(decoding: message, as: UTF8.self))")
        }
        chmod(key, 0o600)
        return result
    }
}
