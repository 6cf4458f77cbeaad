import Primitives

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Everything the Messages client needs, read once at process start.
public struct VonageClientConfiguration: Sendable {
    /// The Vonage application id (the JWT's `application_id`).
    public let applicationId: String
    /// The application's private key.
    public let privateKey: VonagePrivateKey
    /// Base URL without trailing slash; requests go to `{baseURL}/v1/messages`.
    public let baseURL: String
    /// Total time budget of one send, retries included, in seconds.
    public let timeout: Double
    /// Retries after the first attempt (429, 5xx and connection failures only).
    public let maxRetries: Int
    /// The certificate authorities trusted for `https://` (`TLSTrust.fromEnvironment` gives the order).
    public let tlsTrust: TLSTrust

    /// The public Messages API host.
    public static let defaultBaseURL = "https://api.nexmo.com"
    /// `VONAGE_TIMEOUT_MS` default, in seconds.
    public static let defaultTimeout = 10.0
    /// `VONAGE_MAX_RETRIES` default.
    public static let defaultMaxRetries = 3
    /// Upper bound for `VONAGE_MAX_RETRIES`: more would only multiply duplicate-send risk.
    public static let maxRetriesLimit = 10

    /// Builds a configuration, validating the base URL and limits.
    public init(
        applicationId: String,
        privateKey: VonagePrivateKey,
        baseURL: String = Self.defaultBaseURL,
        timeout: Double = Self.defaultTimeout,
        maxRetries: Int = Self.defaultMaxRetries,
        tlsTrust: TLSTrust = .system
    ) throws(VonageConfigurationError) {
        guard !applicationId.isEmpty else { throw .missing("VONAGE_APPLICATION_ID") }
        guard timeout > 0, timeout.isFinite else { throw .invalid("VONAGE_TIMEOUT_MS", "must be a positive number") }
        guard (0...Self.maxRetriesLimit).contains(maxRetries) else {
            throw .invalid("VONAGE_MAX_RETRIES", "must be an integer from 0 to \(Self.maxRetriesLimit)")
        }
        self.applicationId = applicationId
        self.privateKey = privateKey
        self.baseURL = try VonageBaseURL.validate(baseURL)
        self.timeout = timeout
        self.maxRetries = maxRetries
        self.tlsTrust = tlsTrust
    }

    /// The trust the environment names, checked so that a typo in a variable fails at start, not as a TLS error
    /// on the first send.
    private static func checkedTrust(_ env: [String: String]) throws(VonageConfigurationError) -> TLSTrust {
        let (trust, variable) = TLSTrust.fromEnvironment(env)
        guard let variable else { return trust }
        switch trust {
        case .certificateFile(let path):
            guard TLSTrust.isReadableFile(path) else { throw .invalid(variable, "file not readable") }
        case .certificateDirectory(let paths):
            guard paths.split(separator: ":").allSatisfy({ TLSTrust.isDirectory(String($0)) }) else {
                throw .invalid(variable, "names a folder that does not exist")
            }
        case .none:
            break
        }
        return trust
    }

    /// Reads the `VONAGE_*` variables (and the CA file variables) from `env`.
    ///
    /// The key comes from the first of `VONAGE_PRIVATE_KEY_PATH`, `VONAGE_PRIVATE_KEY`, `VONAGE_PRIVATE_KEY_BASE64`
    /// that is set. Errors name the variable and never its value.
    public static func fromEnvironment(_ env: [String: String]) throws(VonageConfigurationError) -> Self {
        func value(_ name: String) -> String? {
            guard let raw = env[name] else { return nil }
            let trimmed = raw.trimmingWhitespace()
            return trimmed.isEmpty ? nil : String(trimmed)
        }
        guard let applicationId = value("VONAGE_APPLICATION_ID") else { throw .missing("VONAGE_APPLICATION_ID") }
        let privateKey: VonagePrivateKey
        if let path = value("VONAGE_PRIVATE_KEY_PATH") {
            privateKey = try .fromFile(path: path, variable: "VONAGE_PRIVATE_KEY_PATH")
        } else if let pem = env["VONAGE_PRIVATE_KEY"], !pem.isEmpty {
            privateKey = try .fromPEM(pem, variable: "VONAGE_PRIVATE_KEY")
        } else if let base64 = value("VONAGE_PRIVATE_KEY_BASE64") {
            privateKey = try .fromBase64PEM(base64, variable: "VONAGE_PRIVATE_KEY_BASE64")
        } else {
            throw .invalid(
                "VONAGE_PRIVATE_KEY_PATH",
                "is required (or VONAGE_PRIVATE_KEY / VONAGE_PRIVATE_KEY_BASE64) but none is set"
            )
        }
        var timeout = defaultTimeout
        if let text = value("VONAGE_TIMEOUT_MS") {
            guard let milliseconds = Int(text), milliseconds > 0, milliseconds <= 600_000 else {
                throw .invalid("VONAGE_TIMEOUT_MS", "must be an integer from 1 to 600000")
            }
            timeout = Double(milliseconds) / 1000
        }
        var maxRetries = defaultMaxRetries
        if let text = value("VONAGE_MAX_RETRIES") {
            guard let number = Int(text), (0...maxRetriesLimit).contains(number) else {
                throw .invalid("VONAGE_MAX_RETRIES", "must be an integer from 0 to \(maxRetriesLimit)")
            }
            maxRetries = number
        }
        return try Self(
            applicationId: applicationId,
            privateKey: privateKey,
            baseURL: value("VONAGE_API_URL") ?? defaultBaseURL,
            timeout: timeout,
            maxRetries: maxRetries,
            tlsTrust: try checkedTrust(env)
        )
    }
}
