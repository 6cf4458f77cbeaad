/// An absolute `http://` or `https://` URL split into what goes on the wire: where to connect and what to ask for.
///
/// Parsed by hand rather than with `URL` so that exactly what is checked is visible here: no user info, a port in
/// range, no byte in the request target that could break the request line.
struct HTTPTarget: Equatable {
    /// `true` for `https`.
    var usesTLS: Bool
    /// Host name or IP literal, without the brackets of an IPv6 literal.
    var host: String
    /// TCP port (the scheme's default when the URL names none).
    var port: UInt16
    /// Path and query for the request line (`/` when the URL has no path); the fragment is dropped.
    var requestTarget: String
    /// The `Host` header value: the host as written (IPv6 in brackets) and the port when it is not the default.
    var hostHeader: String

    /// Splits `text`, or throws `.invalidRequest` naming what is wrong (never the whole URL: it may carry a token).
    init(_ text: String) throws(TransportError) {
        guard let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") else {
            throw .invalidRequest("the URL is not absolute")
        }
        switch text[..<colon].lowercased() {
        case "https": usesTLS = true
        case "http": usesTLS = false
        default: throw .invalidRequest("unsupported URL scheme")
        }
        let rest = text[text.index(colon, offsetBy: 3)...]
        let authorityEnd = rest.firstIndex(where: Self.endsAuthority) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = rest[authorityEnd...]
        if let fragment = target.firstIndex(of: "#") { target = target[..<fragment] }
        guard !authority.contains("@") else { throw .invalidRequest("user info in the URL is not supported") }
        guard target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .invalidRequest("the URL path has a space or control character")
        }

        let hostPart: Substring
        let portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidRequest("unterminated IPv6 host") }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { throw .invalidRequest("malformed URL host") }
            portPart = after.isEmpty ? nil : after.dropFirst()
            guard hostPart.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw .invalidRequest("malformed IPv6 host")
            }
        } else {
            let pieces = authority.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw .invalidRequest("malformed URL host") }
            hostPart = pieces[0]
            portPart = pieces.count == 2 ? pieces[1] : nil
            guard hostPart.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }) else {
                throw .invalidRequest("malformed URL host")
            }
        }
        guard !hostPart.isEmpty else { throw .invalidRequest("the URL has no host") }
        let defaultPort: UInt16 = usesTLS ? 443 : 80
        if let portPart, !portPart.isEmpty {
            guard portPart.allSatisfy(\.isASCII), let number = UInt16(portPart), number > 0 else {
                throw .invalidRequest("malformed URL port")
            }
            port = number
        } else {
            port = defaultPort
        }
        host = String(hostPart)
        requestTarget = target.isEmpty ? "/" : (target.hasPrefix("?") ? "/" + target : String(target))
        let written = authority.hasPrefix("[") ? "[\(host)]" : host
        hostHeader = port == defaultPort ? written : "\(written):\(port)"
    }

    private static func endsAuthority(_ character: Character) -> Bool {
        character == "/" || character == "?" || character == "#"
    }
}
