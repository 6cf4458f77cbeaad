import Foundation
import Store
import Testing

@Suite("Recording and reading messages")
struct MessageRecordTests {
    @Test("an inbound message is stored once; a retry is a duplicate no-op", arguments: StoreBackend.all)
    func inboundDuplicates(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        #expect(try store.recordInbound(inbound("in-1")) == .inserted)
        var retry = inbound("in-1")
        retry.text = "changed on retry"
        #expect(try store.recordInbound(retry) == .duplicate)
        let message = try #require(try store.message(uuid: "in-1"))
        #expect(message.direction == .inbound && message.status == "received")
        #expect(message.text == "Hi there" && message.from == "447700900002" && message.to == "447700900001")
        #expect(message.price == "0.0333" && message.currency == "EUR" && message.segments == 1)
        #expect(message.keyword == "HI" && message.vonageTimestamp == baseTime && message.events.isEmpty)
    }

    @Test("a status event naming an inbound message is history only", arguments: StoreBackend.all)
    func statusForInbound(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        try store.recordInbound(inbound("in-1"))
        let outcome = try store.applyStatus(status("in-1", "delivered", at: at(9)))
        #expect(!outcome.statusChanged && outcome.currentStatus == "received")
        let message = try #require(try store.message(uuid: "in-1"))
        #expect(message.direction == .inbound && message.status == "received")
        #expect(message.events.map(\.status) == ["delivered"])
    }

    @Test("an outbound record keeps every send field", arguments: StoreBackend.all)
    func outboundFields(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        let record = OutboundRecord(
            uuid: "m1", to: "447700900000", from: "ACME", text: "Grüße 👋", segments: 2, encoding: "unicode",
            clientRef: "order-7", createdAt: at(7))
        #expect(try store.recordOutbound(record) == .inserted)
        #expect(try store.recordOutbound(record) == .duplicate)
        let message = try #require(try store.message(uuid: "m1"))
        #expect(
            message
                == StoredMessage(
                    uuid: "m1", direction: .outbound, to: "447700900000", from: "ACME", text: "Grüße 👋",
                    status: "submitted", vonageTimestamp: nil, errorCode: nil, errorDetail: nil, segments: 2,
                    encoding: "unicode", clientRef: "order-7", price: nil, currency: nil, keyword: nil,
                    createdAt: at(7), updatedAt: at(7)))
    }

    @Test("times keep millisecond precision", arguments: StoreBackend.all)
    func millisecondPrecision(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        try store.recordOutbound(outbound("m1", createdAt: at(0.123)))
        try store.applyStatus(status("m1", "delivered", at: at(0.987)))
        let message = try #require(try store.message(uuid: "m1"))
        #expect(abs(message.createdAt.timeIntervalSince(at(0.123))) < 0.0005)
        #expect(abs(try #require(message.vonageTimestamp).timeIntervalSince(at(0.987))) < 0.0005)
    }

    @Test("an unknown uuid has no message", arguments: StoreBackend.all)
    func unknownMessage(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        #expect(try db.open().message(uuid: "nope") == nil)
    }

    @Test("data survives closing and re-opening the store", arguments: StoreBackend.all)
    func reopenKeepsData(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        do {
            let store = try db.open()
            try store.recordOutbound(outbound("m1"))
            try store.applyStatus(status("m1", "delivered", at: at(3)))
            try store.optOut(number: "447700900009", keyword: "STOP", at: baseTime)
        }
        let reopened = try db.open()
        #expect(try reopened.message(uuid: "m1")?.status == "delivered")
        #expect(try reopened.message(uuid: "m1")?.events.count == 1)
        #expect(try reopened.isOptedOut(number: "447700900009"))
    }
}
