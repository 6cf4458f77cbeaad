import JSON

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads a webhook object field by field, collecting every problem so one error can name them all.
///
/// Required fields are strict. Optional fields of an unexpected type read as absent: they are informational, and
/// answering 4xx to a genuine, signed Vonage callback would lose the status or message it carries.
struct PayloadReader {
    private let object: [String: JSONValue]
    private(set) var problems: [WebhookPayloadError.InvalidParam] = []

    /// A reader over the top-level object of `body`.
    init(body: some DataProtocol) throws(WebhookPayloadError) {
        guard let object = JSONValue.object(from: body) else { throw .notAJSONObject }
        self.object = object
    }

    /// A required, non-empty string; records a problem and returns "" otherwise.
    mutating func requiredString(_ name: String) -> String {
        switch object[name] {
        case nil, .null?:
            problems.append(.init(name: name, reason: "is required"))
        case .string(let text)? where !text.isEmpty:
            return text
        case .string?:
            problems.append(.init(name: name, reason: "must not be empty"))
        default:
            problems.append(.init(name: name, reason: "must be a string"))
        }
        return ""
    }

    /// A required ISO 8601 timestamp; records a problem and returns the epoch otherwise.
    mutating func requiredTimestamp(_ name: String) -> Date {
        let text = requiredString(name)
        guard !text.isEmpty else { return Date(timeIntervalSince1970: 0) }
        guard let date = VonageTimestamp.parse(text) else {
            problems.append(.init(name: name, reason: "must be an ISO 8601 timestamp"))
            return Date(timeIntervalSince1970: 0)
        }
        return date
    }

    /// The addressing every Messages webhook carries, all required: `message_uuid`, `to`, `from`, `timestamp`.
    mutating func envelope() -> (messageUUID: String, to: String, from: String, timestamp: Date) {
        (requiredString("message_uuid"), requiredString("to"), requiredString("from"), requiredTimestamp("timestamp"))
    }

    /// `channel`, informational: `sms` when absent or empty (SMS is what the schema's examples carry).
    var channel: String { nonEmptyString("channel") ?? "sms" }

    /// A top-level optional string.
    func string(_ name: String) -> String? { object[name]?.string }

    /// A top-level optional string, absent when empty.
    func nonEmptyString(_ name: String) -> String? { string(name).flatMap { $0.isEmpty ? nil : $0 } }

    /// The SMS part count under `sms`: `first`, else whichever of `total_count` and `count_total` is there. The
    /// SDK models name the aggregated count of a multi-part message both ways, and a count is never worth a refusal.
    func segmentCount(preferring first: String) -> Int? {
        for name in [first, "count_total", "total_count"] {
            if let count = member("sms", name)?.flexibleInt { return count }
        }
        return nil
    }

    /// An optional nested member, e.g. `("sms", "keyword")`.
    func member(_ parent: String, _ name: String) -> JSONValue? { object[parent]?.object?[name] }

    /// An optional nested object.
    func nested(_ name: String) -> [String: JSONValue]? { object[name]?.object }

    /// The error to throw when any problem was recorded.
    func finish() throws(WebhookPayloadError) {
        if !problems.isEmpty { throw .invalidFields(problems) }
    }
}
