/// The input is not a request at all (empty stdin outside CGI, invalid JSON, an unknown event shape). The
/// executable writes one line naming what it expected to stderr and exits with status 2; no response is written.
public struct HostInputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was wrong and what was expected.
    public let description: String

    /// Creates the error with a one-line message.
    public init(_ description: String) { self.description = description }
}

/// Limits that every host adapter enforces before a handler runs.
public enum RequestLimits {
    /// The largest body a function accepts: no request of the API comes near it, so anything larger is refused with
    /// 413 before it is read into memory.
    public static let maxBodyBytes = 64 * 1024
}
