#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Dates as stored: integer milliseconds since 1970 UTC. Rounded to the nearest millisecond so a time parsed
/// from ISO-8601 with milliseconds (a binary fraction just below the decimal) comes back as the same value.
enum Timestamp {
    /// `date` in whole milliseconds.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// The date for stored milliseconds.
    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
