import Foundation
import Store
import Testing

@Suite("Opt-outs, idempotency keys and rate limits")
struct ControlTests {
    @Test("opt-out, repeat, and opt back in", arguments: StoreBackend.all)
    func optOutAndIn(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        #expect(try !store.isOptedOut(number: "447700900000"))
        try store.optOut(number: "447700900000", keyword: "STOP", at: at(0))
        try store.optOut(number: "447700900000", keyword: "QUIT", at: at(1))
        #expect(try store.isOptedOut(number: "447700900000"))
        #expect(try !store.isOptedOut(number: "447700900001"))
        try store.optIn(number: "447700900000")
        #expect(try !store.isOptedOut(number: "447700900000"))
        try store.optIn(number: "447700900000")
        #expect(try !store.isOptedOut(number: "447700900000"))
    }

    @Test(
        "an inbound STOP or START changes opt-outs with the insert, and a retried duplicate changes nothing",
        arguments: StoreBackend.all)
    func inboundOptChangeIsAtomicWithTheInsert(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        func inbound(_ uuid: String, _ text: String, _ change: OptChange?) -> InboundRecord {
            InboundRecord(
                uuid: uuid, from: "447700900001", to: "447700900000", text: text, timestamp: at(0), receivedAt: at(0),
                optChange: change)
        }
        #expect(try store.recordInbound(inbound("u-stop", "STOP", .optOut(keyword: "STOP"))) == .inserted)
        #expect(try store.isOptedOut(number: "447700900001"))
        #expect(try store.recordInbound(inbound("u-start", "START", .optIn)) == .inserted)
        #expect(try !store.isOptedOut(number: "447700900001"))
        // A late retry of the earlier STOP is a duplicate: it must not opt the sender out again.
        #expect(try store.recordInbound(inbound("u-stop", "STOP", .optOut(keyword: "STOP"))) == .duplicate)
        #expect(try !store.isOptedOut(number: "447700900001"))
    }

    @Test("opt-out changes apply in message-time order, not arrival order", arguments: StoreBackend.all)
    func optChangesFollowMessageTime(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        func inbound(_ uuid: String, _ second: Double, _ change: OptChange) -> InboundRecord {
            InboundRecord(
                uuid: uuid, from: "447700900002", to: "447700900000", text: "x", timestamp: at(second),
                receivedAt: at(100), optChange: change)
        }
        // STOP at 10 arrives first; a START sent earlier (5) arrives late, retried by Vonage: still opted out.
        try store.recordInbound(inbound("a", 10, .optOut(keyword: "STOP")))
        try store.recordInbound(inbound("b", 5, .optIn))
        #expect(try store.isOptedOut(number: "447700900002"))
        // A START sent later (20) opts in; a STOP sent before it (15) arriving after does not undo that.
        try store.recordInbound(inbound("c", 20, .optIn))
        try store.recordInbound(inbound("d", 15, .optOut(keyword: "STOP")))
        #expect(try !store.isOptedOut(number: "447700900002"))
        #expect(try store.metrics(now: at(100)).optOuts == 0)
    }

    @Test("the first saved idempotent answer wins", arguments: StoreBackend.all)
    func idempotencyFirstWriterWins(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        #expect(try store.idempotentResult(scope: "tok", key: "k1", now: at(0)) == nil)
        let first = try store.saveIdempotentResult(
            scope: "tok", key: "k1", requestHash: "h1", status: 202, body: #"{"a":1}"#, now: at(0))
        let second = try store.saveIdempotentResult(
            scope: "tok", key: "k1", requestHash: "h2", status: 500, body: "other", now: at(1))
        #expect(first == IdempotencyRecord(requestHash: "h1", status: 202, body: #"{"a":1}"#, createdAt: at(0)))
        #expect(second == first)
        #expect(try store.idempotentResult(scope: "tok", key: "k1", now: at(2)) == first)
        #expect(try store.idempotentResult(scope: "other-token", key: "k1", now: at(2)) == nil, "keys are scoped")
    }

    @Test("a reserved key is in progress for a second caller until its answer is saved", arguments: StoreBackend.all)
    func idempotencyInProgress(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let first = try db.open()
        let second = try db.open()
        #expect(try first.reserveIdempotencyKey(scope: "tok", key: "k1", requestHash: "h", now: at(0)) == .reserved)
        #expect(try second.reserveIdempotencyKey(scope: "tok", key: "k1", requestHash: "h", now: at(1)) == .inProgress)
        #expect(try second.idempotentResult(scope: "tok", key: "k1", now: at(1))?.isInProgress == true)
        let saved = try first.saveIdempotentResult(
            scope: "tok", key: "k1", requestHash: "h", status: 202, body: "ok", now: at(2))
        #expect(saved.status == 202 && saved.body == "ok")
        #expect(
            try second.reserveIdempotencyKey(scope: "tok", key: "k1", requestHash: "h", now: at(3))
                == .completed(saved))
    }

