import VonageWebhooks

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Times in API answers and query parameters: ISO 8601 UTC with milliseconds (`2026-11-29T15:35:53.123Z`).
public enum APITimestamp {
    /// Formats `date`, which holds whole milliseconds as the store keeps them: rounded to the nearest one and
    /// printed from the integer, never through a floating-point format style that truncates.
    public static func format(_ date: Date) -> String {
        VonageTimestamp.format(milliseconds: VonageTimestamp.milliseconds(date), alwaysMilliseconds: true)
    }

    /// Parses an ISO 8601 time with or without fractional seconds; `nil` when it is not one.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
