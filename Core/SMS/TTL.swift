/// Rules for the optional `ttl`: how long Vonage keeps trying to deliver.
public enum TTL {
    /// Accepted seconds (Messages API v1; the legacy SMS API used milliseconds). Vonage's default window is 72 h,
    /// though operators typically give up after 24-48 h.
    public static let range: ClosedRange<Int> = 20...604_800

    /// Returns the seconds unchanged when they are in `range`.
    public static func validate(_ seconds: Int) throws(SMSValidationError) -> Int {
        guard range.contains(seconds) else {
            throw .invalidTTL(
                reason: "must be between \(range.lowerBound) and \(range.upperBound) seconds, got \(seconds)"
            )
        }
        return seconds
    }
}
