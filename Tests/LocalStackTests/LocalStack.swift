import Foundation
import TestSupport

/// `sms-local` started as a process on free ports with its own data folder and working directory (so no `.env`
/// of the developer's is read), stopped by `stop()` or when released.
final class LocalStack: @unchecked Sendable {
    let port: Int
    let sandboxPort: Int
    let directory: URL
    let dataDirectory: URL
    let process: BackgroundProcess
    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// What went wrong at start, with sms-local's output.
    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts sms-local and waits for its banner (up to 30 s).
    init(arguments: [String] = [], environment: [String: String] = [:]) throws {
        port = try TestSupport.freePort()
        var sandbox = try TestSupport.freePort()
        while sandbox == port { sandbox = try TestSupport.freePort() }
        sandboxPort = sandbox
        directory = try TestSupport.makeTemporaryDirectory("sms-local")
        dataDirectory = directory.appendingPathComponent("data")
        var env = ["PATH": "/usr/local/bin:/usr/bin:/bin", "LOG_LEVEL": "info"]
        env.merge(environment) { $1 }
        process = try BackgroundProcess(
            Self.executable,
            ["--port", String(port), "--sandbox-port", String(sandbox), "--data", dataDirectory.path] + arguments,
            environment: env, currentDirectory: directory)
        let deadline = Date().addingTimeInterval(30)
        while !output.contains("sms-local is running.") {
            guard process.process.isRunning, Date() < deadline else {
                stop()
                throw StartError(description: "sms-local did not start:\n\(output)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    deinit { stop() }

    static var executable: String { TestSupport.productsDirectory.appendingPathComponent("sms-local").path }

    /// Everything sms-local printed (banner and logs).
    var output: String { process.output }

    /// Stops sms-local.
    func stop() { process.stop() }

    /// The API token from the banner.
    var apiToken: String {
        output.split(separator: "\n").first { $0.hasPrefix("API token: ") }.map { String($0.dropFirst(11)) } ?? ""
    }

    /// A generated credential from `data/sms-local.env`.
    func generated(_ name: String) throws -> String {
        let text = try String(contentsOf: dataDirectory.appendingPathComponent("sms-local.env"), encoding: .utf8)
        let line = text.split(separator: "\n").first { $0.hasPrefix(name + "=") }
        return line.map { String($0.dropFirst(name.count + 1)) } ?? ""
    }

    /// A request to the gateway with the API token.
    func call(_ method: String, _ path: String, json: String? = nil, headers: [String: String] = [:]) throws
        -> TestHTTP.Response
    {
        var all = ["Authorization": "Bearer \(apiToken)"]
        if json != nil { all["Content-Type"] = "application/json" }
        all.merge(headers) { $1 }
        return try TestHTTP.request(method, baseURL + path, headers: all, body: json.map { Data($0.utf8) })
    }

    /// Sends an SMS through `/send-sms`; returns the answer.
    func send(to: String, text: String = "Hello from the tests") throws -> TestHTTP.Response {
        try call("POST", "/send-sms", json: #"{"to":"\#(to)","text":"\#(text)"}"#)
    }

    /// Polls `GET /messages/{uuid}` until its status is `status` (or `timeout` passes); returns the last message.
    func waitForMessage(_ uuid: String, status: String, timeout: TimeInterval = 10) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        var last: [String: Any] = [:]
        repeat {
            let response = try call("GET", "/messages/\(uuid)")
            if response.status == 200 { last = try response.json() }
            if last["status"] as? String == status { return last }
            Thread.sleep(forTimeInterval: 0.1)
        } while Date() < deadline
        return last
    }
}
