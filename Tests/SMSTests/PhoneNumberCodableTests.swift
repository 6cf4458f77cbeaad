import Foundation
import SMS
import Testing

struct PhoneNumberCodableTests {
    struct Body: Codable, Equatable {
        var to: PhoneNumber
    }

    @Test("decodes from a JSON string with the parsing rules and encodes as bare digits")
    func roundTripsAsDigits() throws {
        let body = try JSONDecoder().decode(Body.self, from: Data(#"{"to":"+1 (415) 555-0101"}"#.utf8))
        #expect(body.to.digits == "14155550101")
        let json = String(decoding: try JSONEncoder().encode(body), as: UTF8.self)
        #expect(json == #"{"to":"14155550101"}"#)
    }

    @Test("a bad number in a JSON body surfaces as a validation error named after its key")
    func decodingErrorIsValidationError() {
        struct Other: Decodable { var from: PhoneNumber }
        #expect(throws: SMSValidationError.invalidNumber(field: "from", reason: "must not contain letters")) {
            try JSONDecoder().decode(Other.self, from: Data(#"{"from":"1-800-FLOWERS"}"#.utf8))
        }
    }
}
