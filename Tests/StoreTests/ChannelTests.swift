import Foundation
import TestSupport
import Testing

@testable import Store

/// Every channel a Vonage application receives is stored as itself, on every backend.
@Suite("Channels and message types")
struct ChannelTests {
    @Test(
        "inbound messages keep their channel and type, media without text has none, and lists filter by channel",
        arguments: StoreBackend.all)
    func inboundChannelsAreStoredAndFiltered(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        try store.recordInbound(inbound("in-sms", receivedAt: at(1)))
        try store.recordInbound(
            InboundRecord(
                uuid: "in-wa", from: "14155550105", to: "447700900001", text: "STOP", channel: "whatsapp",
                messageType: "text", timestamp: at(2), receivedAt: at(2)))
        try store.recordInbound(
            InboundRecord(
                uuid: "in-mms", from: "14155550106", to: "14155550100", text: nil, channel: "mms",
                messageType: "image", timestamp: at(3), receivedAt: at(3)))
        let mms = try #require(try store.message(uuid: "in-mms"))
        #expect(mms.channel == "mms" && mms.messageType == "image" && mms.text == nil)
        let whatsapp = try #require(try store.message(uuid: "in-wa"))
        #expect(whatsapp.channel == "whatsapp" && whatsapp.messageType == "text" && whatsapp.text == "STOP")
        func uuids(_ channel: String?) throws -> [String] {
            try store.listMessages(MessageQuery(channel: channel)).messages.map(\.uuid)
        }
        #expect(try uuids(nil) == ["in-mms", "in-wa", "in-sms"])
        #expect(try uuids("sms") == ["in-sms"])
        #expect(try uuids("whatsapp") == ["in-wa"])
        #expect(try store.listMessages(MessageQuery(channel: "mms")).messages.first?.messageType == "image")
        #expect(try uuids("viber_service").isEmpty)
    }

    @Test(
        "a send is an SMS text; a status placeholder has its event's channel and no type until the send lands",
        arguments: StoreBackend.all)
    func outboundAndPlaceholders(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        try store.recordOutbound(outbound("out-1", createdAt: at(1)))
        let sent = try #require(try store.message(uuid: "out-1"))
        #expect(sent.channel == "sms" && sent.messageType == "text")
        try store.applyStatus(status("early", "delivered", at: at(2)))
        let placeholder = try #require(try store.message(uuid: "early"))
        #expect(placeholder.channel == "sms" && placeholder.messageType == nil)
        try store.recordOutbound(outbound("early", createdAt: at(1)))
        let merged = try #require(try store.message(uuid: "early"))
        #expect(merged.messageType == "text" && merged.status == "delivered")
    }

    @Test("a database at schema 3 keeps its rows as SMS texts when migrated")
    func upgradeFromVersionThree() throws {
        let dir = try TestSupport.makeTemporaryDirectory("store-upgrade")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sms.sqlite").path
        let raw = try SQLiteConnection(path: path, busyTimeoutMilliseconds: 1000)
        for script in Migrations.scripts.prefix(3) { try raw.exec(script) }
        try raw.exec("PRAGMA user_version = 3")
        try raw.exec(
            """
            INSERT INTO messages (message_uuid, direction, to_number, from_number, body, status, has_send_record,
                                  created_at, updated_at)
            VALUES ('old-in', 'inbound', '1', '2', 'hi', 'received', 1, 1, 1),
                   ('old-placeholder', 'outbound', '1', '2', NULL, 'delivered', 0, 2, 2)
            """)
        let store = try openStore(.sqlite(path: path))
        #expect(try store.schemaVersion() == Migrations.latestVersion)
        let old = try #require(try store.message(uuid: "old-in"))
        #expect(old.channel == "sms" && old.messageType == "text")
        #expect(try store.message(uuid: "old-placeholder")?.messageType == nil)
    }
}
