import Foundation
import Store
import Synchronization
import Testing

/// Runs `body(index)` on `threads` real threads started together; returns the errors they threw.
func runConcurrently(threads: Int, _ body: @escaping @Sendable (Int) throws -> Void) -> [String] {
    let errors = Mutex<[String]>([])
    let start = DispatchSemaphore(value: 0)
    let group = DispatchGroup()
    for index in 0..<threads {
        group.enter()
        let thread = Thread {
            start.wait()
            do { try body(index) } catch { errors.withLock { $0.append("\(index): \(error)") } }
            group.leave()
        }
        thread.start()
    }
    for _ in 0..<threads { start.signal() }
    group.wait()
    return errors.withLock { $0 }
}

@Suite("Concurrent writers")
struct ConcurrencyTests {
    @Test(
        "8 writers x 25 status events and inbound messages give exact counts and no error",
        arguments: StoreBackend.all)
    func concurrentWriters(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        _ = try db.open()
        let errors = runConcurrently(threads: 8) { thread in
            // Each thread is its own store (own connection), as each webhook is its own process.
            let store = try db.open()
            for index in 0..<25 {
                // Every thread reports the same events for shared messages: duplicates must collapse.
                try store.applyStatus(status("shared-\(index)", "submitted", at: at(Double(index))))
                try store.applyStatus(status("shared-\(index)", "delivered", at: at(Double(index) + 1)))
                try store.recordInbound(inbound("in-\(thread)-\(index)", receivedAt: at(Double(index))))
                try store.recordInbound(inbound("in-shared-\(index)", receivedAt: at(Double(index))))
            }
        }
        #expect(errors.isEmpty, "\(errors)")
        let store = try db.open()
        var inboundUUIDs: [String] = []
        var query = MessageQuery(direction: .inbound, limit: 100)
        repeat {
            let page = try store.listMessages(query)
            inboundUUIDs += page.messages.map(\.uuid)
            query.cursor = page.nextCursor
        } while query.cursor != nil
        #expect(inboundUUIDs.count == 8 * 25 + 25 && Set(inboundUUIDs).count == inboundUUIDs.count)
        for index in 0..<25 {
            let message = try #require(try store.message(uuid: "shared-\(index)"))
            #expect(message.status == "delivered")
            #expect(message.events.map(\.status) == ["submitted", "delivered"])
        }
    }

    @Test(
        "send records racing their own status webhooks always merge into one delivered message",
        arguments: StoreBackend.all)
    func sendRacesStatus(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        _ = try db.open()
        let errors = runConcurrently(threads: 8) { thread in
            let store = try db.open()
            for index in 0..<25 {
                if thread % 2 == 0 {
                    try store.recordOutbound(outbound("race-\(index)", createdAt: at(Double(index))))
                } else {
                    try store.applyStatus(status("race-\(index)", "delivered", at: at(Double(index) + 2)))
                }
            }
        }
        #expect(errors.isEmpty, "\(errors)")
        let store = try db.open()
        for index in 0..<25 {
            let message = try #require(try store.message(uuid: "race-\(index)"))
            #expect(message.status == "delivered" && message.text == "Hello" && message.createdAt == at(Double(index)))
            #expect(message.events.count == 1)
        }
    }

    @Test("concurrent rate-limit consumers never exceed the limit", arguments: StoreBackend.all)
    func concurrentRateLimit(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        _ = try db.open()
        let allowed = Mutex(0)
        let errors = runConcurrently(threads: 8) { _ in
            let store = try db.open()
            for _ in 0..<10 {
                if case .allowed = try store.consumeRateLimit(bucket: "tok", limit: 37, now: at(5)) {
                    allowed.withLock { $0 += 1 }
                }
            }
        }
        #expect(errors.isEmpty, "\(errors)")
        #expect(allowed.withLock { $0 } == 37)
    }

    @Test("concurrent reservations of one idempotency key let exactly one through", arguments: StoreBackend.all)
    func concurrentReservation(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        _ = try db.open()
        let reserved = Mutex(0)
        let errors = runConcurrently(threads: 8) { _ in
            let store = try db.open()
            if try store.reserveIdempotencyKey(scope: "tok", key: "k", requestHash: "h", now: at(0)) == .reserved {
                reserved.withLock { $0 += 1 }
            }
        }
        #expect(errors.isEmpty, "\(errors)")
        #expect(reserved.withLock { $0 } == 1)
    }
}
