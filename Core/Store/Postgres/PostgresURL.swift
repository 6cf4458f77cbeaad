import CPostgres

/// `DATABASE_URL` for PostgreSQL, checked by libpq's own parser before connecting, so a malformed URL is a
/// configuration error (never echoing the URL, which may carry a password) rather than a failed connection.
///
/// Accepted forms (libpq's URI syntax): `postgres://` or `postgresql://`, then `user:password@`, host (a name, an
/// IPv4 address, `[IPv6]`, or a percent-encoded unix-socket folder such as `%2Fvar%2Frun%2Fpostgresql`), `:port`,
/// `/dbname`, and query parameters such as `?sslmode=verify-full` or `?host=/var/run/postgresql` (socket folder).
enum PostgresURL {
    /// libpq waits for ever by default; a webhook must give up well before the caller's own timeout.
    static let defaultConnectTimeoutSeconds = "5"

    /// The `sslmode` values libpq knows; anything else would only fail later, at connect time, as "unavailable".
    static let sslModes: Set<String> = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]

    /// The connection settings libpq reads from `url` (keyword → value, only those given).
    static func parse(_ url: String) throws(StoreError) -> [String: String] {
        let lower = url.lowercased()
        guard lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") else {
            throw .configuration("DATABASE_URL for PostgreSQL must start with postgres:// or postgresql://")
        }
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &message) else {
            // libpq's message may quote part of the URL, so it is dropped.
            if let message { PQfreemem(message) }
            throw .configuration("DATABASE_URL is not a valid PostgreSQL URL (see libpq's connection URI syntax)")
        }
        defer { PQconninfoFree(options) }
        var settings: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { settings[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        if let mode = settings["sslmode"], !sslModes.contains(mode) {
            throw .configuration("DATABASE_URL has an unknown sslmode (use disable, prefer, require or verify-full)")
        }
        if let timeout = settings["connect_timeout"], Int(timeout) == nil {
            throw .configuration("DATABASE_URL has a connect_timeout that is not a whole number of seconds")
        }
        return settings
    }
}
