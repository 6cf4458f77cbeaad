import Crypto
import Foundation
import FunctionRuntime
import _CryptoExtras

/// Credentials sms-local makes on first run and reuses: an API token, and for the sandbox a Vonage application
/// (id and RSA key pair) and a webhook signature secret. Kept under the data folder, readable by the owner only.
struct LocalCredentials: Sendable {
    var apiToken: String
    var signatureSecret: String
    var applicationID: String
    /// PKCS#8 PEM file of the application's private key.
    var privateKeyPath: String
    /// The public half, which the sandbox checks JWTs with.
    var publicKey: _RSA.Signing.PublicKey

    /// Generated values that are not secret-bearing files.
    static let fileName = "sms-local.env"
    static let keyFileName = "application.key"
    static let publicKeyFileName = "application.pub.pem"

    /// Reads the credentials in `directory`, making whatever is missing (and the folder itself, mode 0700).
    static func loadOrCreate(in directory: URL) throws -> LocalCredentials {
        let manager = FileManager.default
        try manager.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let envURL = directory.appendingPathComponent(fileName)
        var values = (try? String(contentsOf: envURL, encoding: .utf8)).map(DotEnv.parse) ?? [:]
        var changed = false
        func value(_ name: String, make: () -> String) -> String {
            if let existing = values[name], !existing.isEmpty { return existing }
            changed = true
            values[name] = make()
            return values[name] ?? ""
        }
        let token = value("SMS_API_TOKEN") { "local-" + RandomSecret.hex(byteCount: 20) }
        let secret = value("VONAGE_SIGNATURE_SECRET") { RandomSecret.hex(byteCount: 32) }
        let application = value("VONAGE_APPLICATION_ID") { UUID().uuidString.lowercased() }
        if changed {
            let text =
                "# Made by sms-local on first run and reused; delete the folder to start afresh.\n"
                + values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n") + "\n"
            try writePrivate(Data(text.utf8), to: envURL)
        }

        let keyURL = directory.appendingPathComponent(keyFileName)
        let privateKey: _RSA.Signing.PrivateKey
        if let pem = try? String(contentsOf: keyURL, encoding: .utf8) {
            privateKey = try _RSA.Signing.PrivateKey(pemRepresentation: pem)
        } else {
            privateKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            try writePrivate(Data(privateKey.pkcs8PEMRepresentation.utf8), to: keyURL)
        }
        let publicURL = directory.appendingPathComponent(publicKeyFileName)
        if !manager.fileExists(atPath: publicURL.path) {
            try Data(privateKey.publicKey.pemRepresentation.utf8).write(to: publicURL)
        }
        return LocalCredentials(
            apiToken: token, signatureSecret: secret, applicationID: application, privateKeyPath: keyURL.path,
            publicKey: privateKey.publicKey)
    }

    /// Writes `data` to a file that only the owner can read, created with that mode (never briefly wider).
    static func writePrivate(_ data: Data, to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path]) }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
        try handle.write(contentsOf: data)
    }
}
