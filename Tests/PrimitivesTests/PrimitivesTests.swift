import Foundation
import Primitives
import Testing

@Suite("Base64URL")
struct Base64URLTests {
    @Test("encodes without padding, with - and _ where base64 has + and /")
    func encodes() {
        #expect(Base64URL.encode([UInt8]()) == "")
        #expect(Base64URL.encode(Array("f".utf8)) == "Zg")
        #expect(Base64URL.encode(Array("fo".utf8)) == "Zm8")
        #expect(Base64URL.encode(Array("foo".utf8)) == "Zm9v")
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
        #expect(Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8)) == "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9")
    }

    @Test("every byte string survives an encode and a decode, whatever its length modulo 3")
    func roundTrips() {
        let bytes = (0..<256).map { UInt8($0) }
        for length in 0..<70 {
            let slice = Array(bytes[(length * 3 % 180)...].prefix(length))
            #expect(Base64URL.decode(Base64URL.encode(slice)) == Data(slice), "\(length)")
        }
    }

    @Test(
        "text that is not unpadded base64url decodes to nil",
        arguments: ["Zg==", "Zm8=", "+/+/", "Zm 9v", "Zm9v\n", "a", "abcde", "Zm9v!", "é"])
    func refuses(_ text: String) {
        #expect(Base64URL.decode(text) == nil)
    }
}

@Suite("Hex")
struct HexTests {
    @Test("bytes are written as two lowercase digits each")
    func lowercase() {
        #expect(Hex.string([0x00, 0x0F, 0xA0, 0xFF]) == "000fa0ff")
        #expect(Hex.lowercase([0xAB]) == Array("ab".utf8))
        #expect(Hex.string([UInt8]()) == "")
    }

    @Test("folding lowercases ASCII letters only")
    func folding() {
        #expect(Hex.foldedASCII("00FFaB") == Array("00ffab".utf8))
        #expect(Hex.foldedASCII("É-Z") == Array("É-z".utf8))
    }
}

@Suite("ConstantTime")
struct ConstantTimeTests {
    @Test("equal exactly when both hold the same bytes")
    func equality() {
        #expect(ConstantTime.equal([1, 2, 3], [1, 2, 3] as [UInt8]))
        #expect(ConstantTime.equal([UInt8](), [UInt8]()))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2, 4] as [UInt8]))
        #expect(!ConstantTime.equal([0, 2, 3], [1, 2, 3] as [UInt8]))
        #expect(!ConstantTime.equal([1, 2], [1, 2, 3] as [UInt8]))
        #expect(ConstantTime.equal(Array("abc".utf8), "abc".utf8))
    }
}

@Suite("Whitespace trimming")
struct TrimmingTests {
    @Test(
        "leading and trailing whitespace and line breaks go; inner whitespace stays",
        arguments: [
            ("  token  ", "token"), ("\ttoken\r\n", "token"), ("a b", "a b"), (" \t a\tb \n", "a\tb"), ("", ""),
            (" \n\t ", ""), ("\u{00A0}+44 7700\u{00A0}", "+44 7700"), ("x", "x"),
        ])
    func trims(_ text: String, _ expected: String) {
        #expect(text.trimmingWhitespace() == expected)
        #expect(text[...].trimmingWhitespace() == expected)
    }
}
