#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What the metrics function exports, computed from the store in one read snapshot: functions live for one
/// request, so the store is the only place counters can live.
public struct MetricsSnapshot: Sendable, Equatable {
    /// Messages by direction and current status.
    public var messages: [Count]
    /// Status webhook events received (the append-only history), by status.
    public var statusEvents: [Count]
    /// Numbers currently opted out.
    public var optOuts: Int
    /// Outbound messages that ended `rejected`, by error code, most frequent first (at most `topErrorCodes`).
    public var rejectedByErrorCode: [Count]
    /// Outbound messages created in the last hour / day that reached a terminal status, and how many of those
    /// were `delivered`.
    public var finishedLastHour: Int
    /// See `finishedLastHour`.
    public var deliveredLastHour: Int
    /// See `finishedLastHour`.
    public var finishedLastDay: Int
    /// See `finishedLastHour`.
    public var deliveredLastDay: Int
    /// When the oldest sent message still waiting at `submitted` was sent (a stuck delivery-receipt alarm).
    public var oldestPendingSubmission: Date?
    /// Cumulative counts of sends whose Vonage call took at most each bound (seconds), ascending.
    public var sendDurationBuckets: [(upperBound: Double, count: Int)]
    /// Sends with a recorded duration, and the sum of their durations in seconds.
    public var sendDurationCount: Int
    /// See `sendDurationCount`.
    public var sendDurationSumSeconds: Double
    /// HTTP attempts all recorded sends needed (retries included).
    public var sendAttempts: Int

    /// One labelled count.
    public struct Count: Sendable, Equatable {
        /// Label values, in the order the family names them.
        public var labels: [String]
        /// The count.
        public var value: Int

        /// Creates a count.
        public init(labels: [String], value: Int) {
            self.labels = labels
            self.value = value
        }
    }

    /// The histogram bounds for send duration, in seconds.
    public static let sendDurationBounds: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
    /// How many error codes `rejectedByErrorCode` keeps.
    public static let topErrorCodes = 10

    /// Equality, comparing the buckets element by element.
    public static func == (lhs: MetricsSnapshot, rhs: MetricsSnapshot) -> Bool {
        lhs.messages == rhs.messages && lhs.statusEvents == rhs.statusEvents && lhs.optOuts == rhs.optOuts
            && lhs.rejectedByErrorCode == rhs.rejectedByErrorCode && lhs.finishedLastHour == rhs.finishedLastHour
            && lhs.deliveredLastHour == rhs.deliveredLastHour && lhs.finishedLastDay == rhs.finishedLastDay
            && lhs.deliveredLastDay == rhs.deliveredLastDay
            && lhs.oldestPendingSubmission == rhs.oldestPendingSubmission
            && lhs.sendDurationBuckets.map(\.upperBound) == rhs.sendDurationBuckets.map(\.upperBound)
            && lhs.sendDurationBuckets.map(\.count) == rhs.sendDurationBuckets.map(\.count)
            && lhs.sendDurationCount == rhs.sendDurationCount
            && lhs.sendDurationSumSeconds == rhs.sendDurationSumSeconds
            && lhs.sendAttempts == rhs.sendAttempts
    }
}
