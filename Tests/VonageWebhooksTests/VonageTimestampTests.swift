import Foundation
import Testing
import VonageWebhooks

@Suite("VonageTimestamp")
struct VonageTimestampTests {
    static let reference = Date(timeIntervalSince1970: 1_738_584_865)  // 2025-02-03T12:14:25Z

    @Test(arguments: [
        ("2025-02-03T12:14:25Z", 0.0),
        ("2025-02-03T12:14:25.000Z", 0),
        ("2025-02-03T12:14:25.250Z", 0.25),
        ("2025-02-03T12:14:25.5Z", 0.5),
        ("2025-02-03T12:14:25+00:00", 0),
        ("2025-02-03T13:14:25+01:00", 0),
        ("2025-02-03T07:44:25-0430", 0),
        ("2025-02-03 12:14:25", 0),
        ("2025-02-03T12:14:25z", 0),
    ])
    func parsesTheTimestampFormsVonageSends(text: String, fraction: Double) throws {
        let date = try #require(VonageTimestamp.parse(text))
        #expect(abs(date.timeIntervalSince(Self.reference) - fraction) < 0.000_1)
    }

    @Test func parsesTheOlderMillisecondExample() {
        #expect(VonageTimestamp.parse("2020-01-01T14:00:00.000Z") == Date(timeIntervalSince1970: 1_577_887_200))
    }

    @Test func agreesWithFoundationsISO8601ParserOnALeapDay() throws {
        let text = "2024-02-29T23:59:59Z"
        let expected = try #require(ISO8601DateFormatter().date(from: text))
        #expect(VonageTimestamp.parse(text) == expected)
    }

    @Test(arguments: [
        "", "2025-02-03", "2025-02-03T12:14", "2025-13-03T12:14:25Z", "2025-02-29T12:14:25Z", "2025-02-03T24:00:00Z",
        "2025-02-03T12:14:25.Z", "2025-02-03T12:14:25+0", "2025-02-03T12:14:25Zjunk", "1738584865",
        "２０２５-02-03T12:14:25Z",
    ])
    func rejectsTextThatIsNotAnISO8601Timestamp(text: String) {
        #expect(VonageTimestamp.parse(text) == nil)
    }

    @Test(arguments: [
        (1_738_584_865.0, "2025-02-03T12:14:25Z"), (1_577_887_200.123, "2020-01-01T14:00:00.123Z"),
        (0, "1970-01-01T00:00:00Z"), (-1, "1969-12-31T23:59:59Z"),
    ])
    func formatsUTCWithMillisecondsOnlyWhenPresent(seconds: Double, text: String) {
        #expect(VonageTimestamp.format(Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test func formatThenParseRoundTripsToTheMillisecond() throws {
        for seconds in stride(from: 946_684_800.0, to: 4_102_444_800, by: 7_654_321.987) {
            let date = Date(timeIntervalSince1970: (seconds * 1000).rounded(.down) / 1000)
            let parsed = try #require(VonageTimestamp.parse(VonageTimestamp.format(date)))
            #expect(abs(parsed.timeIntervalSince(date)) < 0.000_5)
        }
    }
}
