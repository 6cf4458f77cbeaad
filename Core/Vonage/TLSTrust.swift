#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which certificate authorities the transport trusts. Verification itself is never switched off.
public enum TLSTrust: Sendable, Equatable {
    /// One or more hashed certificate directories (`openssl rehash` names), separated by `:`.
    case certificateDirectory(String)
    /// Exactly the certificates in this PEM file: a distribution's bundle, a private CA or a test certificate.
    case certificateFile(String)
    /// No certificates were found: every `https://` request fails, saying which variables to set.
    case none

    /// The variables naming a CA file, in order of precedence. `CURL_CA_BUNDLE` is still honoured for deployments
    /// written for libcurl.
    public static let caFileVariables = ["VONAGE_CA_FILE", "SSL_CERT_FILE", "CURL_CA_BUNDLE"]
    /// The variable naming hashed certificate directories, read after the file variables.
    public static let caDirectoryVariable = "SSL_CERT_DIR"

    /// The hashed directory that Debian, Ubuntu and Alpine keep. A hashed directory is preferred to a bundle file
    /// because OpenSSL reads from it only the certificates a handshake needs, while a bundle file is parsed whole
    /// when the first connection of a process is made.
    public static let systemDirectory = "/etc/ssl/certs"
    /// The bundle files that Linux distributions keep, in the order they are tried when `systemDirectory` has no
    /// hash links (Amazon Linux, RHEL and Fedora link `/etc/ssl/certs` to a folder of bundle files only).
    public static let systemBundleFiles = [
        "/etc/ssl/certs/ca-certificates.crt",  // Debian, Ubuntu, Alpine
        "/etc/pki/tls/certs/ca-bundle.crt",  // Amazon Linux 2023 (Lambda's provided.al2023), RHEL, Fedora
        "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  // the same, where only the extracted copy exists
        "/etc/ssl/cert.pem",  // Alpine, and images that copy a bundle there
        "/etc/ssl/ca-bundle.pem",  // openSUSE
    ]

    /// The system's trust, looked up once per process: the hashed directory when it has hash links, else the
    /// first bundle file that exists, else `.none`.
    public static let system = TLSTrust.system(root: "")

    /// The system's trust under `root` (a test lays out a distribution's files in a temporary folder).
    public static func system(root: String) -> TLSTrust {
        if hasHashLinks(root + systemDirectory) { return .certificateDirectory(root + systemDirectory) }
        for file in systemBundleFiles where isReadableFile(root + file) { return .certificateFile(root + file) }
        return .none
    }

    /// The trust the environment chooses, with the variable that chose it (`nil`: the system's): the first of
    /// `VONAGE_CA_FILE`, `SSL_CERT_FILE`, `CURL_CA_BUNDLE` that is set, else `SSL_CERT_DIR`, else `system`.
    public static func fromEnvironment(_ env: [String: String]) -> (trust: TLSTrust, variable: String?) {
        for name in caFileVariables {
            if let value = env[name], !value.isEmpty { return (.certificateFile(value), name) }
        }
        if let value = env[caDirectoryVariable], !value.isEmpty {
            return (.certificateDirectory(value), caDirectoryVariable)
        }
        return (system, nil)
    }

    /// True when `directory` holds at least one `openssl rehash` link (`8 hex digits . digit`). Reading stops at
    /// the first one.
    static func hasHashLinks(_ directory: String) -> Bool {
        guard let handle = opendir(directory) else { return false }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let found = withUnsafeBytes(of: entry.pointee.d_name) { name -> Bool in
                isHashLinkName(name.prefix { $0 != 0 })
            }
            if found { return true }
        }
        return false
    }

    /// `[0-9a-f]{8}\.[0-9]+`, the names `openssl rehash` gives certificates (CRLs get `.r<n>` and do not count).
    static func isHashLinkName<Name: Collection<UInt8>>(_ name: Name) -> Bool {
        let bytes = Array(name)
        guard bytes.count >= 10, bytes[8] == UInt8(ascii: ".") else { return false }
        let isHex: (UInt8) -> Bool = { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        return bytes[..<8].allSatisfy(isHex) && bytes[9...].allSatisfy { (0x30...0x39).contains($0) }
    }

    /// True for a regular file (or a link to one) this process may read.
    static func isReadableFile(_ path: String) -> Bool {
        fileType(path) == S_IFREG && access(path, R_OK) == 0
    }

    /// True for a directory (or a link to one).
    static func isDirectory(_ path: String) -> Bool { fileType(path) == S_IFDIR }

    private static func fileType(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
    }
}
