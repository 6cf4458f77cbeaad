/// What sms-local prints once it listens: where things are, the API token, and curl lines to paste.
enum Banner {
    /// A recipient that the sandbox delivers to.
    static let sampleRecipient = "447700900123"

    static func text(for setup: LocalSetup) -> String {
        let base = setup.gatewayURL
        let auth = "-H 'Authorization: Bearer \(setup.apiToken)'"
        var lines = [
            "sms-local is running.",
            "  gateway   \(base)  (functions from \(setup.functionsDirectory.path))",
            // The token travels in the fragment, which the browser keeps to itself.
            "  console   \(base)/#token=\(setup.apiToken)",
        ]
        switch setup.mode {
        case .sandbox:
            lines.append("  sandbox   \(setup.sandboxURL)/v1/messages  (Vonage Messages API emulation)")
            lines.append(
                "            application \(setup.credentials?.applicationID ?? ""), key "
                    + "\(setup.credentials?.privateKeyPath ?? "")")
            if let certificate = setup.certificate {
                lines.append("            HTTPS certificate (trust it as a CA) \(certificate.certificatePath)")
            }
        case .realVonage:
            lines.append(
                "  Vonage    real credentials found: the sandbox is off; sends go to "
                    + "\(setup.functionEnvironment["VONAGE_API_URL"] ?? "https://api.nexmo.com")")
            lines.append(
                "            point your application's Inbound/Status URLs at a tunnel to \(base)"
                    + "/webhooks/inbound and /webhooks/status")
        }
        lines += [
            "  data      \(setup.dataDirectory.path)  "
                + "(DATABASE_URL=\(setup.functionEnvironment["DATABASE_URL"] ?? ""))",
            "",
            "API token: \(setup.apiToken)",
            "",
            "Send an SMS and read its history (paste both lines):",
            "  uuid=$(curl -sS -X POST \(base)/send-sms \(auth) -H 'Content-Type: application/json' "
                + "-d '{\"to\":\"\(sampleRecipient)\",\"text\":\"Hello from sms-local\"}' | tee /dev/stderr "
                + "| sed -n 's/.*\"message_uuid\" *: *\"\\([^\"]*\\)\".*/\\1/p'); echo",
            "  sleep 2; curl -sS \(base)/messages/$uuid \(auth); echo",
        ]
        if setup.mode == .sandbox {
            lines += [
                "Receive an SMS (STOP opts the sender out; START opts back in), then list inbound messages:",
                "  curl -sS -X POST \(base)/sandbox/inbound -H 'Content-Type: application/json' "
                    + "-d '{\"from\":\"\(sampleRecipient)\",\"text\":\"Hello back\"}'; echo",
                "  curl -sS '\(base)/messages?direction=inbound' \(auth); echo",
                "",
                "Test numbers (last four digits of \"to\"):",
            ]
            for entry in TestNumbers.table { lines.append("  …\(entry.suffix)  \(entry.summary)") }
            lines.append("  other  submitted, then delivered")
        }
        return lines.joined(separator: "\n")
    }
}
