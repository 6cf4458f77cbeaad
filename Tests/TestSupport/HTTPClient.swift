import Foundation

/// A blocking HTTP client for tests, built on the `curl` command so it behaves like the curl lines in the README.
public enum TestHTTP {
    /// One response.
    public struct Response: Sendable {
        /// Status code (0 when no response arrived).
        public var status: Int
        /// Header fields, names lower-cased.
        public var headers: [String: String]
        /// Body bytes.
        public var body: Data
        /// Body as text.
        public var text: String { String(decoding: body, as: UTF8.self) }
        /// Body parsed as a JSON object.
        public func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                throw CocoaError(.propertyListReadCorrupt)
            }
            return object
        }
    }

    /// Sends a request with `curl` and returns the response (status 0 if the connection failed).
    public static func request(
        _ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil, timeout: Double = 30,
        extraArguments: [String] = []
    ) throws -> Response {
        let dir = try TestSupport.makeTemporaryDirectory("curl")
        defer { try? FileManager.default.removeItem(at: dir) }
        let headerFile = dir.appendingPathComponent("headers").path
        var arguments = ["-s", "-X", method, "-D", headerFile, "--max-time", String(timeout), "-o", "-"]
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { arguments += ["-H", "\(name): \(value)"] }
        if let body { arguments += ["--data-binary", "@-"] }
        arguments += extraArguments + [url]
        let result = try TestSupport.run("/usr/bin/curl", arguments, environment: [:], stdin: body ?? Data())
        let rawHeaders = (try? String(contentsOfFile: headerFile, encoding: .utf8)) ?? ""
        // With 100-continue or redirects several header blocks appear; the last one is the response's.
        let blocks = rawHeaders.components(separatedBy: "\r\n\r\n").filter { !$0.isEmpty }
        var status = 0
        var fields: [String: String] = [:]
        if let last = blocks.last {
            let lines = last.components(separatedBy: "\r\n")
            status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                fields[name] = fields[name].map { $0 + ", " + value } ?? value
            }
        }
        return Response(status: status, headers: fields, body: result.stdout)
    }

    /// Waits until something accepts connections at `url` (any HTTP answer), up to `timeout` seconds.
    public static func waitUntilListening(_ url: String, timeout: Double = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let result = try TestSupport.run(
                "/usr/bin/curl", ["-s", "-o", "/dev/null", "--max-time", "1", "-w", "%{http_code}", url],
                environment: [:])
            if result.stdoutText != "000" { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "nothing listens at \(url)"])
    }
}

/// A long-running child process (a server) that is stopped when the test ends.
public final class BackgroundProcess: @unchecked Sendable {
    /// The process.
    public let process: Process
    /// Where stdout and stderr go.
    public let logFile: URL

    /// Starts `executable`; its output goes to a log file.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, currentDirectory: URL? = nil
    ) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.signalResetShim[0])
        process.arguments = Array(TestSupport.signalResetShim.dropFirst()) + [executable] + arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        logFile = try TestSupport.makeTemporaryDirectory("bg").appendingPathComponent("output.log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Everything the process wrote so far.
    public var output: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Stops the process (SIGTERM, then SIGKILL after a second).
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(1)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}
