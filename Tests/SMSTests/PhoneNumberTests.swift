import SMS
import Testing

let doubleZero = "must not start with 00; write + and the country code instead of the 00 international prefix"
let notAllowed = "which is not allowed; use digits with an optional leading +, spaces, dashes, dots or brackets"

struct PhoneNumberTests {
    @Test(
        "accepts E.164 in the ways people type it and keeps only the digits",
        arguments: [
            ("+14155550101", "14155550101"),
            ("14155550101", "14155550101"),
            ("+1 (415) 555-0101", "14155550101"),
            ("+44 7700-900000", "447700900000"),
            ("+44.20.7946.0958", "442079460958"),
            ("  +14155550101\n", "14155550101"),
            ("+33\u{00A0}6 12 34 56 78", "33612345678"),
            ("1234567", "1234567"),
            ("123456789012345", "123456789012345"),
        ]
    )
    func acceptsE164(raw: String, digits: String) throws {
        #expect(try PhoneNumber(parsing: raw).digits == digits)
    }

    @Test(
        "refuses what is not E.164 with a precise reason",
        arguments: [
            ("", "must not be empty"),
            (" \t ", "must not be empty"),
            ("12345", "must have 7 to 15 digits, got 5"),
            ("+", "must have 7 to 15 digits, got 0"),
            ("1234567890123456", "must have 7 to 15 digits, got 16"),
            ("07700900000", "must not start with 0; use the international format with country code"),
            ("+07700900000", "must not start with 0; use the international format with country code"),
            ("0044 7700 900000", doubleZero),
            ("+0044 7700 900000", doubleZero),
            ("1-800-FLOWERS", "must not contain letters"),
            ("+1 415 555 0101 ext 2", "must not contain letters"),
            ("+1 415 555 010١", "contains \"١\" (U+0661), " + notAllowed),
            ("+1#4155550101", "contains \"#\" (U+0023), " + notAllowed),
            ("+1\t4155550101", "contains U+0009, " + notAllowed),
            ("1+4155550101", "may contain + only at the start"),
            ("++14155550101", "may contain + only at the start"),
        ]
    )
    func refusesWithReason(raw: String, reason: String) {
        #expect(throws: SMSValidationError.invalidNumber(field: "to", reason: reason)) {
            try PhoneNumber(parsing: raw)
        }
    }

    @Test("names the field the number came in")
    func errorNamesTheField() {
        let error = #expect(throws: SMSValidationError.self) {
            try PhoneNumber(parsing: "0123", field: "from")
        }
        #expect(error?.field == "from")
    }

    @Test(
        "masks all but the last four digits for logs",
        arguments: [("14155550101", "*******0101"), ("1234567", "***4567"), ("447700900000", "********0000")]
    )
    func masksAllButLastFour(digits: String, masked: String) throws {
        let number = try PhoneNumber(parsing: digits)
        #expect(number.masked == masked)
        #expect("\(number)" == masked)
    }

    @Test("numbers written differently are the same number")
    func equalityIsOnDigits() throws {
        #expect(try PhoneNumber(parsing: "+1 (415) 555-0101") == PhoneNumber(parsing: "14155550101"))
    }
}
