import Foundation

/// Shared helpers for the test targets: where the package is, which Python to use, and how to run a child process.
public enum TestSupport {
    /// The package root (the folder holding Package.swift), found from this file's location.
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The Python interpreter of the test venv (`SMS_TEST_PYTHON`, else `<root>/.venv/bin/python3`), which has
    /// `vonage`, `pyjwt` and `cryptography` installed by `scripts/test-deps.sh`.
    public static var python: String {
        ProcessInfo.processInfo.environment["SMS_TEST_PYTHON"]
            ?? packageRoot.appendingPathComponent(".venv/bin/python3").path
    }

    /// Where tests leave files for people to look at (screenshots): `SMS_TEST_OUTPUT`, else `.build/test-output`.
    public static func outputDirectory(_ name: String) throws -> URL {
        let root =
            ProcessInfo.processInfo.environment["SMS_TEST_OUTPUT"].map { URL(fileURLWithPath: $0) }
            ?? packageRoot.appendingPathComponent(".build/test-output")
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A new empty temporary directory.
    public static func makeTemporaryDirectory(_ prefix: String = "sms-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The result of a finished child process.
    public struct ProcessResult: Sendable {
        /// Exit status.
        public var status: Int32
        /// Everything written to stdout.
        public var stdout: Data
        /// Everything written to stderr.
        public var stderr: Data
        /// stdout as UTF-8 text.
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        /// stderr as UTF-8 text.
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Runs `executable` with `arguments`, exactly `environment` (not inherited unless passed), and `stdin` bytes.
    public static func run(
        _ executable: String,
        _ arguments: [String] = [],
        environment: [String: String]? = nil,
        stdin: Data = Data(),
        currentDirectory: URL? = nil
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let inPipe = Pipe()
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardInput = inPipe
        process.standardOutput = outPipe
        process.standardError = errPipe
        try process.run()
        // Read both pipes on their own threads so a chatty child never blocks on a full pipe.
        nonisolated(unsafe) var out = Data()
        nonisolated(unsafe) var err = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { out = outPipe.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { err = errPipe.fileHandleForReading.readDataToEndOfFile() }
        inPipe.fileHandleForWriting.write(stdin)
        try? inPipe.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdout: out, stderr: err)
    }

    /// Runs a command that may leave daemons behind (a server's `start`): its output goes to `logFile`, not to
    /// pipes, because a daemon inherits them and reading to EOF would wait for the daemon to exit.
    public static func runDaemonizing(
        _ executable: String, _ arguments: [String], environment: [String: String], logFile: URL
    )
        throws -> Int32
    {
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: daemonShim[0])
        process.arguments = Array(daemonShim.dropFirst()) + [executable] + arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// `runDaemonizing`, returning what the command printed (stdout and stderr, through a file, so a daemon it starts
    /// cannot hold a pipe open).
    public static func runDaemonizingOutput(
        _ executable: String, _ arguments: [String], environment: [String: String], currentDirectory: URL? = nil
    ) throws -> String {
        let log = try makeTemporaryDirectory("daemon-output").appendingPathComponent("output.log")
        var env = environment
        if let currentDirectory { env["PWD"] = currentDirectory.path }
        let status = try runDaemonizing(
            "/bin/sh",
            ["-c", "cd \"$0\" && exec \"$@\"", (currentDirectory ?? packageRoot).path, executable] + arguments,
            environment: env, logFile: log)
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw CocoaError(
                .fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "\(executable) failed: \(output)"])
        }
        return output
    }

    /// A command prefix that execs its arguments with an empty signal mask and default SIGPIPE handling. A child
    /// that `Process` starts from a test thread inherits that thread's mask, which blocks SIGTERM and the signals
    /// servers rely on (Apache's MPM then stalls and `-k stop` does nothing); servers must start through this.
    public static let signalResetShim = [
        "/usr/bin/python3", "-c",
        "import os,signal,sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
            + "signal.signal(signal.SIGPIPE, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])",
    ]

    /// `signalResetShim` that also closes every inherited descriptor above stderr. Foundation's `Process` watches
    /// a descriptor it hands the child to learn that the child ended; a daemon that keeps it open makes
    /// `waitUntilExit()` wait for the daemon instead of the start command.
    public static let daemonShim = [
        "/usr/bin/python3", "-c",
        "import os,signal,sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
            + "signal.signal(signal.SIGPIPE, signal.SIG_DFL); os.closerange(3, 65536); "
            + "os.execv(sys.argv[1], sys.argv[1:])",
    ]

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { ptr -> Int32 in
                guard bind(fd, ptr, len) == 0 else { return -1 }
                return getsockname(fd, ptr, &len)
            }
        }
        guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// The folder of built products for the current test run (`.build/debug` or `SMS_TEST_BIN`).
    public static var productsDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["SMS_TEST_BIN"] { return URL(fileURLWithPath: dir) }
        // The test bundle lives in the products directory next to the executables.
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }
}
