import Foundation
import Testing

/// Something outside the package that some tests need and `make test` provides (scripts/test-deps.sh installs the
/// tools, scripts/test.sh starts the servers). Plain `swift test` runs every unit suite and skips, naming the reason,
/// the tests whose services are absent.
public enum TestService: String, Sendable, CaseIterable {
    /// The PostgreSQL test server (`SMS_TEST_POSTGRES_URL`) and the PostgreSQL binaries behind it.
    case postgres
    /// The PgBouncer test instance in transaction mode in front of that server (`SMS_TEST_PGBOUNCER_URL`).
    case pgbouncer
    /// Apache 2.4 with mod_cgid.
    case apache
    /// nginx with fcgiwrap.
    case nginx
    /// The test venv: the Vonage SDK, PyJWT, cryptography, the fake Vonage's needs, schemathesis and cfn-lint.
    case venv
    /// The AWS Lambda Runtime Interface Emulator.
    case rie
    /// podman, for FROM scratch images.
    case podman
    /// Prometheus and promtool.
    case prometheus
    /// Headless Chromium with chromedriver.
    case chromium
    /// The fully static release executables (`SMS_TEST_RELEASE_BIN`).
    case releaseExecutables

    /// Whether the service is there to use.
    public var isAvailable: Bool {
        switch self {
        case .postgres: Self.environment("SMS_TEST_POSTGRES_URL") != nil
        case .pgbouncer: Self.environment("SMS_TEST_PGBOUNCER_URL") != nil
        case .apache: Self.executable("/usr/sbin/apache2")
        case .nginx: Self.executable("/usr/sbin/nginx") && Self.executable("/usr/sbin/fcgiwrap")
        case .venv: Self.executable(TestSupport.python)
        case .rie: Self.executable(LambdaEmulator.binary)
        case .podman: Self.executable("/usr/bin/podman")
        case .prometheus: Self.executable("/usr/bin/prometheus") && Self.executable("/usr/bin/promtool")
        case .chromium: Self.executable("/usr/bin/chromium") && Self.executable("/usr/bin/chromedriver")
        case .releaseExecutables: Self.environment("SMS_TEST_RELEASE_BIN") != nil
        }
    }

    /// What is missing and what provides it, for the skip reason and the failure under `make test`.
    public var requirement: String {
        switch self {
        case .postgres:
            "the PostgreSQL test server: SMS_TEST_POSTGRES_URL (scripts/postgres-test-server.sh start, then export its url)"
        case .pgbouncer:
            "the PgBouncer test instance: SMS_TEST_PGBOUNCER_URL (scripts/pgbouncer-test-server.sh start, then export its url)"
        case .apache: "Apache with mod_cgid at /usr/sbin/apache2 (scripts/test-deps.sh)"
        case .nginx: "nginx and fcgiwrap in /usr/sbin (scripts/test-deps.sh)"
        case .venv: "the test venv at \(TestSupport.python) (scripts/test-deps.sh, or SMS_TEST_PYTHON)"
        case .rie: "the Lambda RIE at \(LambdaEmulator.binary) (scripts/test-deps.sh, or SMS_TEST_RIE)"
        case .podman: "podman at /usr/bin/podman (scripts/test-deps.sh)"
        case .prometheus: "prometheus and promtool in /usr/bin (scripts/test-deps.sh)"
        case .chromium: "chromium and chromedriver in /usr/bin (scripts/test-deps.sh)"
        case .releaseExecutables: "release executables: SMS_TEST_RELEASE_BIN (scripts/build-release.sh)"
        }
    }

    /// `SMS_TEST_REQUIRE_ALL=1` (set by scripts/test.sh): every service must be there, so nothing is skipped.
    public static var everyServiceRequired: Bool { environment("SMS_TEST_REQUIRE_ALL") == "1" }

    /// Whether tests needing `services` run: true when all are there; false (skip) when one is missing, unless
    /// every service is required, in which case the missing ones are thrown and the test fails naming them.
    public static func shouldRun(_ services: [TestService]) throws -> Bool {
        let missing = services.filter { !$0.isAvailable }
        guard !missing.isEmpty else { return true }
        if everyServiceRequired { throw MissingTestService(services: missing) }
        return false
    }

    /// Throws, naming the service, when it is absent: for helpers that start one, so a test that uses it without
    /// declaring `.requires(...)` fails saying what to add instead of with a missing file.
    public func require() throws {
        guard isAvailable else { throw MissingTestService(services: [self]) }
    }

    private static func environment(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    private static func executable(_ path: String) -> Bool { FileManager.default.isExecutableFile(atPath: path) }
}

/// A test needed services that are absent.
public struct MissingTestService: Error, CustomStringConvertible {
    /// The absent services.
    public var services: [TestService]
    /// Names each absent service and what provides it, and what to do about it.
    public var description: String {
        let missing = "missing " + services.map(\.requirement).joined(separator: "; ")
        return TestService.everyServiceRequired
            ? missing + " (SMS_TEST_REQUIRE_ALL=1: make test provides every service)"
            : missing + " (declare it with .requires(...) so that swift test skips the test where it is absent)"
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test or suite only where every one of `services` is present, and skips it naming what is missing
    /// otherwise; under `SMS_TEST_REQUIRE_ALL=1` (`make test`) a missing service fails it instead.
    public static func requires(_ services: TestService..., sourceLocation: SourceLocation = #_sourceLocation) -> Self {
        let reason = "needs " + services.map(\.requirement).joined(separator: "; ")
        return .enabled(
            if: try TestService.shouldRun(services), Comment(rawValue: reason), sourceLocation: sourceLocation)
    }
}
