import Foundation

/// `Tests/Python/fake_vonage.py` as a child process: a loopback Messages API that checks the JWT and body and
/// answers from a scenario. Start one per test; it is stopped by `stop()` or when the value is released.
public final class FakeVonage: @unchecked Sendable {
    /// The port it listens on (127.0.0.1).
    public let port: Int
    /// `http://127.0.0.1:<port>` (or `https://` with TLS).
    public let baseURL: String
    /// Its JSON-lines request log.
    public let logURL: URL
    /// Its stderr, kept for failure messages.
    public let stderrURL: URL
    private let process: Process
    private let lock = NSLock()
    private var stopped = false

    /// Startup failures.
    public struct StartError: Error, CustomStringConvertible {
        /// What went wrong, with the fake's stderr.
        public let description: String
    }

    /// TLS material for serving HTTPS.
    public struct TLS: Sendable {
        /// Certificate PEM path.
        public var certificatePath: String
        /// Private key PEM path.
        public var keyPath: String
        /// Builds the pair.
        public init(certificatePath: String, keyPath: String) {
            self.certificatePath = certificatePath
            self.keyPath = keyPath
        }
    }

    /// Path of the Python script.
    public static var scriptPath: String {
        TestSupport.packageRoot.appendingPathComponent("Tests/Python/fake_vonage.py").path
    }

    /// Starts the fake and waits (up to 15 s) for its `PORT <n>` line.
    ///
    /// - Parameters:
    ///   - publicKeyPath: SPKI PEM that verifies the client's RS256 JWTs.
    ///   - scenario: JSON text of the response list (see the script's docstring); `nil` = always 202.
    ///   - applicationId: when given, the JWT's `application_id` must equal it.
    public init(
        publicKeyPath: String,
        scenario: String? = nil,
        applicationId: String? = nil,
        tls: TLS? = nil
    ) throws {
        try TestService.venv.require()
        let dir = try TestSupport.makeTemporaryDirectory("fake-vonage")
        logURL = dir.appendingPathComponent("requests.jsonl")
        stderrURL = dir.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: Data())
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: Data())
        var arguments = [Self.scriptPath, "--public-key", publicKeyPath, "--log", logURL.path]
        if let scenario {
            let scenarioURL = dir.appendingPathComponent("scenario.json")
            try Data(scenario.utf8).write(to: scenarioURL)
            arguments += ["--scenario", scenarioURL.path]
        }
        if let applicationId { arguments += ["--application-id", applicationId] }
        if let tls { arguments += ["--tls-cert", tls.certificatePath, "--tls-key", tls.keyPath] }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.python)
        process.arguments = arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process

        let line = Self.readFirstLine(stdout.fileHandleForReading, timeout: 15)
        guard let line, line.hasPrefix("PORT "), let port = Int(line.dropFirst(5)) else {
            process.terminate()
            process.waitUntilExit()
            let stderr = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
            throw StartError(description: "fake_vonage.py did not start: \(line ?? "no output")\n\(stderr)")
        }
        self.port = port
        baseURL = "\(tls == nil ? "http" : "https")://127.0.0.1:\(port)"
    }

    deinit { stop() }

    /// Terminates the fake and waits for it to exit.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        guard process.isRunning else { return }
        process.terminate()
        // Children spawned from a dispatch worker inherit its blocked signal mask, so SIGTERM may be ignored;
        // SIGKILL cannot be blocked.
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// The requests logged so far, one dictionary per request (keys: n, method, path, headers, body,
    /// jwt_header, jwt_claims, status).
    public func requests() throws -> [[String: Any]] {
        let text = try String(contentsOf: logURL, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw StartError(description: "log line is not an object")
            }
            return object
        }
    }

    private static func readFirstLine(_ handle: FileHandle, timeout: TimeInterval) -> String? {
        let box = LineBox()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            var buffer = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    box.set(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                    break
                }
            }
            done.signal()
        }
        _ = done.wait(timeout: .now() + timeout)
        return box.get()
    }
}

private final class LineBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String?
    func set(_ line: String) { lock.withLock { value = line } }
    func get() -> String? { lock.withLock { value } }
}
