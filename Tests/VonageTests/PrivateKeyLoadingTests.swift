import Foundation
import TestSupport
import Testing
import Vonage

@Suite("Private key loading: PKCS#8 and PKCS#1 from text, base64 or file; errors never show key material")
struct PrivateKeyLoadingTests {
    @Test("a PKCS#8 and a PKCS#1 key both load from a file")
    func bothFormatsLoadFromFile() throws {
        let keys = try Fixtures.keys()
        #expect(try VonagePrivateKey.fromFile(path: keys.pkcs8Path).keySizeInBits == 2048)
        #expect(try VonagePrivateKey.fromFile(path: keys.pkcs1Path).keySizeInBits == 2048)
        #expect(try Fixtures.pem(keys.pkcs8Path).contains("BEGIN PRIVATE KEY"))
        #expect(try Fixtures.pem(keys.pkcs1Path).contains("BEGIN RSA PRIVATE KEY"))
    }

    @Test("PEM text, base64 of the PEM, and PEM with literal \\n escapes all load")
    func textForms() throws {
        let keys = try Fixtures.keys()
        for path in [keys.pkcs8Path, keys.pkcs1Path] {
            let pem = try Fixtures.pem(path)
            #expect(try VonagePrivateKey.fromPEM(pem).keySizeInBits == 2048)
            let base64 = Data(pem.utf8).base64EncodedString()
            #expect(try VonagePrivateKey.fromBase64PEM(base64).keySizeInBits == 2048)
            let oneLine = pem.replacingOccurrences(of: "\n", with: "\\n")
            #expect(!oneLine.contains("\n"))
            #expect(try VonagePrivateKey.fromPEM(oneLine).keySizeInBits == 2048)
        }
    }

    @Test("the key's description is redacted")
    func descriptionIsRedacted() throws {
        let keys = try Fixtures.keys()
        let pem = try Fixtures.pem(keys.pkcs8Path)
        let key = try VonagePrivateKey.fromPEM(pem)
        let shown = "\(key) \(String(reflecting: key))"
        #expect(shown.contains("2048"))
        #expect(!shown.contains(Fixtures.keyMaterialSample(pem)))
    }

    @Test("garbage text is a configuration error naming the variable")
    func garbageText() {
        let secretish = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-not-a-key"
        #expect(throws: VonageConfigurationError.invalid("VONAGE_PRIVATE_KEY", "not a PEM RSA private key")) {
            try VonagePrivateKey.fromPEM(secretish)
        }
    }

    @Test("a damaged PEM key fails without quoting any of it")
    func damagedKeyIsNotQuoted() throws {
        let pem = try Fixtures.pem(try Fixtures.keys().pkcs8Path)
        var lines = pem.split(separator: "\n").map(String.init)
        lines.remove(at: lines.count / 3)  // drop a line of the body: no longer valid DER
        let damaged = lines.joined(separator: "\n")
        do throws(VonageConfigurationError) {
            _ = try VonagePrivateKey.fromPEM(damaged, variable: "VONAGE_PRIVATE_KEY")
            Issue.record("a damaged key loaded")
        } catch {
            #expect(error.variable == "VONAGE_PRIVATE_KEY")
            #expect(!error.description.contains(Fixtures.keyMaterialSample(damaged)))
            #expect(!error.description.contains("MII"))
        }
    }

    @Test("a garbage key file is reported as such, by variable name")
    func garbageFile() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        let path = dir.appendingPathComponent("garbage.pem").path
        try Data("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n".utf8).write(
            to: URL(fileURLWithPath: path))
        let expected = VonageConfigurationError.invalid("VONAGE_PRIVATE_KEY_PATH", "file is not a PEM RSA private key")
        #expect(throws: expected) {
            try VonagePrivateKey.fromFile(path: path)
        }
    }

    @Test("a missing key file is 'file not readable'")
    func missingFile() {
        #expect(throws: VonageConfigurationError.invalid("VONAGE_PRIVATE_KEY_PATH", "file not readable")) {
            try VonagePrivateKey.fromFile(path: "/nonexistent/key.pem")
        }
    }

    @Test("base64 that is not base64 names VONAGE_PRIVATE_KEY_BASE64")
    func badBase64() {
        #expect(throws: VonageConfigurationError.invalid("VONAGE_PRIVATE_KEY_BASE64", "not base64 of a PEM text")) {
            try VonagePrivateKey.fromBase64PEM("%%%not base64%%%")
        }
    }
}
