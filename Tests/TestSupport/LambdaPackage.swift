import Foundation

/// The zips `deploy/lambda/package.sh` makes from the built (debug) executables, and each one unzipped.
public struct LambdaPackage: Sendable {
    /// Scratch folder holding `dist/` and one unzipped folder per function.
    public let directory: URL
    /// `function name → zip`.
    public let zips: [String: URL]
    /// `function name → the names the zip holds`.
    public let entries: [String: [String]]
    /// `function name → unzipped bootstrap`.
    public let bootstraps: [String: URL]
    /// What package.sh printed.
    public let log: String

    /// Runs package.sh with `SKIP_BUILD=1` on `productsDirectory` (the test run's own build unless given), then
    /// lists and unzips each zip.
    public static func make(productsDirectory: String = TestSupport.productsDirectory.path) throws -> LambdaPackage {
        let directory = try TestSupport.makeTemporaryDirectory("lambda-package")
        let dist = directory.appendingPathComponent("dist")
        let script = TestSupport.packageRoot.appendingPathComponent("deploy/lambda/package.sh").path
        let result = try TestSupport.run(
            "/bin/bash", [script, dist.path],
            environment: [
                "PATH": "/usr/bin:/bin", "SKIP_BUILD": "1", "PRODUCTS_DIR": productsDirectory,
            ])
        let log = result.stdoutText + result.stderrText
        guard result.status == 0 else { throw WebServerError(message: "package.sh failed: \(log)") }
        var zips: [String: URL] = [:]
        var entries: [String: [String]] = [:]
        var bootstraps: [String: URL] = [:]
        for function in WebServer.functions {
            let zip = dist.appendingPathComponent("\(function).zip")
            zips[function] = zip
            let listing = try TestSupport.run(
                "/usr/bin/unzip", ["-Z1", zip.path], environment: ["PATH": "/usr/bin:/bin"])
            entries[function] = listing.stdoutText.split(separator: "\n").map(String.init)
            let target = directory.appendingPathComponent(function)
            let unzip = try TestSupport.run(
                "/usr/bin/unzip", ["-q", zip.path, "-d", target.path], environment: ["PATH": "/usr/bin:/bin"])
            guard unzip.status == 0 else { throw WebServerError(message: "unzip \(function): \(unzip.stderrText)") }
            bootstraps[function] = target.appendingPathComponent("bootstrap")
        }
        return LambdaPackage(directory: directory, zips: zips, entries: entries, bootstraps: bootstraps, log: log)
    }
}
