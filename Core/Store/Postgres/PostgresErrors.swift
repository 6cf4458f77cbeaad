/// Sorts PostgreSQL failures into the kinds the functions answer differently, by SQLSTATE
/// (https://www.postgresql.org/docs/current/errcodes-appendix.html). Reasons carry the server's primary message,
/// which names objects but never parameter values, and never the connection URL or password.
enum PostgresErrors {
    /// Deadlocks and serialization failures: the whole transaction is retried, since nothing of it was kept.
    static func isRetryable(_ sqlState: String?) -> Bool { sqlState == "40001" || sqlState == "40P01" }

    /// The store error for a failed statement.
    static func map(sqlState: String?, message: String, connectionLost: Bool) -> StoreError {
        let detail = "PostgreSQL: \(message)"
        if connectionLost { return .unavailable(detail) }
        guard let state = sqlState else { return .failure(detail) }
        switch state {
        case "57P01", "57P02", "57P03",  // admin/crash shutdown, cannot connect now (starting up, recovering)
            "55P03",  // lock_not_available: lock_timeout passed while another transaction held the row
            "57014",  // query_canceled (statement_timeout)
            "25006",  // read_only_sql_transaction: a standby after a failover
            "40001", "40P01":  // still conflicting after the retries
            return .unavailable(detail)
        case "XX001", "XX002":
            return .corrupt(detail)
        default:
            break
        }
        switch state.prefix(2) {
        // Connection exceptions; insufficient resources (too many connections, disk full, out of memory).
        case "08", "53": return .unavailable(detail)
        case "23": return .constraint(detail)
        default: return .failure("PostgreSQL (\(state)): \(message)")
        }
    }

    /// Why a connection could not be made, named first in the reason so a log reader sees it at once
    /// (authentication, TLS, or the connection itself), followed by libpq's own message.
    static func connectionFailure(_ raw: String, password: String?) -> StoreError {
        let detail = connectionDetail(raw, password: password)
        let cause: String
        if detail.contains("authentication") || detail.contains("password") {
            cause = "authentication failed"
        } else if detail.contains("SSL") || detail.contains("certificate") {
            cause = "TLS failed"
        } else {
            cause = "cannot connect"
        }
        return .unavailable("PostgreSQL: \(cause): \(detail)")
    }

    /// libpq's connection message on one line, at most 300 characters, and dropped entirely if it somehow
    /// contains the password.
    static func connectionDetail(_ raw: String, password: String?) -> String {
        var line = ""
        var lastWasSpace = true
        for char in raw {
            let isSpace = char == " " || char == "\n" || char == "\t" || char == "\r"
            if isSpace {
                if !lastWasSpace { line.append(" ") }
            } else {
                line.append(char)
            }
            lastWasSpace = isSpace
        }
        if line.hasSuffix(" ") { line.removeLast() }
        if let password, !password.isEmpty, line.contains(password) { return "cannot connect" }
        return line.count > 300 ? String(line.prefix(300)) + "…" : line
    }
}
