import Foundation
import TestSupport
import Vonage

/// Keys and helpers shared by the Vonage tests; keys are generated once per test run in a temp dir.
enum Fixtures {
    static let applicationId = "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"

    private static let generated: Result<TestRSAKeys, any Error> = Result { try TestRSAKeys.generate() }

    static func keys() throws -> TestRSAKeys { try generated.get() }

    static func pem(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    static func privateKey() throws -> VonagePrivateKey { try VonagePrivateKey.fromFile(path: keys().pkcs8Path) }

    /// Runs a Python snippet with the test venv; throws with stderr when it fails.
    static func python(_ script: String, _ arguments: [String] = []) throws -> String {
        let result = try TestSupport.run(
            TestSupport.python, ["-c", script] + arguments, environment: ProcessInfo.processInfo.environment)
        guard result.status == 0 else { throw PythonError(description: result.stderrText) }
        return result.stdoutText
    }

    struct PythonError: Error, CustomStringConvertible {
        let description: String
    }

    /// The middle of a PEM's base64 body: text that must never appear in an error message.
    static func keyMaterialSample(_ pem: String) -> String {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }
        return String(body[body.count / 2].prefix(24))
    }
}
