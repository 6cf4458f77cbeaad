import Foundation
import Store
import Testing

@Suite("Listing messages")
struct ListMessagesTests {
    /// Walks every page of `query` and returns the uuids in order.
    private func walk(_ store: any MessageStore, _ query: MessageQuery) throws -> (uuids: [String], pages: Int) {
        var query = query
        var uuids: [String] = []
        var pages = 0
        repeat {
            let page = try store.listMessages(query)
            pages += 1
            uuids += page.messages.map(\.uuid)
            #expect(page.messages.allSatisfy { $0.events.isEmpty })
            query.cursor = page.nextCursor
        } while query.cursor != nil && pages < 100
        return (uuids, pages)
    }

    @Test("25 messages in pages of 10 come newest first with no duplicates or gaps", arguments: StoreBackend.all)
    func cursorPagination(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        // Pairs share a created_at so the uuid tie-break is exercised at page boundaries.
        for index in 0..<25 {
            try store.recordOutbound(outbound(String(format: "m%02d", index), createdAt: at(Double(index / 2))))
        }
        let (uuids, pages) = try walk(store, MessageQuery(limit: 10))
        #expect(pages == 3)
        let expected = (0..<25).map { String(format: "m%02d", $0) }.sorted { lhs, rhs in
            let (l, r) = (Int(lhs.dropFirst())! / 2, Int(rhs.dropFirst())! / 2)
            return l != r ? l > r : lhs > rhs
        }
        #expect(uuids == expected)
    }

    @Test("the last page has no next cursor", arguments: StoreBackend.all)
    func lastPageHasNoCursor(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        for index in 0..<10 { try store.recordOutbound(outbound("m\(index)", createdAt: at(Double(index)))) }
        let page = try store.listMessages(MessageQuery(limit: 10))
        #expect(page.messages.count == 10 && page.nextCursor == nil)
        #expect(try store.listMessages(MessageQuery()).messages.first?.uuid == "m9")
    }

    @Test("filters by direction, status, to, from and since", arguments: StoreBackend.all)
    func filters(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        try store.recordOutbound(outbound("out-a", to: "441111111111", createdAt: at(1)))
        try store.recordOutbound(outbound("out-b", to: "442222222222", createdAt: at(2)))
        try store.applyStatus(status("out-b", "delivered", at: at(3)))
        try store.recordInbound(inbound("in-a", from: "443333333333", receivedAt: at(4)))
        try store.recordInbound(inbound("in-b", from: "444444444444", receivedAt: at(5)))

        func uuids(_ query: MessageQuery) throws -> [String] { try store.listMessages(query).messages.map(\.uuid) }
        #expect(try uuids(MessageQuery(direction: .inbound)) == ["in-b", "in-a"])
        #expect(try uuids(MessageQuery(direction: .outbound)) == ["out-b", "out-a"])
        #expect(try uuids(MessageQuery(status: "delivered")) == ["out-b"])
        #expect(try uuids(MessageQuery(to: "441111111111")) == ["out-a"])
        #expect(try uuids(MessageQuery(from: "443333333333")) == ["in-a"])
        #expect(try uuids(MessageQuery(since: at(2))) == ["in-b", "in-a", "out-b"])
        #expect(try uuids(MessageQuery(direction: .outbound, status: "submitted", since: at(0))) == ["out-a"])
    }

    @Test("filters and the cursor combine across pages", arguments: StoreBackend.all)
    func filteredPagination(backend: StoreBackend) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        for index in 0..<12 {
            try store.recordOutbound(outbound("out-\(index)", createdAt: at(Double(index))))
            try store.recordInbound(inbound("in-\(index)", receivedAt: at(Double(index))))
        }
        let (uuids, _) = try walk(store, MessageQuery(direction: .inbound, limit: 5))
        #expect(uuids == (0..<12).reversed().map { "in-\($0)" })
    }

    @Test(
        "a malformed cursor is an invalidCursor error", arguments: StoreBackend.all,
        [
            "not base64!", "", "AAAA", "djE6YWJjOm0x", "djE6MTIz",  // v1:abc:m1, v1:123
            String(repeating: "A", count: 600),
        ])
    func malformedCursor(backend: StoreBackend, cursor: String) throws {
        let db = try TestDatabase(backend)
        let store = try db.open()
        let error = #expect(throws: StoreError.self) { try store.listMessages(MessageQuery(cursor: cursor)) }
        #expect(error?.kind == .invalidCursor)
    }

    @Test("a limit outside 1...100 is an invalidQuery error", arguments: StoreBackend.all, [0, -1, 101])
    func limitOutOfRange(backend: StoreBackend, limit: Int) throws {
        let db = try TestDatabase(backend)
        let error = #expect(throws: StoreError.self) { try db.open().listMessages(MessageQuery(limit: limit)) }
        #expect(error?.kind == .invalidQuery)
    }
}
