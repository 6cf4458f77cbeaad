import SMS
import Testing

let cannotEncode = "which GSM-7 cannot encode; use encoding \"auto\" or \"unicode\""

struct SegmentTests {
    static func plain(_ count: Int) -> String { String(repeating: "a", count: count) }
    static func cyrillic(_ count: Int) -> String { String(repeating: "ж", count: count) }

    @Test(
        "GSM-7 fills 160 septets in one SMS, then 153 per part",
        arguments: [(1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4), (918, 6)]
    )
    func plainGSMBoundaries(length: Int, segments: Int) throws {
        let info = try SMSText.analyze(Self.plain(length), option: .auto)
        #expect(info == SMSTextInfo(encoding: .text, segments: segments, units: length, characters: length))
    }

    @Test("an extension character at the single-SMS boundary needs its two septets")
    func extensionAtSingleBoundary() throws {
        #expect(try SMSText.analyze(Self.plain(158) + "€", option: .auto).segments == 1)
        let over = try SMSText.analyze(Self.plain(159) + "€", option: .auto)
        #expect(over.units == 161)
        #expect(over.segments == 2)
        #expect(over.characters == 160)
    }

    @Test("an escape pair that would straddle the 153-septet boundary moves whole to the next part")
    func escapePairNotSplit() throws {
        // 152 + 2 + 152 = 306 septets: ceil(306 / 153) would say 2, but the pair cannot share part one.
        let straddling = try SMSText.analyze(Self.plain(152) + "€" + Self.plain(152), option: .auto)
        #expect(straddling.units == 306)
        #expect(straddling.segments == 3)
        // The same 306 septets with the pair inside part one fit in 2.
        let fitting = try SMSText.analyze(Self.plain(151) + "€" + Self.plain(153), option: .auto)
        #expect(fitting.units == 306)
        #expect(fitting.segments == 2)
    }

    @Test(
        "UCS-2 fills 70 code units in one SMS, then 67 per part",
        arguments: [(70, 1), (71, 2), (134, 2), (135, 3)]
    )
    func unicodeBoundaries(length: Int, segments: Int) throws {
        let info = try SMSText.analyze(Self.cyrillic(length), option: .auto)
        #expect(info == SMSTextInfo(encoding: .unicode, segments: segments, units: length, characters: length))
    }

    @Test("an emoji is two UTF-16 units, so 35 fill one SMS and one more character needs two")
    func emojiCountTwice() throws {
        let full = try SMSText.analyze(String(repeating: "😀", count: 35), option: .auto)
        #expect(full == SMSTextInfo(encoding: .unicode, segments: 1, units: 70, characters: 70))
        let over = try SMSText.analyze(String(repeating: "😀", count: 35) + "a", option: .auto)
        #expect(over.units == 71)
        #expect(over.segments == 2)
    }

    @Test("a surrogate pair that would straddle the 67-unit boundary moves whole to the next part")
    func surrogatePairNotSplit() throws {
        let straddling = try SMSText.analyze(Self.cyrillic(66) + "😀" + Self.cyrillic(66), option: .auto)
        #expect(straddling.units == 134)
        #expect(straddling.segments == 3)
        let fitting = try SMSText.analyze(Self.cyrillic(65) + "😀" + Self.cyrillic(67), option: .auto)
        #expect(fitting.units == 134)
        #expect(fitting.segments == 2)
    }

    @Test("one non-GSM character turns the whole text to UCS-2")
    func oneNonGSMCharacterTurnsAllToUnicode() throws {
        let info = try SMSText.analyze(Self.plain(69) + "ç", option: .auto)
        #expect(info == SMSTextInfo(encoding: .unicode, segments: 1, units: 70, characters: 70))
        #expect(try SMSText.analyze(Self.plain(70) + "ç", option: .auto).segments == 2)
    }

    @Test("forced unicode counts GSM text in UTF-16 units")
    func forcedUnicode() throws {
        let info = try SMSText.analyze(Self.plain(71), option: .unicode)
        #expect(info == SMSTextInfo(encoding: .unicode, segments: 2, units: 71, characters: 71))
        #expect(try SMSText.analyze("€", option: .unicode).units == 1)
    }

    @Test("forced text keeps GSM-7 and its septet count")
    func forcedTextOnGSM() throws {
        let info = try SMSText.analyze("Price: 5€ [net]", option: .text)
        #expect(info == SMSTextInfo(encoding: .text, segments: 1, units: 18, characters: 15))
    }

    @Test(
        "forced text refuses a character GSM-7 cannot carry, naming the first one",
        arguments: [
            ("Ça coûte 5€", "contains \"û\" (U+00FB), " + cannotEncode),
            ("hi 😀 ж", "contains \"😀\" (U+1F600), " + cannotEncode),
            ("tab\there", "contains U+0009, " + cannotEncode),
            ("cafe\u{0301}", "contains U+0301, " + cannotEncode),
        ]
    )
    func forcedTextRefusesNonGSM(text: String, reason: String) throws {
        let error = #expect(throws: SMSValidationError.self) { try SMSText.analyze(text, option: .text) }
        #expect(error?.field == "text")
        #expect(error?.reason == reason)
        #expect(error == .notGSM7(try #require(text.unicodeScalars.first { GSM7.septets(for: $0) == nil })))
    }

    @Test("SMSText keeps the text and its analysis together")
    func smsTextCarriesInfo() throws {
        let text = try SMSText("Hello €", option: .auto)
        #expect(text.text == "Hello €")
        #expect(text.info == SMSTextInfo(encoding: .text, segments: 1, units: 8, characters: 7))
    }
}
