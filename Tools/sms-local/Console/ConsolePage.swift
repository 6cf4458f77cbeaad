/// The console's HTML: a shell that the script fills. Nothing in it comes from a message, and it loads only
/// sms-local's own script and style sheet (the console works without any network but loopback).
enum ConsolePage {
    static let html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>sms-local console</title>
        <link rel="stylesheet" href="/console/console.css">
        </head>
        <body>
        <header>
          <h1>sms-local console</h1>
          <span id="connection" role="status">starting…</span>
        </header>
        <section id="token-panel" hidden>
          <form id="token-form">
            <label>API token <input id="token-input" type="password" autocomplete="off" required></label>
            <button type="submit">Use this token</button>
          </form>
          <p>The token is the <code>API token:</code> line of sms-local's banner; the console link the banner
          prints carries it already. It stays in this browser tab only.</p>
          <p id="token-error" class="error"></p>
        </section>
        <main id="console" hidden>
          <section class="forms">
        \(messageForm("send", "Send an SMS", number: "To", example: "447700900123", button: "Send"))
        \(messageForm("inbound", "Simulate an inbound SMS", number: "From", example: "447700900555", button: "Receive"))
            <figure id="chart-panel">
              <figcaption>Last hour by status (5-minute bars)</figcaption>
              <svg id="chart" viewBox="0 0 360 140" role="img" aria-label="messages of the last hour by status"></svg>
              <ul id="chart-legend"></ul>
            </figure>
          </section>
          <section>
            <h2>Recent messages</h2>
            <table id="messages">
              <thead>
                <tr><th>Created</th><th>Direction</th><th>From</th><th>To</th><th>Text</th><th>Status</th>
                <th>Error</th><th>History</th></tr>
              </thead>
              <tbody id="message-rows"></tbody>
            </table>
          </section>
        </main>
        <script src="/console/console.js"></script>
        </body>
        </html>

        """

    /// One of the two forms: a phone number (`To` or `From`), a text, a button and a line for the answer.
    static func messageForm(_ id: String, _ title: String, number: String, example: String, button: String)
        -> String
    {
        """
            <form id="\(id)-form">
              <h2>\(title)</h2>
              <label>\(number)
                <input id="\(id)-\(number.lowercased())" name="\(number.lowercased())" required
                  placeholder="\(example)">
              </label>
              <label>Text <textarea id="\(id)-text" name="text" required rows="2"></textarea></label>
              <button id="\(id)-submit" type="submit">\(button)</button>
              <p id="\(id)-result" role="status"></p>
            </form>
        """
    }
}
