import Foundation
import FunctionRuntime

/// Everything sms-local decides before it listens: sandbox or real Vonage, the credentials, the functions'
/// environment, and where the executables are.
struct LocalSetup: Sendable {
    /// Whether the built-in sandbox stands in for Vonage.
    enum Mode: Equatable, Sendable {
        case sandbox
        case realVonage
    }

    let options: Options
    let mode: Mode
    let functionsDirectory: URL
    let dataDirectory: URL
    /// The configuration every function runs with (CGI variables are added per request).
    let functionEnvironment: [String: String]
    /// The token the curl lines use (the first of `SMS_API_TOKEN`).
    let apiToken: String
    /// The sandbox's application and secret (sandbox mode only).
    let credentials: LocalCredentials?
    /// The sandbox's HTTPS certificate (`--tls` only).
    let certificate: SelfSignedCertificate?

    /// The number that receives simulated inbound SMS and sends by default.
    static let sandboxNumber = "447700900000"

    /// A setup problem to report before exiting.
    struct SetupError: Error, CustomStringConvertible {
        var description: String
    }

    var gatewayURL: String { "http://\(urlHost(options.host)):\(options.port)" }
    var sandboxURL: String { Self.sandboxURL(options) }

    /// The sandbox's base URL, which the functions get as `VONAGE_API_URL`.
    static func sandboxURL(_ options: Options) -> String {
        "\(options.tls ? "https" : "http")://127.0.0.1:\(options.effectiveSandboxPort)"
    }
    var recipientNumber: String { functionEnvironment["VONAGE_NUMBER"] ?? Self.sandboxNumber }

    private func urlHost(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }

    /// True when the environment names a Vonage application and its private key.
    static func hasVonageCredentials(_ environment: FunctionEnvironment) -> Bool {
        environment["VONAGE_APPLICATION_ID"] != nil
            && ["VONAGE_PRIVATE_KEY_PATH", "VONAGE_PRIVATE_KEY", "VONAGE_PRIVATE_KEY_BASE64"].contains {
                environment[$0] != nil
            }
    }

    /// Reads the environment and `.env`, makes or loads the generated credentials, and checks the executables.
    static func prepare(options: Options, processEnvironment: [String: String]) throws -> LocalSetup {
        let user = FunctionEnvironment.load(processEnvironment: processEnvironment)
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let dataDirectory = URL(fileURLWithPath: options.dataDirectory, relativeTo: cwd).standardizedFileURL
        let functionsDirectory = try locateFunctions(options.functionsDirectory, cwd: cwd)
        let mode: Mode = hasVonageCredentials(user) ? .realVonage : .sandbox
        if mode == .realVonage && options.tls {
            throw SetupError(description: "--tls serves the sandbox, which is off with real Vonage credentials")
        }
        let credentials = try LocalCredentials.loadOrCreate(in: dataDirectory)
        var environment = user.values
        environment["SMS_API_TOKEN"] = user["SMS_API_TOKEN"] ?? credentials.apiToken
        environment["DATABASE_URL"] =
            user["DATABASE_URL"]
            ?? "sqlite://" + dataDirectory.appendingPathComponent("sms.sqlite").path
        var certificate: SelfSignedCertificate?
        if mode == .sandbox {
            for name in ["VONAGE_PRIVATE_KEY", "VONAGE_PRIVATE_KEY_BASE64", "VONAGE_CA_FILE"] {
                environment.removeValue(forKey: name)
            }
            environment["VONAGE_APPLICATION_ID"] = credentials.applicationID
            environment["VONAGE_PRIVATE_KEY_PATH"] = credentials.privateKeyPath
            environment["VONAGE_SIGNATURE_SECRET"] = user["VONAGE_SIGNATURE_SECRET"] ?? credentials.signatureSecret
            environment["VONAGE_NUMBER"] = user["VONAGE_NUMBER"] ?? sandboxNumber
            environment["VONAGE_API_URL"] = sandboxURL(options)
            if options.tls {
                let made = try SelfSignedCertificate.loadOrCreate(in: dataDirectory)
                environment["VONAGE_CA_FILE"] = made.certificatePath
                certificate = made
            }
        }
        return LocalSetup(
            options: options, mode: mode, functionsDirectory: functionsDirectory, dataDirectory: dataDirectory,
            functionEnvironment: environment,
            apiToken: String((environment["SMS_API_TOKEN"] ?? "").split(separator: ",").first ?? "")
                .trimmingCharacters(in: .whitespaces),
            credentials: mode == .sandbox ? credentials : nil, certificate: certificate)
    }

    /// `--functions DIR`, else the folder sms-local itself was built into; every function must be there.
    static func locateFunctions(_ given: String?, cwd: URL) throws -> URL {
        let directory: URL
        if let given {
            directory = URL(fileURLWithPath: given, relativeTo: cwd).standardizedFileURL
        } else {
            let own = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0], relativeTo: cwd)
            directory = own.resolvingSymlinksInPath().deletingLastPathComponent()
        }
        let missing = GatewayRoutes.functions.filter {
            !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent($0).path)
        }
        guard missing.isEmpty else {
            throw SetupError(
                description: "\(directory.path) lacks the function executables \(missing.joined(separator: ", ")); "
                    + "build them with `swift build` (or `make run`), or name their folder with --functions DIR")
        }
        return directory
    }
}
