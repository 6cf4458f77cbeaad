import Foundation

extension WebServer {
    /// Starts `kind` configured like `fixture`, adjusted for functions that run as www-data: the SQLite file lives
    /// in the server's own `data/` folder (owned by www-data), and the Vonage key travels inline as
    /// `VONAGE_PRIVATE_KEY_BASE64` because the fixture's key file is readable by root only.
    public static func serving(_ kind: WebServerKind, fixture: FunctionFixture) throws -> WebServer {
        var environment = fixture.environment
        environment.removeValue(forKey: "VONAGE_PRIVATE_KEY_PATH")
        let key = try Data(contentsOf: URL(fileURLWithPath: fixture.keys.pkcs8Path))
        environment["VONAGE_PRIVATE_KEY_BASE64"] = key.base64EncodedString()
        let server = try WebServer(kind, environment: environment)
        // The data folder exists only once the server's prefix does; the functions read the file per request.
        environment["DATABASE_URL"] = "sqlite://" + server.databaseFile.path
        try server.writeEnvironment(environment)
        return server
    }

    /// The SQLite file the functions use when started by `serving(_:fixture:)`.
    public var databaseFile: URL { prefix.appendingPathComponent("data/sms.sqlite") }

    /// The env file every function reads (`SMS_ENV_FILE`).
    public var environmentFile: URL { prefix.appendingPathComponent("functions.env") }

    /// Replaces the functions' env file; the next request reads it.
    public func writeEnvironment(_ environment: [String: String]) throws {
        try environment.sorted(by: { $0.key < $1.key }).map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
            .write(to: environmentFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: environmentFile.path)
    }
}
