import Foundation

/// The real AWS Lambda Runtime Interface Emulator running one `bootstrap`, bound to 127.0.0.1. One invocation in
/// flight at a time: the emulator crashes on concurrent invokes.
public final class LambdaEmulator: @unchecked Sendable {
    /// The emulator binary (`SMS_TEST_RIE`, else `.tools/aws-lambda-rie`, installed by scripts/test-deps.sh).
    public static var binary: String {
        ProcessInfo.processInfo.environment["SMS_TEST_RIE"]
            ?? TestSupport.packageRoot.appendingPathComponent(".tools/aws-lambda-rie").path
    }

    /// The emulator process (stdout/stderr: the function's logs).
    public let process: BackgroundProcess
    /// Where an invocation is posted.
    public let invokeURL: String

    /// Starts the emulator for `bootstrap` with exactly `environment` (plus a function timeout).
    public init(bootstrap: String, environment: [String: String], timeoutSeconds: Int = 20) throws {
        let port = try TestSupport.freePort()
        let apiPort = try TestSupport.freePort()
        var env = environment
        env["AWS_LAMBDA_FUNCTION_TIMEOUT"] = String(timeoutSeconds)
        // Always both addresses: the emulator's default is 0.0.0.0:8080.
        process = try BackgroundProcess(
            Self.binary,
            [
                "--runtime-interface-emulator-address", "127.0.0.1:\(port)", "--runtime-api-address",
                "127.0.0.1:\(apiPort)", "--log-level", "error", bootstrap,
            ],
            environment: env, currentDirectory: URL(fileURLWithPath: bootstrap).deletingLastPathComponent())
        let base = "http://127.0.0.1:\(port)"
        invokeURL = base + "/2015-03-31/functions/function/invocations"
        try TestHTTP.waitUntilListening(base + "/")
    }

    /// Invokes the function with `event` and returns the raw invocation result.
    public func invoke(_ event: Data) throws -> Data {
        let response = try TestHTTP.request("POST", invokeURL, body: event)
        guard response.status == 200 else {
            throw WebServerError(message: "invoke answered \(response.status): \(response.text)\n\(process.output)")
        }
        return response.body
    }

    /// Stops the emulator and the function under it.
    public func stop() { process.stop() }

    deinit { stop() }
}
