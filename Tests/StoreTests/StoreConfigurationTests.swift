import Store
import Testing

@Suite("DATABASE_URL")
struct StoreConfigurationTests {
    @Test(
        "sqlite URLs name absolute and relative files, with the default when unset",
        arguments: [
            ([:], StoreLocation.sqlite(path: "data/sms.sqlite")),
            (["DATABASE_URL": ""], .sqlite(path: "data/sms.sqlite")),
            (["DATABASE_URL": "sqlite:///var/lib/sms/sms.sqlite"], .sqlite(path: "/var/lib/sms/sms.sqlite")),
            (["DATABASE_URL": "sqlite://relative.sqlite"], .sqlite(path: "relative.sqlite")),
            (["DATABASE_URL": " sqlite://db/x.sqlite\n"], .sqlite(path: "db/x.sqlite")),
            (["DATABASE_URL": "postgres://u:p@127.0.0.1/sms"], .postgres(url: "postgres://u:p@127.0.0.1/sms")),
            (["DATABASE_URL": "postgresql://127.0.0.1/sms"], .postgres(url: "postgresql://127.0.0.1/sms")),
        ])
    func parses(env: [String: String], expected: StoreLocation) throws {
        #expect(try StoreConfiguration.fromEnvironment(env).location == expected)
    }

    @Test(
        "malformed URLs are configuration errors that never echo the value",
        arguments: [
            "mysql://user:secret@host/db", "sqlite://", "sqlite:///", "sqlite://dir/", "sqlite://x.sqlite?mode=ro",
            "/plain/path.sqlite",
        ])
    func rejects(url: String) {
        let error = #expect(throws: StoreError.self) {
            try StoreConfiguration.fromEnvironment(["DATABASE_URL": url])
        }
        #expect(error?.kind == .configuration)
        #expect(error?.reason.contains("DATABASE_URL") == true)
        #expect(error?.reason.contains("secret") == false)
    }
}
