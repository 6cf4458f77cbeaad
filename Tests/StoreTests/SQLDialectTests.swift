import Foundation
import Testing

@testable import Store

/// The seams of writing each statement once: parameter rewriting, and the statements whose text differs by
/// dialect, run against every backend.
@Suite("SQL dialects")
struct SQLDialectTests {
    @Test("PostgreSQL numbers parameters $N where SQLite writes ?N, and quoted question marks stay")
    func placeholders() {
        let neutral = "SELECT '?1', \"a?2\" FROM t WHERE a = ?1 AND b = ?12 AND c = 'it''s ?3' AND d = ?"
        #expect(SQLDialect.sqlite.render(neutral) == neutral)
        #expect(
            SQLDialect.postgres.render(neutral)
                == "SELECT '?1', \"a?2\" FROM t WHERE a = $1 AND b = $12 AND c = 'it''s ?3' AND d = ?")
    }

    @Test("a statement holds each dialect's text, parameters rewritten after the dialect's own spelling")
    func statementPerDialect() {
        let statement = SQLStatement { "UPDATE t SET a = \($0.greatest("a", "?1")) WHERE b = ?2" }
        #expect(statement.text(in: .sqlite) == "UPDATE t SET a = MAX(a, ?1) WHERE b = ?2")
        #expect(statement.text(in: .postgres) == "UPDATE t SET a = GREATEST(a, $1) WHERE b = $2")
    }

    @Test("a send merged into a placeholder never moves updated_at back", arguments: StoreBackend.all)
    func mergeKeepsLaterUpdate(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        // Received "in the future" relative to the send's own clock, as a skewed host would stamp it.
        let future = Date(timeIntervalSince1970: 4_102_444_800)
        try store.applyStatus(StatusEvent(uuid: "m1", status: "delivered", timestamp: at(5), receivedAt: future))
        #expect(try store.recordOutbound(outbound("m1")) == .merged)
        #expect(try store.message(uuid: "m1")?.updatedAt == future)
    }

    @Test("an older event that changes no status leaves updated_at at the newest", arguments: StoreBackend.all)
    func olderEventKeepsLaterUpdate(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        try store.recordOutbound(outbound("m1"))
        try store.applyStatus(StatusEvent(uuid: "m1", status: "delivered", timestamp: at(5), receivedAt: at(60)))
        let late = try store.applyStatus(
            StatusEvent(uuid: "m1", status: "submitted", timestamp: at(1), price: "0.05", receivedAt: at(30)))
        #expect(!late.statusChanged && !late.isDuplicate)
        let message = try #require(try store.message(uuid: "m1"))
        #expect(message.updatedAt == at(60) && message.price == "0.05")
    }
}
