import SMS
import Testing

struct TextLimitTests {
    @Test("more parts than the limit is refused with the count and the limit")
    func tooManySegments() throws {
        #expect(try SMSText.analyze(String(repeating: "a", count: 918), option: .auto).segments == 6)
        #expect(throws: SMSValidationError.tooManySegments(needed: 7, limit: 6)) {
            try SMSText.analyze(String(repeating: "a", count: 919), option: .auto)
        }
        let error = #expect(throws: SMSValidationError.self) {
            try SMSText.analyze(String(repeating: "ж", count: 71), option: .auto, maxSegments: 1)
        }
        #expect(error?.field == "text")
        #expect(error?.reason == "needs 2 segments, the limit is 1")
    }

    @Test("the default part limit is 6, and a limit below 1 counts as 1")
    func limitDefaults() throws {
        #expect(SMSText.defaultMaxSegments == 6)
        #expect(try SMSText.analyze("hi", option: .auto, maxSegments: 0).segments == 1)
        #expect(throws: SMSValidationError.tooManySegments(needed: 2, limit: 1)) {
            try SMSText.analyze(String(repeating: "a", count: 161), option: .auto, maxSegments: 0)
        }
    }

    @Test("3200 characters are accepted, 3201 are not")
    func lengthLimit() throws {
        let longest = try SMSText.analyze(String(repeating: "a", count: 3200), option: .auto, maxSegments: 100)
        #expect(longest.segments == 21)
        #expect(throws: SMSValidationError.textTooLong(length: 3201, limit: 3200)) {
            try SMSText.analyze(String(repeating: "a", count: 3201), option: .auto, maxSegments: 100)
        }
    }

    @Test("the length limit is checked before the part limit")
    func lengthBeforeSegments() {
        #expect(throws: SMSValidationError.textTooLong(length: 3201, limit: 3200)) {
            try SMSText.analyze(String(repeating: "a", count: 3201), option: .auto)
        }
    }

    @Test("the 3200 limit counts UTF-16 units: 1600 emoji fit, one more character does not")
    func lengthCountsUTF16() throws {
        let emoji = String(repeating: "😀", count: 1600)
        #expect(try SMSText.analyze(emoji, option: .auto, maxSegments: 100).characters == 3200)
        let error = #expect(throws: SMSValidationError.self) {
            try SMSText.analyze(emoji + "a", option: .auto, maxSegments: 100)
        }
        #expect(error?.reason == "must be at most 3200 characters (UTF-16 code units), got 3201")
    }

    @Test(
        "empty and whitespace-only texts are refused",
        arguments: [("", "must not be empty"), (" \n\t", "must not be only whitespace")]
    )
    func emptyText(text: String, reason: String) {
        #expect(throws: SMSValidationError.emptyText(reason: reason)) { try SMSText.analyze(text, option: .auto) }
    }
}
