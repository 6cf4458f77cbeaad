#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Times in API answers and query parameters: ISO 8601 UTC with milliseconds (`2026-11-29T15:35:53.123Z`).
public enum APITimestamp {
    /// Formats `date`.
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Parses an ISO 8601 time with or without fractional seconds; `nil` when it is not one.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
