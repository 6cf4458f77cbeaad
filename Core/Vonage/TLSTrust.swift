/// Which certificate authorities the transport trusts. Verification itself is never switched off.
public enum TLSTrust: Sendable, Equatable {
    /// A hashed certificate directory (`openssl rehash` names), with no bundle file.
    ///
    /// The directory is the default because OpenSSL 3 loads only the certificates a handshake needs from it,
    /// while a bundle file is parsed whole at every process start (about 60 ms against 17 ms measured), and a
    /// function process starts for every request.
    case certificateDirectory(String)
    /// Exactly the certificates in this PEM file, e.g. a private CA or a test certificate.
    case certificateFile(String)

    /// Debian/Ubuntu's system certificate directory.
    public static let system = TLSTrust.certificateDirectory("/etc/ssl/certs")

    /// The variables naming a CA file, in order of precedence.
    public static let caFileVariables = ["VONAGE_CA_FILE", "SSL_CERT_FILE", "CURL_CA_BUNDLE"]

    /// The CA file named by the environment, first of `VONAGE_CA_FILE`, `SSL_CERT_FILE`, `CURL_CA_BUNDLE`.
    ///
    /// The transport never asks OpenSSL for its default paths (which would read `SSL_CERT_FILE` itself), so these
    /// variables are read here; `CURL_CA_BUNDLE` is still honoured for deployments written for the libcurl era.
    public static func caFile(fromEnvironment env: [String: String]) -> String? {
        for name in caFileVariables {
            if let value = env[name], !value.isEmpty { return value }
        }
        return nil
    }
}
