import Foundation
import TestSupport
import Testing
import Vonage

@Suite("Configuration from the environment: defaults, limits, and errors that name the variable only")
struct ConfigurationTests {
    func baseEnvironment() throws -> [String: String] {
        ["VONAGE_APPLICATION_ID": Fixtures.applicationId, "VONAGE_PRIVATE_KEY_PATH": try Fixtures.keys().pkcs8Path]
    }

    func error(_ env: [String: String]) -> VonageConfigurationError? {
        do throws(VonageConfigurationError) {
            _ = try VonageClientConfiguration.fromEnvironment(env)
            return nil
        } catch {
            return error
        }
    }

    @Test("defaults: api.nexmo.com, 10 s budget, 3 retries, the system's trust (this machine: its hashed directory)")
    func defaults() throws {
        let config = try VonageClientConfiguration.fromEnvironment(baseEnvironment())
        #expect(config.applicationId == Fixtures.applicationId)
        #expect(config.baseURL == "https://api.nexmo.com")
        #expect(config.timeout == 10)
        #expect(config.maxRetries == 3)
        #expect(config.tlsTrust == .system)
        #expect(config.tlsTrust == .certificateDirectory("/etc/ssl/certs"))
    }

    @Test("the key can come from VONAGE_PRIVATE_KEY or VONAGE_PRIVATE_KEY_BASE64")
    func keySources() throws {
        let pem = try Fixtures.pem(Fixtures.keys().pkcs1Path)
        for env in [
            ["VONAGE_APPLICATION_ID": "app", "VONAGE_PRIVATE_KEY": pem],
            ["VONAGE_APPLICATION_ID": "app", "VONAGE_PRIVATE_KEY_BASE64": Data(pem.utf8).base64EncodedString()],
        ] {
            #expect(try VonageClientConfiguration.fromEnvironment(env).privateKey.keySizeInBits == 2048)
        }
    }

    @Test("VONAGE_TIMEOUT_MS, VONAGE_MAX_RETRIES and VONAGE_API_URL are read")
    func overrides() throws {
        var env = try baseEnvironment()
        env["VONAGE_TIMEOUT_MS"] = "2500"
        env["VONAGE_MAX_RETRIES"] = "0"
        env["VONAGE_API_URL"] = "https://api-eu.vonage.com/"
        let config = try VonageClientConfiguration.fromEnvironment(env)
        #expect(config.timeout == 2.5)
        #expect(config.maxRetries == 0)
        #expect(config.baseURL == "https://api-eu.vonage.com")
    }

    @Test(
        "a missing or invalid variable is reported by name, never by value",
        arguments: [
            ("VONAGE_APPLICATION_ID", ""),
            ("VONAGE_PRIVATE_KEY_PATH", "/nonexistent/secret-key-path.pem"),
            ("VONAGE_TIMEOUT_MS", "soon-ish"),
            ("VONAGE_TIMEOUT_MS", "-5"),
            ("VONAGE_MAX_RETRIES", "99"),
            ("VONAGE_API_URL", "ftp://files.example.com"),
            ("VONAGE_API_URL", "http://api.nexmo.com"),
        ])
    func namedErrors(variable: String, value: String) throws {
        var env = try baseEnvironment()
        env[variable] = value
        let failure = try #require(error(env))
        #expect(failure.variable == variable)
        if !value.isEmpty { #expect(!failure.description.contains(value)) }
    }

    @Test("with no key variable at all the error names VONAGE_PRIVATE_KEY_PATH")
    func noKey() {
        let failure = error(["VONAGE_APPLICATION_ID": "app"])
        #expect(failure?.variable == "VONAGE_PRIVATE_KEY_PATH")
    }

    @Test("a bad inline key names VONAGE_PRIVATE_KEY and does not echo it")
    func badInlineKey() {
        let value = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LXNlY3JldC1zZWNyZXQ=\n-----END PRIVATE KEY-----"
        let failure = error(["VONAGE_APPLICATION_ID": "app", "VONAGE_PRIVATE_KEY": value])
        #expect(failure?.variable == "VONAGE_PRIVATE_KEY")
        #expect(failure?.description.contains("c2VjcmV0") == false)
    }

    @Test(
        "http:// is accepted only for loopback hosts",
        arguments: [
            ("http://127.0.0.1:8080", true), ("http://localhost:9000/", true), ("http://[::1]:8443", true),
            ("https://api.nexmo.com", true), ("http://example.com", false), ("http://10.0.0.1:80", false),
            ("http://127.0.0.2", false), ("http://localhost.example.com", false),
        ])
    func loopbackOnlyHTTP(url: String, accepted: Bool) {
        let result = Result { () throws(VonageConfigurationError) in try VonageBaseURL.validate(url) }
        switch result {
        case .success: #expect(accepted)
        case .failure(let failure):
            #expect(!accepted)
            #expect(failure.variable == "VONAGE_API_URL")
        }
    }

    @Test("trust comes from VONAGE_CA_FILE, then SSL_CERT_FILE, then CURL_CA_BUNDLE, then SSL_CERT_DIR")
    func caFilePrecedence() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        let files = ["a", "b", "c"].map { dir.appendingPathComponent("\($0).pem").path }
        for file in files { _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8)) }
        var env = try baseEnvironment()
        env["SSL_CERT_DIR"] = dir.path
        #expect(try VonageClientConfiguration.fromEnvironment(env).tlsTrust == .certificateDirectory(dir.path))
        env["CURL_CA_BUNDLE"] = files[2]
        #expect(try VonageClientConfiguration.fromEnvironment(env).tlsTrust == .certificateFile(files[2]))
        env["SSL_CERT_FILE"] = files[1]
        #expect(try VonageClientConfiguration.fromEnvironment(env).tlsTrust == .certificateFile(files[1]))
        env["VONAGE_CA_FILE"] = files[0]
        #expect(try VonageClientConfiguration.fromEnvironment(env).tlsTrust == .certificateFile(files[0]))
    }

    @Test("an SSL_CERT_DIR entry that is not a folder is reported by its variable")
    func missingCADirectory() throws {
        var env = try baseEnvironment()
        env["SSL_CERT_DIR"] = "/etc/ssl/certs:/nonexistent/certs"
        #expect(error(env) == .invalid("SSL_CERT_DIR", "names a folder that does not exist"))
    }

    @Test("an unreadable CA file is reported by its variable")
    func unreadableCAFile() throws {
        var env = try baseEnvironment()
        env["SSL_CERT_FILE"] = "/nonexistent/ca.pem"
        #expect(error(env) == .invalid("SSL_CERT_FILE", "file not readable"))
    }
}
