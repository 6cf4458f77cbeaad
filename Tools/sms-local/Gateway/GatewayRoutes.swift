import Foundation

/// The public routes, mapped to executables the way the deploy configs mount them, so the local stack answers
/// like a deployment.
enum GatewayRoutes {
    /// Which program serves a path, and how CGI sees it.
    struct Match: Equatable, Sendable {
        var function: String
        var scriptName: String
        var pathInfo: String?
    }

    /// The function executables, by mount point.
    static let mounts: [(path: String, function: String)] = [
        ("/send-sms", "send-sms"), ("/webhooks/inbound", "inbound-sms"), ("/webhooks/status", "message-status"),
        ("/health", "health"), ("/messages", "messages"), ("/metrics", "metrics"),
    ]

    /// Every executable the gateway runs.
    static var functions: [String] { mounts.map(\.function) }

    /// The match for a raw (percent-encoded) `path`; `nil` for paths no program serves. As Apache does, PATH_INFO
    /// is decoded and an encoded slash is not a path separator (`nil`).
    static func match(path: String) -> Match? {
        for mount in mounts {
            if path == mount.path { return Match(function: mount.function, scriptName: mount.path, pathInfo: nil) }
            guard mount.function == "messages", path.hasPrefix(mount.path + "/") else { continue }
            let rest = String(path.dropFirst(mount.path.count))
            guard !rest.lowercased().contains("%2f"), let decoded = rest.removingPercentEncoding else { return nil }
            return Match(function: mount.function, scriptName: mount.path, pathInfo: decoded)
        }
        return nil
    }
}
