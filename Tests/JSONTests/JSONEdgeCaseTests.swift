import JSON
import Testing

/// The corners of RFC 8259 the parser and writer must get exactly right: every escape, UTF-16 surrogates, number
/// grammar and precision, nesting limits, where a failure is reported, and values surviving a write and a parse.
@Suite("JSON edge cases")
struct JSONEdgeCaseTests {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }
    func written(_ value: JSONValue) -> String { String(decoding: value.jsonBytes, as: UTF8.self) }

    @Test("each two-character escape reads as its character")
    func shortEscapes() throws {
        #expect(try parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{08}\u{0C}\n\r\t"))
    }

    @Test("\\u escapes read in either hex case, including NUL")
    func unicodeEscapes() throws {
        #expect(try parse(#""\u00E9\u00e9\u0041\u0000\uFFFF""#) == .string("ééA\u{0}\u{FFFF}"))
    }

    @Test("a surrogate pair escape is one character beyond the BMP, as is the same character in raw UTF-8")
    func surrogatePairs() throws {
        #expect(try parse(#""\uD83D\uDE00""#) == .string("😀"))
        #expect(try parse(#""\ud834\udd1e""#) == .string("\u{1D11E}"))
        #expect(try parse("\"😀𝄞\"") == .string("😀\u{1D11E}"))
        #expect(try parse(#""\udbff\udfff""#) == .string("\u{10FFFF}"))
    }

    @Test(
        "a surrogate escape that is not a high-then-low pair is refused",
        arguments: [#""\udc00\ud800""#, #""\ud800\n""#, #""\ud800x""#, #""\ud800\ud800""#, #""\udfff""#])
    func brokenSurrogatesAreRefused(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try parse(text) }
    }

    @Test("a raw control character inside a string is refused; DEL and everything above it is text")
    func controlCharactersMustBeEscaped() throws {
        for byte in UInt8(0)...0x1F {
            #expect(throws: JSONParser.Failure.self, "\(byte)") { try JSONParser.parse([0x22, byte, 0x22]) }
        }
        #expect(try JSONParser.parse([0x22, 0x7F, 0x22]) == .string("\u{7F}"))
    }

    @Test("bytes that are not UTF-8 are refused: a lone continuation, a truncated sequence, an unpaired lead")
    func malformedUTF8IsRefused() {
        for bytes: [UInt8] in [[0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC3], [0xFF], [0xFE]] {
            #expect(throws: JSONParser.Failure.self, "\(bytes)") { try JSONParser.parse([0x22] + bytes + [0x22]) }
        }
    }

    @Test(
        "numbers follow the JSON grammar",
        arguments: [
            ("0", 0.0), ("-0", -0.0), ("7", 7), ("-12", -12), ("1.5", 1.5), ("1E2", 100), ("1e-2", 0.01),
            ("-1.5E+3", -1500), ("0.000001", 0.000001), ("1e308", 1e308), ("5e-324", 5e-324),
            ("123456789012345678901234567890", 1.2345678901234568e29),
        ])
    func numbersParse(_ text: String, _ expected: Double) throws {
        let number = try #require(try parse(text).number)
        #expect(number == expected)
        #expect(number.sign == expected.sign)
    }

    @Test("an integer beyond 2^53 reads as the nearest Double, as JSONDecoder reads it")
    func largeIntegersRound() throws {
        #expect(try parse("9007199254740993").number == 9_007_199_254_740_992)
        #expect(try parse("[9007199254740991]") == .array([.number(9_007_199_254_740_991)]))
    }

    @Test(
        "numbers outside the grammar are refused",
        arguments: ["00", "-01", "1.e5", "- 1", "1e", "1E+", "0x10", "Infinity", "-Infinity", "NaN", ".1", "1..2"])
    func malformedNumbersAreRefused(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try parse(text) }
    }

    @Test("only space, tab, CR and LF are whitespace")
    func whitespace() throws {
        #expect(try parse(" \t\r\n[ 1 , \n2\t]\r\n ") == .array([.number(1), .number(2)]))
        for byte: UInt8 in [0x0C, 0x0B, 0xA0] {
            #expect(throws: JSONParser.Failure.self, "\(byte)") { try JSONParser.parse([byte, 0x31]) }
        }
    }

    @Test("the failure names the offset where the input stopped being JSON")
    func failureOffset() {
        for (text, offset) in [("", 0), ("[1,x]", 3), ("1 2", 2), (#"{"a":1,}x"#, 8)] {
            let failure = #expect(throws: JSONParser.Failure.self) { try parse(text) }
            #expect(failure?.offset == offset, "\(text)")
        }
    }

    @Test("objects nest to the limit and no further, as arrays do")
    func objectNestingLimit() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: #"{"a":"#, count: depth - 1) + "{}" + String(repeating: "}", count: depth - 1)
        }
        var value = try parse(nested(JSONParser.maximumDepth))
        var depth = 1
        while let inner = value["a"] {
            value = inner
            depth += 1
        }
        #expect(depth == JSONParser.maximumDepth)
        #expect(throws: JSONParser.Failure.self) { try parse(nested(JSONParser.maximumDepth + 1)) }
    }

    @Test("the writer escapes quotes, backslashes and control characters, and nothing else")
    func writerEscapes() {
        #expect(written(.string("a\"b\\c/d")) == #""a\"b\\c/d""#)
        #expect(written(.string("\n\r\t\u{08}\u{0C}")) == #""\n\r\t\b\f""#)
        #expect(written(.string("\u{0}\u{1F}\u{7F}")) == "\"\\u0000\\u001f\u{7F}\"")
        #expect(written(.string("é😀\u{2028}")) == "\"é😀\u{2028}\"")
    }

    @Test("integral numbers within 2^53 are written without a fraction; others as Swift prints them")
    func writerNumbers() {
        #expect(written(.number(200)) == "200")
        #expect(written(.number(-0.0)) == "0")
        #expect(written(.number(-42)) == "-42")
        #expect(written(.number(9_007_199_254_740_992)) == "9007199254740992")
        #expect(written(.number(0.5)) == "0.5")
        #expect(written(.number(1e300)) == "1e+300")
        #expect(written(.number(-2.5e-8)) == "-2.5e-08")
    }

    @Test("a number JSON cannot carry is written as null")
    func writerNonFinite() {
        #expect(written(.array([.number(.nan), .number(.infinity), .number(-.infinity)])) == "[null,null,null]")
    }

    @Test("objects are written with sorted keys and no whitespace")
    func writerLayout() {
        let value = JSONValue.object(["b": .array([.null, .bool(true)]), "a": .object([:]), "": .string("")])
        #expect(written(value) == #"{"":"","a":{},"b":[null,true]}"#)
    }

    @Test("every value written and parsed again is the same value, numbers to the last bit")
    func roundTrip() throws {
        let numbers: [Double] = [
            0, 1, -1, 0.1, 1.0 / 3, 1e-300, 5e-324, 1.7976931348623157e308, -2.5e-8, 123_456.789, 9_007_199_254_740_993,
        ]
        let strings = [
            "", "plain", "\u{0}\u{1}\u{1F}\"\\/", "é😀\u{10FFFF}\u{FFFD}", String(repeating: "ab\n", count: 300),
        ]
        let value = JSONValue.object([
            "numbers": .array(numbers.map { .number($0) }),
            "strings": .array(strings.map { .string($0) }),
            "keys": .object(Dictionary(uniqueKeysWithValues: strings.map { ($0, JSONValue.null) })),
            "nested": .array([.array([.object(["x": .array([.bool(false)])])])]),
        ])
        let parsed = try JSONParser.parse(value.jsonBytes)
        #expect(parsed == value)
        for (number, back) in zip(numbers, try #require(parsed["numbers"]?.array)) {
            #expect(back.number?.bitPattern == number.bitPattern, "\(number)")
        }
    }
}
