import Primitives

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Checks the Messages API base URL: `https://` anywhere, `http://` only to this machine.
///
/// Plain http to a remote host would send the bearer JWT in clear text, so it is refused at configuration time;
/// loopback http exists for the local sandbox and tests. The name is only a first check: the transport connects
/// plain http only to an address that is loopback (`OpenSSLTransport`), whatever the name resolves to.
public enum VonageBaseURL {
    /// Hosts that plain `http://` may name.
    public static let loopbackHosts: Set<String> = ["127.0.0.1", "::1", "localhost"]

    /// Returns `text` without trailing slashes, or throws naming `variable`.
    public static func validate(_ text: String, variable: String = "VONAGE_API_URL") throws(VonageConfigurationError)
        -> String
    {
        var trimmed = text.trimmingWhitespace()
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let url = URL(string: String(trimmed)), let scheme = url.scheme?.lowercased() else {
            throw .invalid(variable, "not an absolute URL")
        }
        guard let host = url.host, !host.isEmpty else { throw .invalid(variable, "has no host") }
        guard url.query == nil, url.fragment == nil else {
            throw .invalid(variable, "must not have a query or fragment")
        }
        switch scheme {
        case "https":
            break
        case "http":
            var bare = host.lowercased()
            if bare.hasPrefix("["), bare.hasSuffix("]") { bare = String(bare.dropFirst().dropLast()) }
            guard loopbackHosts.contains(bare) else {
                throw .invalid(variable, "http:// is allowed only for 127.0.0.1, ::1 or localhost; use https://")
            }
        default:
            throw .invalid(variable, "scheme must be https (or http for a loopback host)")
        }
        return String(trimmed)
    }
}
