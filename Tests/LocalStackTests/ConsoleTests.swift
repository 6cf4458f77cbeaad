import Foundation
import TestSupport
import Testing

/// The console sms-local serves at `/`, used in real headless Chromium as a developer would use it.
@Suite("sms-local console", .requires(.chromium))
struct ConsoleTests {
    static let scriptText = "<script>alert(1)</script>"

    @Test func consoleIsServedBySmsLocalAloneUnderAStrictContentSecurityPolicy() throws {
        let stack = try LocalStack()
        defer { stack.stop() }
        let page = try TestHTTP.request("GET", stack.baseURL + "/")
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        let policy = try #require(page.headers["content-security-policy"])
        #expect(policy.contains("default-src 'none'") && policy.contains("script-src 'self'"))
        #expect(policy.contains("connect-src 'self'") && !policy.contains("unsafe-inline"))
        // Everything the page loads is one of sms-local's own paths.
        let references = page.text.matches(of: /(?:src|href)="([^"]*)"/).map { String($0.1) }
        #expect(references.sorted() == ["/console/console.css", "/console/console.js"])
        for path in references {
            let asset = try TestHTTP.request("GET", stack.baseURL + path)
            #expect(asset.status == 200, "\(path)")
            #expect(asset.headers["content-security-policy"] == policy)
            // The only absolute URL is the SVG namespace, a name that is never fetched.
            let urls = asset.text.matches(of: /https?:\/\/[^"' )]+/).map { String($0.0) }
            #expect(urls.allSatisfy { $0 == "http://www.w3.org/2000/svg" }, "\(path): \(urls)")
        }
        #expect(try TestHTTP.request("POST", stack.baseURL + "/").status == 404)
        // The banner's console link carries the API token in the fragment.
        #expect(stack.output.contains("console   \(stack.baseURL)/#token=\(stack.apiToken)"))
    }

    @Test func sentMessageTurnsDeliveredWithoutReloadAndInboundMarkupShowsAsText() throws {
        let stack = try LocalStack()
        defer { stack.stop() }
        let chromium = try HeadlessChromium()
        defer { chromium.quit() }

        // Without a token the page asks for one, and says so when the token is wrong.
        try chromium.open(stack.baseURL + "/")
        #expect(try chromium.evaluate("return document.getElementById('token-panel').hidden") as? Bool == false)
        try chromium.type("#token-input", "not-the-token")
        try chromium.click("#token-form button")
        #expect(try chromium.waitUntil("return document.getElementById('token-error').textContent.includes('refused')"))

        try chromium.open(stack.baseURL + "/#token=\(stack.apiToken)")
        #expect(try chromium.waitUntil("return !document.getElementById('console').hidden"))
        #expect(try chromium.evaluate("return location.hash") as? String == "")
        // Every status the table shows for a message, in order; and a mark that a reload would wipe out.
        _ = try chromium.evaluate(
            """
            window.pageMark = 'not reloaded';
            window.seen = {};
            new MutationObserver(() => {
                for (const row of document.querySelectorAll('#message-rows tr')) {
                    const list = window.seen[row.dataset.uuid] = window.seen[row.dataset.uuid] || [];
                    if (list[list.length - 1] !== row.dataset.status) list.push(row.dataset.status);
                }
            }).observe(document.getElementById('message-rows'), { childList: true });
            """)

        try chromium.type("#send-to", "447700900123")
        try chromium.type("#send-text", "Hello from the console")
        try chromium.click("#send-submit")
        #expect(
            try chromium.waitUntil("return /^[0-9a-f-]{36} /.test(document.getElementById('send-result').textContent)"))
        let result = try chromium.evaluate("return document.getElementById('send-result').textContent") as? String
        let uuid = String(try #require(result?.prefix(36)))
        let row = "document.querySelector('tr[data-uuid=\"\(uuid)\"]')"
        let delivered = try chromium.waitUntil(
            "const r = \(row); return !!r && r.querySelector('td.status').textContent === 'delivered' "
                + "&& r.querySelector('td.history').textContent.includes('delivered')")
        #expect(delivered, "\((try? chromium.source()) ?? "")\n\(stack.output)")
        let seen = try chromium.evaluate("return window.seen[arguments[0]] || []", [uuid]) as? [String]
        #expect(seen?.last == "delivered", "\(seen ?? [])")
        #expect(try chromium.evaluate("return window.pageMark") as? String == "not reloaded")
        let history = try chromium.evaluate("return \(row).querySelector('td.history').textContent") as? String
        #expect(history?.contains("submitted") == true && history?.contains("delivered") == true, "\(history ?? "")")

        try chromium.type("#inbound-from", "447700900555")
        try chromium.type("#inbound-text", Self.scriptText)
        try chromium.click("#inbound-submit")
        let shown = try chromium.waitUntil(
            "return [...document.querySelectorAll('#message-rows td.text')]"
                + ".some((cell) => cell.textContent === '\(Self.scriptText)')")
        #expect(shown, "\((try? chromium.source()) ?? "")")
        #expect(try chromium.evaluate("return document.querySelectorAll('#message-rows script').length") as? Int == 0)
        #expect(try chromium.source().contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(try chromium.evaluate("return window.pageMark") as? String == "not reloaded")

        // The chart of the last hour shows both messages.
        #expect(
            try chromium.waitUntil("return document.getElementById('chart-legend').textContent.includes('received 1')"))
        #expect((try chromium.evaluate("return document.querySelectorAll('#chart rect').length") as? Int ?? 0) >= 2)

        let png = try chromium.screenshot()
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let file = try TestSupport.outputDirectory("console").appendingPathComponent("console.png")
        try png.write(to: file)
        print("console screenshot: \(file.path)")
    }
}
