import FunctionRuntime
import Store

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `GET /metrics`: Prometheus text (0.0.4) computed from the store. Bearer token like `messages`, unless
/// `METRICS_PUBLIC=1`. When the store is unreachable the answer is still 200 with `sms_store_up 0`, so Prometheus
/// records the outage as data rather than as a failed scrape.
public struct MetricsHandler: FunctionHandler {
    private let tokens: BearerTokens?
    private let store: StoreAccess
    private let now: @Sendable () -> Date

    /// Creates the handler; `tokens: nil` makes the endpoint public.
    public init(tokens: BearerTokens?, store: StoreAccess, now: @escaping @Sendable () -> Date = { Date() }) {
        self.tokens = tokens
        self.store = store
        self.now = now
    }

    /// Reads `METRICS_PUBLIC`, `SMS_API_TOKEN` (unless public) and `DATABASE_URL`.
    public init(environment: FunctionEnvironment) throws {
        let isPublic: Bool
        switch environment["METRICS_PUBLIC"]?.lowercased() ?? "0" {
        case "1", "true", "yes", "on": isPublic = true
        case "0", "false", "no", "off": isPublic = false
        default: throw ConfigurationError.invalid("METRICS_PUBLIC", "must be 1 or 0")
        }
        self.init(
            tokens: isPublic ? nil : try BearerTokens(environment: environment),
            store: try StoreAccess(environment: environment))
    }

    /// Answers the exposition.
    public func handle(_ request: FunctionRequest, context: FunctionContext) async throws -> FunctionResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            throw HTTPError.methodNotAllowed(allow: ["GET", "HEAD"])
        }
        try tokens?.authorize(request)
        let at = now()
        var snapshot: MetricsSnapshot?
        do {
            let source: any MetricsReading = try store.store(context)
            snapshot = try source.metrics(now: at)
        } catch {
            context.logger.error("metrics: store unavailable")
        }
        let body = Self.render(snapshot, now: at)
        return FunctionResponse(
            status: 200,
            headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Cache-Control": "no-store"],
            body: request.method == "HEAD" ? [] : Array(body.utf8))
    }

    /// The exposition for `snapshot` (`nil`: the store is down).
    static func render(_ snapshot: MetricsSnapshot?, now: Date) -> String {
        var out = PrometheusText()
        out.family("sms_store_up", "gauge", "Whether the message store answered this scrape (1) or not (0).")
        out.sample("sms_store_up", [], snapshot == nil ? 0 : 1)
        guard let snapshot else { return out.text }

        out.family("sms_messages", "gauge", "Messages in the store by direction and current status.")
        for count in snapshot.messages {
            out.sample(
                "sms_messages", [("direction", count.labels[0]), ("status", count.labels[1])], Double(count.value))
        }
        out.family("sms_status_events_total", "counter", "Status webhook events stored (each once), by status.")
        for count in snapshot.statusEvents {
            out.sample("sms_status_events_total", [("status", count.labels[0])], Double(count.value))
        }
        let inbound = snapshot.messages.filter { $0.labels[0] == "inbound" }.reduce(0) { $0 + $1.value }
        out.family("sms_inbound_messages_total", "counter", "Inbound SMS webhooks stored (each message once).")
        out.sample("sms_inbound_messages_total", [], Double(inbound))
        out.family("sms_opt_outs", "gauge", "Numbers currently opted out (STOP).")
        out.sample("sms_opt_outs", [], Double(snapshot.optOuts))
        out.family(
            "sms_rejected_messages", "gauge",
            "Outbound messages that ended rejected, by Vonage error code (the \(MetricsSnapshot.topErrorCodes) most frequent)."
        )
        for count in snapshot.rejectedByErrorCode {
            out.sample("sms_rejected_messages", [("error_code", count.labels[0])], Double(count.value))
        }
        out.family(
            "sms_delivery_ratio", "gauge",
            "Delivered / finished among outbound messages sent in the window (NaN when none finished).")
        for (window, finished, delivered) in [
            ("1h", snapshot.finishedLastHour, snapshot.deliveredLastHour),
            ("24h", snapshot.finishedLastDay, snapshot.deliveredLastDay),
        ] {
            out.sample(
                "sms_delivery_ratio", [("window", window)], finished == 0 ? .nan : Double(delivered) / Double(finished))
        }
        out.family(
            "sms_oldest_pending_submission_age_seconds", "gauge",
            "Age of the oldest sent message still at submitted (0 when none): a stuck delivery-receipt alarm.")
        let age = snapshot.oldestPendingSubmission.map { max(0, now.timeIntervalSince($0)) } ?? 0
        out.sample("sms_oldest_pending_submission_age_seconds", [], (age * 1000).rounded() / 1000)
        out.family(
            "sms_send_duration_seconds", "histogram", "Time the Vonage call took per sent message, retries included.")
        for bucket in snapshot.sendDurationBuckets {
            out.sample(
                "sms_send_duration_seconds_bucket", [("le", PrometheusText.format(bucket.upperBound))],
                Double(bucket.count))
        }
        out.sample("sms_send_duration_seconds_bucket", [("le", "+Inf")], Double(snapshot.sendDurationCount))
        out.sample("sms_send_duration_seconds_sum", [], snapshot.sendDurationSumSeconds)
        out.sample("sms_send_duration_seconds_count", [], Double(snapshot.sendDurationCount))
        out.family(
            "sms_send_attempts_total", "counter",
            "HTTP attempts the Vonage calls of sent messages needed, retries included.")
        out.sample("sms_send_attempts_total", [], Double(snapshot.sendAttempts))
        return out.text
    }
}
