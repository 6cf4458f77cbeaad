import Foundation
import VonageWebhooks

/// Vonage's webhook timestamps: ISO 8601 UTC with milliseconds (`2025-02-03T12:14:25.123Z`).
enum VonageTimestampFormat {
    /// `date` in Vonage's form.
    static func string(_ date: Date) -> String {
        VonageTimestamp.format(milliseconds: VonageTimestamp.milliseconds(date), alwaysMilliseconds: true)
    }
}
