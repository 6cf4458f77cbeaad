import Foundation
import TestSupport
import Testing

@testable import Store

/// Behaviour only the SQLite backend has: files, pragmas, locks.
@Suite("SQLite backend")
struct SQLiteBackendTests {
    @Test("a fresh file is created with its folder, in WAL mode with FULL sync, at the latest schema")
    func freshFileSettings() throws {
        let dir = try TestSupport.makeTemporaryDirectory("store-sqlite")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("nested/deeper/sms.sqlite").path
        let store = try openStore(.sqlite(path: path))
        #expect(try store.schemaVersion() == Migrations.latestVersion)
        #expect(FileManager.default.fileExists(atPath: path))

        let raw = try SQLiteConnection(path: path, busyTimeoutMilliseconds: 1000)
        #expect(try raw.firstText("PRAGMA journal_mode") == "wal")
        #expect(try raw.firstInt("PRAGMA synchronous") == 2, "2 is FULL")
        #expect(try raw.firstInt("PRAGMA foreign_keys") == 1)
        #expect(try raw.firstInt("PRAGMA user_version") == Int64(Migrations.latestVersion))
    }

    @Test("re-opening does not migrate again")
    func migrationsAreIdempotent() throws {
        let db = try TestDatabase(.sqlite)
        for _ in 0..<3 { _ = try db.open() }
        let path = try #require(sqlitePath(db))
        let raw = try SQLiteConnection(path: path, busyTimeoutMilliseconds: 1000)
        #expect(try raw.firstInt("SELECT COUNT(*) FROM schema_migrations") == Int64(Migrations.latestVersion))
    }

    @Test("many stores opening one fresh file at once migrate it exactly once")
    func concurrentFirstOpen() throws {
        let db = try TestDatabase(.sqlite)
        let errors = runConcurrently(threads: 8) { _ in _ = try db.open() }
        #expect(errors.isEmpty, "\(errors)")
        let raw = try SQLiteConnection(path: try #require(sqlitePath(db)), busyTimeoutMilliseconds: 1000)
        #expect(try raw.firstInt("SELECT COUNT(*) FROM schema_migrations") == Int64(Migrations.latestVersion))
    }

    @Test("an unusable database path is unavailable", arguments: ["file-as-folder/sms.sqlite", "a-directory"])
    func unwritablePath(relative: String) throws {
        let dir = try TestSupport.makeTemporaryDirectory("store-sqlite")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("x".utf8).write(to: dir.appendingPathComponent("file-as-folder"))
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("a-directory"), withIntermediateDirectories: false)
        let error = #expect(throws: StoreError.self) {
            try openStore(.sqlite(path: dir.appendingPathComponent(relative).path))
        }
        #expect(error?.kind == .unavailable)
    }

    @Test("a file that is not a database is reported as corrupt")
    func notADatabase() throws {
        let dir = try TestSupport.makeTemporaryDirectory("store-sqlite")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("junk.sqlite")
        try Data(repeating: 0x41, count: 4096).write(to: path)
        let error = #expect(throws: StoreError.self) { try openStore(.sqlite(path: path.path)) }
        #expect(error?.kind == .corrupt)
    }

    @Test("a write lock held beyond the busy timeout makes writes and health unavailable")
    func busyBeyondTimeout() throws {
        let db = try TestDatabase(.sqlite)
        let path = try #require(sqlitePath(db))
        _ = try db.open()
        let holder = try SQLiteConnection(path: path, busyTimeoutMilliseconds: 1000)
        try holder.exec("BEGIN IMMEDIATE")
        var config = db.configuration
        config.busyTimeoutMilliseconds = 100
        let store = try openStore(config)
        let health = #expect(throws: StoreError.self) { try store.checkHealth() }
        #expect(health?.kind == .unavailable)
        let write = #expect(throws: StoreError.self) { try store.recordInbound(inbound("in-1")) }
        #expect(write?.kind == .unavailable)
        #expect(try store.message(uuid: "in-1") == nil, "readers are not blocked by the writer in WAL mode")
        try holder.exec("ROLLBACK")
        try store.checkHealth()
        #expect(try store.recordInbound(inbound("in-1")) == .inserted)
    }
}

/// The file path of a SQLite test database.
func sqlitePath(_ db: TestDatabase) -> String? {
    if case .sqlite(let path) = db.configuration.location { return path }
    return nil
}
