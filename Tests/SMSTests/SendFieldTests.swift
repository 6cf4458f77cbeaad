import SMS
import Testing

struct SendFieldTests {
    @Test(
        "client_ref up to 100 characters is returned unchanged",
        arguments: ["r", "order-42", String(repeating: "x", count: 100)]
    )
    func clientRefAccepted(value: String) throws {
        #expect(try ClientRef.validate(value) == value)
    }

    @Test(
        "client_ref that is empty or over 100 characters is refused",
        arguments: [
            ("", "must not be empty; omit the field instead"),
            (String(repeating: "x", count: 101), "must be at most 100 characters, got 101"),
            (String(repeating: "😀", count: 51), "must be at most 100 characters, got 102"),
        ]
    )
    func clientRefRefused(value: String, reason: String) {
        let error = #expect(throws: SMSValidationError.self) { try ClientRef.validate(value) }
        #expect(error == .invalidClientRef(reason: reason))
        #expect(error?.field == "client_ref")
    }

    @Test("ttl from 20 to 604800 seconds is accepted", arguments: [20, 600, 604_800])
    func ttlAccepted(seconds: Int) throws {
        #expect(try TTL.validate(seconds) == seconds)
    }

    @Test("ttl outside 20...604800 seconds is refused with the range", arguments: [19, 0, -5, 604_801, 604_800_000])
    func ttlRefused(seconds: Int) {
        let error = #expect(throws: SMSValidationError.self) { try TTL.validate(seconds) }
        #expect(error?.field == "ttl")
        #expect(error?.reason == "must be between 20 and 604800 seconds, got \(seconds)")
    }

    @Test("encoding accepts exactly auto, text and unicode", arguments: EncodingOption.allCases)
    func encodingAccepted(option: EncodingOption) throws {
        #expect(try EncodingOption(parsing: option.rawValue) == option)
    }

    @Test("any other encoding is refused", arguments: ["", "AUTO", "gsm", "ucs2", "binary"])
    func encodingRefused(raw: String) {
        #expect(throws: SMSValidationError.invalidEncoding(reason: "must be \"auto\", \"text\" or \"unicode\"")) {
            try EncodingOption(parsing: raw)
        }
    }

    @Test("errors describe themselves as field: reason")
    func errorDescription() {
        let error = SMSValidationError.tooManySegments(needed: 7, limit: 6)
        #expect("\(error)" == "text: needs 7 segments, the limit is 6")
    }
}
