import Foundation

/// Debian's headless Chromium driven through Debian's chromedriver (W3C WebDriver over HTTP on 127.0.0.1), for
/// tests that use a page as a person would: type, click, read what is shown, take a screenshot. Chromium resolves
/// no host name and sends anything not on loopback to a closed port, so a page that needs the network fails.
public final class HeadlessChromium: @unchecked Sendable {
    private let driver: BackgroundProcess
    private let driverURL: String
    private let session: String

    /// What WebDriver or Chromium answered when a command failed.
    public struct Failure: Error, CustomStringConvertible {
        /// The command and the answer.
        public var description: String
    }

    /// Starts chromedriver on a free port and opens a Chromium session with its own profile folder.
    public init(windowSize: (width: Int, height: Int) = (1280, 900)) throws {
        let port = try TestSupport.freePort()
        driverURL = "http://127.0.0.1:\(port)"
        let profile = try TestSupport.makeTemporaryDirectory("chromium-profile")
        driver = try BackgroundProcess(
            "/usr/bin/chromedriver", ["--port=\(port)"], environment: ["PATH": "/usr/bin:/bin", "HOME": profile.path])
        let deadline = Date().addingTimeInterval(20)
        while (try? TestHTTP.request("GET", driverURL + "/status", timeout: 2).status) != 200 {
            guard driver.process.isRunning, Date() < deadline else {
                throw Failure(description: "chromedriver did not start: \(driver.output)")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--user-data-dir=\(profile.path)", "--window-size=\(windowSize.width),\(windowSize.height)",
            "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
            "--no-pings", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            "--proxy-server=http://127.0.0.1:9",
        ]
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:chromeOptions": ["binary": "/usr/bin/chromium", "args": arguments],
                ]
            ]
        ]
        let answer = try Self.call(driverURL, "POST", "/session", capabilities)
        guard let id = (answer as? [String: Any])?["sessionId"] as? String else {
            driver.stop()
            throw Failure(description: "no session: \(answer ?? "nil")\n\(driver.output)")
        }
        session = id
    }

    deinit { quit() }

    /// Ends the session (Chromium exits) and stops chromedriver.
    public func quit() {
        guard driver.process.isRunning else { return }
        _ = try? Self.call(driverURL, "DELETE", "/session/\(session)", nil)
        driver.stop()
    }

    /// Opens `url` and waits for its load event.
    public func open(_ url: String) throws {
        _ = try command("POST", "/url", ["url": url])
    }

    /// Types `text` into the element `selector` finds.
    public func type(_ selector: String, _ text: String) throws {
        _ = try command("POST", "/element/\(try element(selector))/value", ["text": text])
    }

    /// Clicks the element `selector` finds.
    public func click(_ selector: String) throws {
        _ = try command("POST", "/element/\(try element(selector))/click", [:])
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page and returns its result.
    public func evaluate(_ script: String, _ args: [Any] = []) throws -> Any? {
        try command("POST", "/execute/sync", ["script": script, "args": args])
    }

    /// The page's current DOM, serialized.
    public func source() throws -> String {
        try command("GET", "/source", nil) as? String ?? ""
    }

    /// A PNG of the viewport.
    public func screenshot() throws -> Data {
        guard let base64 = try command("GET", "/screenshot", nil) as? String, let png = Data(base64Encoded: base64)
        else { throw Failure(description: "screenshot: no image") }
        return png
    }

    /// Polls `script` until it returns `true` (up to `timeout` seconds); whether it did.
    public func waitUntil(_ script: String, timeout: TimeInterval = 30) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if try evaluate(script) as? Bool == true { return true }
            Thread.sleep(forTimeInterval: 0.2)
        } while Date() < deadline
        return false
    }

    private func element(_ selector: String) throws -> String {
        let found = try command("POST", "/element", ["using": "css selector", "value": selector]) as? [String: Any]
        guard let id = found?.values.first as? String else { throw Failure(description: "no element \(selector)") }
        return id
    }

    private func command(_ method: String, _ path: String, _ body: [String: Any]?) throws -> Any? {
        try Self.call(driverURL, method, "/session/\(session)" + path, body)
    }

    /// One WebDriver command; its `value`, or a `Failure` carrying WebDriver's error.
    private static func call(_ base: String, _ method: String, _ path: String, _ body: [String: Any]?) throws -> Any? {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let response = try TestHTTP.request(
            method, base + path, headers: data == nil ? [:] : ["Content-Type": "application/json"], body: data,
            timeout: 60)
        let json = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        guard response.status == 200 else {
            throw Failure(description: "\(method) \(path): \(response.status) \(response.text.prefix(2000))")
        }
        return json?["value"]
    }
}
