import SMS
import Testing

/// The GSM-7 tables typed again from 3GPP TS 23.038, independently of the library's copy.
enum ReferenceGSM7 {
    static let basic: [Character] = Array(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
    )
    static let extensionTable: [Character] = ["\u{0C}", "^", "{", "}", "\\", "[", "~", "]", "|", "€"]
}

struct GSM7TableTests {
    @Test("the reference basic table has the 127 printable GSM-7 characters")
    func referenceTableIsComplete() {
        #expect(ReferenceGSM7.basic.count == 127)
        #expect(Set(ReferenceGSM7.basic).count == 127)
    }

    @Test("every basic-table character is GSM-7 and counts one septet", arguments: ReferenceGSM7.basic)
    func basicCharacterIsOneSeptet(character: Character) throws {
        let info = try SMSText.analyze("a" + String(character), option: .auto)
        #expect(info.encoding == .text)
        #expect(info.units == 2)
    }

    @Test(
        "every extension-table character, form feed included, counts two septets",
        arguments: ReferenceGSM7.extensionTable
    )
    func extensionCharacterIsTwoSeptets(character: Character) throws {
        let info = try SMSText.analyze("a" + String(character), option: .auto)
        #expect(info.encoding == .text)
        #expect(info.units == 3)
    }

    @Test(
        "look-alikes outside GSM-7 switch auto to UCS-2",
        arguments: [
            "ç", "á", "Ã", "`", "\u{2019}", "\u{201C}", "😀", "ж", "中", "\t", "\u{00A0}", "Ω\u{2126}",
            "e\u{0301}", "ſ",
        ]
    )
    func nonGSMSwitchesToUnicode(text: String) throws {
        #expect(GSM7.septets(for: try #require(text.unicodeScalars.last)) == nil)
        #expect(try SMSText.analyze("a" + text, option: .auto).encoding == .unicode)
    }

    @Test("the public lookup agrees with the reference tables")
    func lookupMatchesReference() throws {
        for character in ReferenceGSM7.basic {
            #expect(GSM7.septets(for: try #require(character.unicodeScalars.first)) == 1, "\(character)")
        }
        for character in ReferenceGSM7.extensionTable {
            #expect(GSM7.septets(for: try #require(character.unicodeScalars.first)) == 2, "\(character)")
        }
        let known = Set((ReferenceGSM7.basic + ReferenceGSM7.extensionTable).flatMap { $0.unicodeScalars.map(\.value) })
        for value in UInt32(0)..<0x3000 where !known.contains(value) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(GSM7.septets(for: scalar) == nil, "U+\(String(value, radix: 16))")
        }
    }

    @Test("CR LF is two septets although Swift sees one Character")
    func crlfIsTwoSeptets() throws {
        let info = try SMSText.analyze("a\r\nb", option: .auto)
        #expect(info.encoding == .text)
        #expect(info.units == 4)
    }
}
