import Foundation

/// Real web servers started from the configs in deploy/, templated only in paths and ports, on 127.0.0.1.
public enum WebServerKind: String, Sendable, CaseIterable {
    /// Apache 2.4 + mod_cgid.
    case apache
    /// nginx + fcgiwrap.
    case nginx
}

/// A running web server serving the function executables; `stop()` ends every process it started.
public final class WebServer: @unchecked Sendable {
    /// Which server.
    public let kind: WebServerKind
    /// Scratch folder holding configs, logs and the installed executables.
    public let prefix: URL
    /// `http://127.0.0.1:<port>`.
    public let baseURL: String
    private var stopped = false

    /// The executables the deploy configs route to.
    public static let functions = ["health", "send-sms", "inbound-sms", "message-status", "messages", "metrics"]

    /// Installs the built executables into a scratch folder, writes `environment` as the functions' env file, and
    /// starts the server.
    public init(_ kind: WebServerKind, environment: [String: String]) throws {
        self.kind = kind
        prefix = try TestSupport.makeTemporaryDirectory("web-\(kind.rawValue)")
        let port = try TestSupport.freePort()
        baseURL = "http://127.0.0.1:\(port)"
        let fm = FileManager.default
        for dir in ["logs", "run", "htdocs", "tmp", "libexec", "data"] {
            try fm.createDirectory(at: prefix.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: prefix.path)
        for function in Self.functions {
            let source = TestSupport.productsDirectory.appendingPathComponent(function)
            let target = prefix.appendingPathComponent("libexec/\(function)")
            try fm.copyItem(at: source, to: target)
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: target.path)
        }
        // The functions run as www-data: the data folder (SQLite) must be theirs.
        _ = try TestSupport.run("/bin/chown", ["-R", "www-data:www-data", prefix.appendingPathComponent("data").path])
        let envFile = prefix.appendingPathComponent("functions.env")
        // `@DATA@` in a value names the server's own data folder, which the functions (www-data) can write.
        let dataPath = prefix.appendingPathComponent("data").path
        try environment.sorted(by: { $0.key < $1.key })
            .map { "\($0.key)=\($0.value.replacingOccurrences(of: "@DATA@", with: dataPath))" }.joined(separator: "\n")
            .write(to: envFile, atomically: true, encoding: .utf8)
        try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: envFile.path)

        let socket = prefix.appendingPathComponent("run/fcgiwrap.sock").path
        let substitutions = [
            "@PREFIX@": prefix.path, "@PORT@": String(port), "@LIBEXEC@": prefix.appendingPathComponent("libexec").path,
            "@ENV_FILE@": envFile.path, "@FCGIWRAP_SOCKET@": socket,
        ]
        func template(_ source: String, _ target: String) throws {
            var text = try String(
                contentsOf: TestSupport.packageRoot.appendingPathComponent("deploy/\(source)"), encoding: .utf8)
            for (key, value) in substitutions { text = text.replacingOccurrences(of: key, with: value) }
            try text.write(to: prefix.appendingPathComponent(target), atomically: true, encoding: .utf8)
        }
        switch kind {
        case .apache:
            try template("apache/httpd-standalone.conf", "httpd.conf")
            try template("apache/sms-functions.conf", "sms-functions.conf")
            let status = try TestSupport.runDaemonizing(
                "/usr/sbin/apache2", ["-f", prefix.appendingPathComponent("httpd.conf").path, "-k", "start"],
                environment: ["PATH": "/usr/sbin:/usr/bin:/bin"], logFile: startLog)
            guard status == 0 else { throw WebServerError(message: "apache2: \(startOutput)") }
        case .nginx:
            try template("nginx/nginx-standalone.conf", "nginx.conf")
            try template("nginx/sms-functions.conf", "sms-functions.conf")
            let start = TestSupport.packageRoot.appendingPathComponent("deploy/nginx/fcgiwrap-start.sh").path
            let fcgi = try TestSupport.runDaemonizing(
                "/bin/sh", [start, socket, prefix.appendingPathComponent("run/fcgiwrap.pid").path, "4"],
                environment: ["PATH": "/usr/sbin:/usr/bin:/bin"], logFile: startLog)
            guard fcgi == 0 else { throw WebServerError(message: "fcgiwrap: \(startOutput)") }
            let status = try TestSupport.runDaemonizing(
                "/usr/sbin/nginx", nginxArguments(), environment: ["PATH": "/usr/sbin:/usr/bin:/bin"], logFile: startLog
            )
            guard status == 0 else { throw WebServerError(message: "nginx: \(startOutput)") }
        }
        try TestHTTP.waitUntilListening(baseURL + "/health")
    }

    private var startLog: URL { prefix.appendingPathComponent("logs/start.log") }
    private var startOutput: String { (try? String(contentsOf: startLog, encoding: .utf8)) ?? "" }

    private func nginxArguments() -> [String] {
        [
            "-p", prefix.path, "-c", prefix.appendingPathComponent("nginx.conf").path,
            "-e", prefix.appendingPathComponent("logs/error.log").path,
        ]
    }

    /// The server's error log (CGI stderr lands here).
    public var errorLog: String {
        (try? String(contentsOf: prefix.appendingPathComponent("logs/error.log"), encoding: .utf8)) ?? ""
    }

    /// Stops the server and every worker it started (by pid file / process group) and waits until they are gone.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        let env = ["PATH": "/usr/sbin:/usr/bin:/bin"]
        let pidFile: URL
        switch kind {
        case .apache:
            pidFile = prefix.appendingPathComponent("run/httpd.pid")
            _ = try? TestSupport.runDaemonizing(
                "/usr/sbin/apache2", ["-f", prefix.appendingPathComponent("httpd.conf").path, "-k", "stop"],
                environment: env, logFile: prefix.appendingPathComponent("logs/stop.log"))
        case .nginx:
            pidFile = prefix.appendingPathComponent("run/nginx.pid")
            _ = try? TestSupport.runDaemonizing(
                "/usr/sbin/nginx", nginxArguments() + ["-s", "quit"], environment: env,
                logFile: prefix.appendingPathComponent("logs/stop.log"))
            let stop = TestSupport.packageRoot.appendingPathComponent("deploy/nginx/fcgiwrap-stop.sh").path
            _ = try? TestSupport.run(
                "/bin/sh",
                [
                    stop, prefix.appendingPathComponent("run/fcgiwrap.sock").path,
                    prefix.appendingPathComponent("run/fcgiwrap.pid").path,
                ], environment: env)
        }
        let deadline = Date().addingTimeInterval(5)
        while FileManager.default.fileExists(atPath: pidFile.path) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    deinit { stop() }
}

/// A server failed to start; the message carries its own complaint.
public struct WebServerError: Error, CustomStringConvertible {
    /// What the server said.
    public var message: String
    /// The message.
    public var description: String { message }
}
