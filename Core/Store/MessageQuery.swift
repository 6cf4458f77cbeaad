import Primitives

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Filters and page position for `GET /messages`. Results are newest first (`created_at`, then uuid).
public struct MessageQuery: Sendable, Equatable {
    /// The largest page a caller may ask for.
    public static let maximumLimit = 100
    /// The page size when none is asked for.
    public static let defaultLimit = 50

    /// Only this direction.
    public var direction: MessageDirection?
    /// Only this current status.
    public var status: String?
    /// Only this channel (`sms`, `whatsapp`, `mms`, …).
    public var channel: String?
    /// Only this recipient.
    public var to: String?
    /// Only this sender.
    public var from: String?
    /// Only messages created at or after this time.
    public var since: Date?
    /// Page size, 1…100.
    public var limit: Int
    /// `next_cursor` of the previous page.
    public var cursor: String?

    /// A query; every filter is optional.
    public init(
        direction: MessageDirection? = nil, status: String? = nil, channel: String? = nil, to: String? = nil,
        from: String? = nil,
        since: Date? = nil, limit: Int = MessageQuery.defaultLimit, cursor: String? = nil
    ) {
        self.direction = direction
        self.status = status
        self.channel = channel
        self.to = to
        self.from = from
        self.since = since
        self.limit = limit
        self.cursor = cursor
    }
}

/// One page of messages.
public struct MessagePage: Sendable, Equatable {
    /// The messages, newest first, without their event history.
    public var messages: [StoredMessage]
    /// Pass as `MessageQuery.cursor` for the next page; `nil` on the last page.
    public var nextCursor: String?

    /// A page.
    public init(messages: [StoredMessage], nextCursor: String?) {
        self.messages = messages
        self.nextCursor = nextCursor
    }
}

/// The position after the last row of a page, opaque to callers: base64url of `"v1:<created_at ms>:<uuid>"`.
struct MessageCursor: Equatable {
    var createdAt: Int64
    var uuid: String

    /// The opaque text.
    var encoded: String {
        Base64URL.encode("v1:\(createdAt):\(uuid)".utf8)
    }

    /// Decodes a cursor this store handed out; anything else is `.invalidCursor`.
    init(decoding text: String) throws(StoreError) {
        guard text.utf8.count <= 512, let bytes = Base64URL.decode(text),
            let plain = String(validating: bytes, as: UTF8.self)
        else { throw .invalidCursor("the cursor is not one this service handed out") }
        let parts = plain.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", let time = Int64(parts[1]), time >= 0, !parts[2].isEmpty else {
            throw .invalidCursor("the cursor is not one this service handed out")
        }
        createdAt = time
        uuid = String(parts[2])
    }

    init(createdAt: Int64, uuid: String) {
        self.createdAt = createdAt
        self.uuid = uuid
    }
}
