import Foundation
import TestSupport
import Testing

@testable import Store

/// A backend under test: how to make a fresh, empty database for it (its configuration, and how to remove it).
/// Every protocol test runs once per entry of `StoreBackend.all`.
struct StoreBackend: Sendable, CustomTestStringConvertible {
    let name: String
    let makeDatabase: @Sendable (URL) throws -> (StoreConfiguration, cleanup: (@Sendable () -> Void)?)

    var testDescription: String { name }

    static let sqlite = StoreBackend(name: "sqlite") { directory in
        (.sqlite(path: directory.appendingPathComponent("store.sqlite").path), nil)
    }

    /// A fresh schema on the test server (`SMS_TEST_POSTGRES_URL`), selected through `search_path`, so tests run
    /// in parallel on one database; a missing server fails the test and names the script that starts one.
    static let postgres = StoreBackend(name: "postgres") { _ in
        let schema = try PostgresTestServer.createSchema()
        let url = try PostgresTestServer.url(searchPath: schema)
        return (StoreConfiguration(location: .postgres(url: url)), { PostgresTestServer.dropSchema(schema) })
    }

    /// Every backend this build has; PostgreSQL only where its test server is (`make test` always has it), and
    /// `PostgresBackendTests` shows as skipped, naming the server, where it is not.
    static let all: [StoreBackend] =
        TestService.postgres.isAvailable || TestService.everyServiceRequired ? [.sqlite, .postgres] : [.sqlite]
}

/// A fresh database for one test, removed when the test lets go of it.
final class TestDatabase: Sendable {
    let directory: URL
    let configuration: StoreConfiguration
    private let cleanup: (@Sendable () -> Void)?

    init(_ backend: StoreBackend) throws {
        directory = try TestSupport.makeTemporaryDirectory("store-test")
        (configuration, cleanup) = try backend.makeDatabase(directory)
    }

    deinit {
        cleanup?()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Opens a (new) store on the database, as a fresh function process would.
    func open() throws -> any MessageStore { try openStore(configuration) }
}

/// A fixed base time (2026-01-01T00:00:00Z) so tests never depend on the clock.
let baseTime = Date(timeIntervalSince1970: 1_767_225_600)

/// `baseTime` plus `seconds`.
func at(_ seconds: Double) -> Date { baseTime.addingTimeInterval(seconds) }

/// A send record with test defaults.
func outbound(
    _ uuid: String, to: String = "447700900000", createdAt: Date = baseTime, clientRef: String? = nil
) -> OutboundRecord {
    OutboundRecord(
        uuid: uuid, to: to, from: "447700900001", text: "Hello", segments: 1, encoding: "text",
        clientRef: clientRef, createdAt: createdAt)
}

/// A status event with test defaults.
func status(
    _ uuid: String, _ status: String, at time: Date, errorCode: String? = nil, errorDetail: String? = nil,
    price: String? = nil, countTotal: Int? = nil, to: String? = nil, clientRef: String? = nil
) -> StatusEvent {
    StatusEvent(
        uuid: uuid, status: status, timestamp: time, errorCode: errorCode, errorDetail: errorDetail, price: price,
        currency: price == nil ? nil : "EUR", countTotal: countTotal, to: to, from: to == nil ? nil : "447700900001",
        clientRef: clientRef, receivedAt: time.addingTimeInterval(1))
}

/// An inbound record with test defaults.
func inbound(_ uuid: String, from: String = "447700900002", receivedAt: Date = baseTime) -> InboundRecord {
    InboundRecord(
        uuid: uuid, from: from, to: "447700900001", text: "Hi there", timestamp: receivedAt, price: "0.0333",
        currency: "EUR", segments: 1, keyword: "HI", receivedAt: receivedAt)
}