    @Test(
        "a released reservation can be taken again; a completed answer cannot be released",
        arguments: StoreBackend.all)
    func idempotencyRelease(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        #expect(try store.reserveIdempotencyKey(scope: "s", key: "k", requestHash: "h", now: at(0)) == .reserved)
        try store.releaseIdempotencyKey(scope: "s", key: "k")
        #expect(try store.reserveIdempotencyKey(scope: "s", key: "k", requestHash: "h", now: at(1)) == .reserved)
        try store.saveIdempotentResult(scope: "s", key: "k", requestHash: "h", status: 202, body: nil, now: at(2))
        try store.releaseIdempotencyKey(scope: "s", key: "k")
        #expect(try store.idempotentResult(scope: "s", key: "k", now: at(3))?.status == 202)
    }

    @Test("keys expire after 24 hours, and a reservation is never taken over before then", arguments: StoreBackend.all)
    func idempotencyExpiry(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        try store.saveIdempotentResult(scope: "s", key: "done", requestHash: "h", status: 202, body: "x", now: at(0))
        #expect(try store.idempotentResult(scope: "s", key: "done", now: at(86_399))?.body == "x")
        #expect(try store.idempotentResult(scope: "s", key: "done", now: at(86_401)) == nil)
        #expect(
            try store.reserveIdempotencyKey(scope: "s", key: "done", requestHash: "h2", now: at(86_401))
                == .reserved)

        #expect(try store.reserveIdempotencyKey(scope: "s", key: "crash", requestHash: "h", now: at(0)) == .reserved)
        #expect(
            try store.reserveIdempotencyKey(scope: "s", key: "crash", requestHash: "h", now: at(301))
                == .inProgress)
        #expect(
            try store.reserveIdempotencyKey(scope: "s", key: "crash", requestHash: "h", now: at(86_399))
                == .inProgress)
        #expect(
            try store.reserveIdempotencyKey(scope: "s", key: "crash", requestHash: "h", now: at(86_401))
                == .reserved)
    }

    @Test("a rate limit allows N per window, then limits until the next window", arguments: StoreBackend.all)
    func rateLimitWindow(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        let windowStart = at(60 * 1000)  // a whole minute since 1970
        var decisions: [RateLimitDecision] = []
        for second in 0..<3 {
            decisions.append(try store.consumeRateLimit(bucket: "tok", limit: 3, now: windowStart + Double(second)))
        }
        #expect(decisions == [.allowed(remaining: 2), .allowed(remaining: 1), .allowed(remaining: 0)])
        #expect(
            try store.consumeRateLimit(bucket: "tok", limit: 3, now: windowStart + 15.2)
                == .limited(retryAfterSeconds: 45))
        #expect(
            try store.consumeRateLimit(bucket: "tok", limit: 3, now: windowStart + 59.9)
                == .limited(retryAfterSeconds: 1))
        #expect(
            try store.consumeRateLimit(bucket: "other", limit: 3, now: windowStart + 20)
                == .allowed(remaining: 2), "buckets are independent")
        #expect(
            try store.consumeRateLimit(bucket: "tok", limit: 3, now: windowStart + 60)
                == .allowed(remaining: 2), "the next window starts afresh")
    }

    @Test(
        "a store that can take a write is healthy, and the check leaves nothing open that blocks a write",
        arguments: StoreBackend.all)
    func healthy(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        try store.checkHealth()
        try store.checkHealth()
        // A check that left its transaction or write lock open would fail these writes or hold them past the busy
        // timeout.
        #expect(try store.recordInbound(inbound("after-check")) == .inserted)
        #expect(try db.open().recordInbound(inbound("other-connection")) == .inserted)
        #expect(try store.message(uuid: "other-connection")?.text == "Hi there")
    }
}

@Suite("Metrics snapshot")
struct MetricsSnapshotTests {
    @Test("the metrics snapshot counts what the store holds", arguments: StoreBackend.all)
    func snapshotCounts(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        let now = baseTime
        for (index, status) in ["delivered", "rejected", "submitted"].enumerated() {
            try store.recordOutbound(
                OutboundRecord(
                    uuid: "o-\(index)", to: "14155550101", from: "447700900000", text: "x", segments: 1,
                    encoding: "text", createdAt: now.addingTimeInterval(-60),
                    sendDurationMilliseconds: 80 + index * 400,
                    sendAttempts: index + 1))
            if status != "submitted" {
                try store.applyStatus(
                    StatusEvent(
                        uuid: "o-\(index)", status: status, timestamp: now,
                        errorCode: status == "rejected" ? "1360" : nil,
                        receivedAt: now))
            }
        }
        try store.optOut(number: "447700900001", keyword: "STOP", at: now)
        let snapshot = try store.metrics(now: now)
        #expect(snapshot.messages.first { $0.labels == ["outbound", "delivered"] }?.value == 1)
        #expect(snapshot.statusEvents.map(\.labels) == [["delivered"], ["rejected"]])
        #expect(snapshot.optOuts == 1)
        #expect(snapshot.rejectedByErrorCode == [MetricsSnapshot.Count(labels: ["1360"], value: 1)])
        #expect(snapshot.finishedLastHour == 2)
        #expect(snapshot.deliveredLastHour == 1)
        #expect(snapshot.oldestPendingSubmission == now.addingTimeInterval(-60))
        #expect(snapshot.sendDurationCount == 3)
        #expect(snapshot.sendAttempts == 6)
        #expect(snapshot.sendDurationBuckets.first { $0.upperBound == 0.1 }?.count == 1)
        #expect(snapshot.sendDurationBuckets.last?.count == 3)
    }
}
