import Primitives

/// Where the message store lives, as named by `DATABASE_URL`.
public enum StoreLocation: Sendable, Equatable {
    /// A SQLite file; a relative path resolves against the working directory at open.
    case sqlite(path: String)
    /// A PostgreSQL server; the URL goes to libpq as it is (see README "PostgreSQL").
    case postgres(url: String)
}

/// The store settings a function needs at start.
public struct StoreConfiguration: Sendable, Equatable {
    /// The `DATABASE_URL` used when the environment has none.
    public static let defaultDatabaseURL = "sqlite://data/sms.sqlite"

    /// Where the database is.
    public var location: StoreLocation
    /// How long a writer waits for another process's lock before the store reports `.unavailable` (SQLite's busy
    /// timeout; PostgreSQL's `lock_timeout`).
    public var busyTimeoutMilliseconds: Int32

    /// A configuration for `location`; the 5 s busy timeout outlasts any one webhook's transaction many times.
    public init(location: StoreLocation, busyTimeoutMilliseconds: Int32 = 5000) {
        self.location = location
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
    }

    /// A SQLite file store at `path`.
    public static func sqlite(path: String) -> StoreConfiguration { StoreConfiguration(location: .sqlite(path: path)) }

    /// Reads `DATABASE_URL` (default `sqlite://data/sms.sqlite`).
    ///
    /// Accepted: `sqlite:///abs/path.sqlite` (absolute), `sqlite://relative.sqlite` (relative to the working
    /// directory), `postgres://…` and `postgresql://…`. Errors name the variable and the problem, never the value,
    /// because a PostgreSQL URL may carry a password.
    public static func fromEnvironment(_ env: [String: String]) throws(StoreError) -> StoreConfiguration {
        let raw = env["DATABASE_URL"].map { String($0.trimmingWhitespace()) } ?? ""
        let url = raw.isEmpty ? defaultDatabaseURL : raw
        return StoreConfiguration(location: try parseLocation(url))
    }

    /// Parses one database URL into a location.
    public static func parseLocation(_ url: String) throws(StoreError) -> StoreLocation {
        let lower = url.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            return .postgres(url: url)
        }
        guard lower.hasPrefix("sqlite://") else {
            throw .configuration(
                "DATABASE_URL must start with sqlite:// or postgres:// (e.g. sqlite://data/sms.sqlite)")
        }
        // `sqlite:///abs` leaves "/abs" (absolute); `sqlite://rel` leaves "rel" (relative to the working directory).
        let path = String(url.dropFirst("sqlite://".count))
        guard !path.isEmpty, path != "/" else {
            throw .configuration("DATABASE_URL names no SQLite file path (e.g. sqlite://data/sms.sqlite)")
        }
        guard !path.hasSuffix("/") else {
            throw .configuration("DATABASE_URL names a directory, not a SQLite file")
        }
        guard !path.contains("?"), !path.contains("#"), !path.utf8.contains(0) else {
            throw .configuration("DATABASE_URL for SQLite takes a plain file path without query or fragment")
        }
        return .sqlite(path: path)
    }
}
