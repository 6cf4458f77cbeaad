import Foundation
import Store
import Testing

@Suite("Status rules")
struct StatusRuleTests {
    @Test("submitted then delivered ends delivered with both events", arguments: StoreBackend.all)
    func submittedThenDelivered(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        try store.recordOutbound(outbound("m1"))
        let first = try store.applyStatus(status("m1", "submitted", at: at(1), price: "0.0333", countTotal: 2))
        #expect(
            first
                == StatusOutcome(
                    isDuplicate: false, statusChanged: true, createdPlaceholder: false,
                    currentStatus: "submitted"))
        let second = try store.applyStatus(status("m1", "delivered", at: at(5)))
        #expect(second.statusChanged && second.currentStatus == "delivered")
        let message = try #require(try store.message(uuid: "m1"))
        #expect(message.status == "delivered")
        #expect(message.vonageTimestamp == at(5))
        #expect(message.price == "0.0333" && message.currency == "EUR")
        #expect(message.segments == 1, "count_total must not override the send's own segment count")
        #expect(message.events.map(\.status) == ["submitted", "delivered"])
    }

    @Test("a late submitted after delivered stays delivered and both are in history", arguments: StoreBackend.all)
    func lateSubmittedDoesNotRegress(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        try store.recordOutbound(outbound("m1"))
        try store.applyStatus(status("m1", "delivered", at: at(5)))
        let late = try store.applyStatus(status("m1", "submitted", at: at(1)))
        #expect(
            late
                == StatusOutcome(
                    isDuplicate: false, statusChanged: false, createdPlaceholder: false,
                    currentStatus: "delivered"))
        let message = try #require(try store.message(uuid: "m1"))
        #expect(message.status == "delivered")
        #expect(message.vonageTimestamp == at(5))
        #expect(message.events.map(\.status) == ["submitted", "delivered"], "history is ordered by event time")
    }

    @Test("a repeated delivery is stored once and reported as duplicate", arguments: StoreBackend.all)
    func duplicateDeliveries(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        try store.recordOutbound(outbound("m1"))
        try store.applyStatus(status("m1", "delivered", at: at(5)))
        let again = try store.applyStatus(status("m1", "delivered", at: at(5)))
        #expect(again.isDuplicate && !again.statusChanged && again.currentStatus == "delivered")
        #expect(try store.message(uuid: "m1")?.events.count == 1)
    }

    @Test("rejected carries its error code and detail", arguments: StoreBackend.all)
    func rejectedWithError(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        try store.recordOutbound(outbound("m1"))
        try store.applyStatus(status("m1", "submitted", at: at(1)))
        try store.applyStatus(status("m1", "rejected", at: at(2), errorCode: "1360", errorDetail: "TTL expired"))
        let message = try #require(try store.message(uuid: "m1"))
        #expect(message.status == "rejected")
        #expect(message.errorCode == "1360" && message.errorDetail == "TTL expired")
        #expect(message.events.last?.errorCode == "1360")
        #expect(message.events.last?.errorDetail == "TTL expired")
    }

    @Test("the first terminal status wins; a later different terminal is only history", arguments: StoreBackend.all)
    func firstTerminalWins(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        try store.recordOutbound(outbound("m1"))
        try store.applyStatus(status("m1", "delivered", at: at(5)))
        let outcome = try store.applyStatus(status("m1", "rejected", at: at(9), errorCode: "1330"))
        #expect(!outcome.statusChanged && outcome.currentStatus == "delivered")
        let message = try #require(try store.message(uuid: "m1"))
        #expect(message.status == "delivered" && message.errorCode == nil)
        #expect(message.events.map(\.status) == ["delivered", "rejected"])
    }

    @Test(
        "an unknown status never overwrites a terminal one but advances over an older submitted",
        arguments: StoreBackend.all)
    func unknownStatusRanksLikeSubmitted(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        try store.recordOutbound(outbound("m1"))
        try store.applyStatus(status("m1", "submitted", at: at(1)))
        try store.applyStatus(status("m1", "buffered", at: at(2)))
        #expect(try store.message(uuid: "m1")?.status == "buffered", "later timestamp wins among rank 1")
        try store.applyStatus(status("m1", "submitted", at: at(1.5)))
        #expect(try store.message(uuid: "m1")?.status == "buffered", "an older rank-1 event does not win")
        try store.applyStatus(status("m1", "undeliverable", at: at(3)))
        try store.applyStatus(status("m1", "read", at: at(4)))
        #expect(try store.message(uuid: "m1")?.status == "undeliverable")
    }

    @Test("a status before the send record is merged when the send is recorded", arguments: StoreBackend.all)
    func statusBeforeSendRecord(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        let early = try store.applyStatus(
            status(
                "m1", "delivered", at: at(5), price: "0.05", countTotal: 3, to: "447700900000",
                clientRef: "ref-from-status"))
        #expect(early.createdPlaceholder && early.currentStatus == "delivered")
        let placeholder = try #require(try store.message(uuid: "m1"))
        #expect(placeholder.direction == .outbound && placeholder.text == nil && placeholder.segments == 3)
        #expect(placeholder.to == "447700900000" && placeholder.clientRef == "ref-from-status")

        let merged = try store.recordOutbound(outbound("m1", createdAt: at(0), clientRef: "ref-1"))
        #expect(merged == .merged)
        let message = try #require(try store.message(uuid: "m1"))
        #expect(message.status == "delivered")
        #expect(message.text == "Hello" && message.from == "447700900001" && message.encoding == "text")
        #expect(message.segments == 1 && message.clientRef == "ref-1" && message.price == "0.05")
        #expect(message.createdAt == at(0))
        #expect(message.events.map(\.status) == ["delivered"])
        #expect(try store.recordOutbound(outbound("m1")) == .duplicate)
        #expect(try store.message(uuid: "m1")?.status == "delivered")
    }

    @Test("a submitted event before the send and then the send keep submitted", arguments: StoreBackend.all)
    func submittedBeforeSend(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        try store.applyStatus(status("m1", "submitted", at: at(1)))
        #expect(try store.recordOutbound(outbound("m1")) == .merged)
        try store.applyStatus(status("m1", "delivered", at: at(2)))
        #expect(try store.message(uuid: "m1")?.status == "delivered")
    }
}
