/// What the sandbox does with a message, chosen by the last four digits of the recipient, so every outcome can be
/// produced on purpose (documented in README "Local stack").
enum TestNumbers {
    /// A message's fate.
    enum Outcome: Equatable, Sendable {
        /// `submitted`, then `delivered`.
        case delivered
        /// `submitted`, then `rejected` with this Vonage error code and detail.
        case rejected(code: String, detail: String)
        /// `undeliverable` only (Vonage could not reach the provider).
        case undeliverable
        /// `submitted` and no receipt ever (networks that never send one).
        case submittedOnly
    }

    /// The table printed at start and in the README: suffix, outcome, description.
    static let table: [(suffix: String, outcome: Outcome, summary: String)] = [
        (
            "0001", .rejected(code: "1360", detail: "TTL was activated, or message expired before delivered."),
            "submitted, then rejected (error 1360, expired)"
        ),
        ("0002", .undeliverable, "undeliverable"),
        (
            "0003", .rejected(code: "1170", detail: "Invalid or unknown recipient."),
            "submitted, then rejected (error 1170, invalid recipient)"
        ),
        ("0004", .submittedOnly, "submitted, never a delivery receipt"),
    ]

    /// The outcome for recipient `to` (digits).
    static func outcome(for to: String) -> Outcome {
        table.first { to.hasSuffix($0.suffix) }?.outcome ?? .delivered
    }
}
