import Foundation
import SMS
import Testing

struct SenderTests {
    @Test(
        "alphanumeric sender IDs of 1 to 11 letters, digits and spaces are kept as given",
        arguments: ["AcmeInc", "Acme Shop", "A", "ABCDEFGHIJK", "Shop24", "24Shop", "  Acme  "]
    )
    func acceptsAlphanumeric(raw: String) throws {
        let sender = try Sender(parsing: raw)
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        #expect(sender == .alphanumeric(trimmed))
        #expect(sender.value == trimmed)
    }

    @Test(
        "number-like senders become E.164 numbers",
        arguments: [
            ("+14155550101", "14155550101"), ("14155550101", "14155550101"), ("+44 7700-900000", "447700900000"),
        ]
    )
    func acceptsNumbers(raw: String, digits: String) throws {
        let sender = try Sender(parsing: raw)
        #expect(sender == .number(try PhoneNumber(parsing: digits)))
        #expect(sender.value == digits)
        #expect("\(sender)".hasPrefix("*"))
    }

    @Test(
        "refuses sender IDs Vonage would refuse, with the reason",
        arguments: [
            ("", "must not be empty"),
            ("ABCDEFGHIJKL", "an alphanumeric sender ID must be 1 to 11 characters, got 12"),
            ("Acme-Inc", "an alphanumeric sender ID may contain only A-Z, a-z, 0-9 and spaces; found \"-\" (U+002D)"),
            ("Café", "an alphanumeric sender ID may contain only A-Z, a-z, 0-9 and spaces; found \"é\" (U+00E9)"),
            ("!!!", "an alphanumeric sender ID may contain only A-Z, a-z, 0-9 and spaces; found \"!\" (U+0021)"),
        ]
    )
    func refusesBadIDs(raw: String, reason: String) {
        #expect(throws: SMSValidationError.invalidSender(reason: reason)) { try Sender(parsing: raw) }
    }

    @Test(
        "an all-digit sender is checked as a phone number, in the from field",
        arguments: [
            ("12345", "must have 7 to 15 digits, got 5"),
            ("0800 123 4567", "must not start with 0; use the international format with country code"),
        ]
    )
    func digitSendersAreNumbers(raw: String, reason: String) {
        #expect(throws: SMSValidationError.invalidNumber(field: "from", reason: reason)) { try Sender(parsing: raw) }
    }
}
