import Foundation

/// Everything the function executables need for a test: a fresh SQLite file, an API token, a webhook signature
/// secret, an RSA application key pair, and (optionally) a loopback fake Vonage to send through.
public final class FunctionFixture: @unchecked Sendable {
    /// Scratch folder.
    public let directory: URL
    /// `SMS_API_TOKEN`.
    public let apiToken = "test-api-token-0123456789abcdef"
    /// `VONAGE_SIGNATURE_SECRET`.
    public let signatureSecret = "test-signature-secret-0123456789abcdef"
    /// `VONAGE_APPLICATION_ID`.
    public let applicationID = "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"
    /// The application key pair.
    public let keys: TestRSAKeys
    /// The fake Vonage, when started.
    public private(set) var vonage: FakeVonage?
    /// `DATABASE_URL` (a SQLite file in `directory` unless given).
    public let databaseURL: String

    /// A fixture with its own database; `scenario` starts a fake Vonage following it ("[]" = always 202).
    public init(scenario: String? = "[]", databaseURL: String? = nil) throws {
        directory = try TestSupport.makeTemporaryDirectory("functions")
        keys = try TestRSAKeys.generate()
        self.databaseURL = databaseURL ?? "sqlite://\(directory.appendingPathComponent("data/sms.sqlite").path)"
        if let scenario {
            vonage = try FakeVonage(
                publicKeyPath: keys.pkcs8PublicPath, scenario: scenario, applicationId: applicationID)
        }
    }

    deinit { vonage?.stop() }

    /// The webhook signer for this fixture's secret.
    public var signer: VonageWebhookSigner { VonageWebhookSigner(secret: signatureSecret) }

    /// The functions' configuration variables.
    public var environment: [String: String] {
        var env = [
            "PATH": "/usr/bin:/bin", "DATABASE_URL": databaseURL, "SMS_API_TOKEN": apiToken,
            "VONAGE_SIGNATURE_SECRET": signatureSecret, "VONAGE_APPLICATION_ID": applicationID,
            "VONAGE_PRIVATE_KEY_PATH": keys.pkcs8Path, "VONAGE_NUMBER": "447700900000",
            "VONAGE_TIMEOUT_MS": "3000", "VONAGE_MAX_RETRIES": "2", "LOG_LEVEL": "info",
        ]
        if let vonage { env["VONAGE_API_URL"] = vonage.baseURL }
        return env
    }

    /// The path of a built function executable.
    public static func executable(_ name: String) -> String {
        TestSupport.productsDirectory.appendingPathComponent(name).path
    }

    /// Runs `function` once as a CGI program: `method`, `path`, headers and body; returns status, headers, body.
    /// The whole path goes in `SCRIPT_NAME` unless `pathInfo` is given (then `path` is `SCRIPT_NAME`).
    public func cgi(
        _ function: String, method: String, path: String, pathInfo: String? = nil, query: String = "",
        headers: [String: String] = [:], body: Data = Data(), extraEnvironment: [String: String] = [:]
    ) throws -> CGIResponse {
        var env = environment.merging(extraEnvironment) { $1 }
        env["GATEWAY_INTERFACE"] = "CGI/1.1"
        env["REQUEST_METHOD"] = method
        env["SCRIPT_NAME"] = path
        if let pathInfo { env["PATH_INFO"] = pathInfo }
        env["QUERY_STRING"] = query
        if !body.isEmpty {
            env["CONTENT_LENGTH"] = String(body.count)
            env["CONTENT_TYPE"] = headers["Content-Type"] ?? "application/json"
        }
        for (name, value) in headers where name.lowercased() != "content-type" {
            env["HTTP_" + name.uppercased().replacingOccurrences(of: "-", with: "_")] = value
        }
        let result = try TestSupport.run(Self.executable(function), environment: env, stdin: body)
        return CGIResponse(result)
    }
}

/// A CGI program's output, parsed.
public struct CGIResponse: Sendable {
    /// The `Status:` code (0 when missing).
    public var status: Int
    /// Headers, names lower-cased.
    public var headers: [String: String]
    /// The body.
    public var body: Data
    /// stderr (the JSON log lines).
    public var log: String
    /// Exit status.
    public var exitStatus: Int32

    /// Parses what a CGI program wrote.
    public init(_ result: TestSupport.ProcessResult) {
        let text = result.stdout
        let separator = Data("\r\n\r\n".utf8)
        let split = text.range(of: separator)
        let head = String(decoding: split.map { text[..<$0.lowerBound] } ?? text, as: UTF8.self)
        body = split.map { Data(text[$0.upperBound...]) } ?? Data()
        var headers: [String: String] = [:]
        var status = 0
        for line in head.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "status" { status = Int(value.prefix(3)) ?? 0 } else { headers[name] = value }
        }
        self.status = status
        self.headers = headers
        log = result.stderrText
        exitStatus = result.status
    }

    /// The body as a JSON object.
    public func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw CocoaError(.propertyListReadCorrupt)
        }
        return object
    }

    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}
