import Foundation
import JSON
import Testing

@Suite("JSON parser and writer")
struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    /// What the writer is held to: `JSONEncoder` with sorted keys and unescaped slashes (the answers' settings).
    var referenceEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    @Test("every JSON value kind parses to the matching case")
    func valuesParse() throws {
        let value = try parse(
            #" {"s":"a\"b\\c\/d\n\u00e9\ud83d\ude00","n":-12.5e2,"z":0,"t":true,"f":false,"x":null,"a":[1,[],{}]} "#)
        #expect(value["s"] == .string("a\"b\\c/d\né😀"))
        #expect(value["n"] == .number(-1250))
        #expect(value["z"] == .number(0))
        #expect(value["t"] == .bool(true))
        #expect(value["f"] == .bool(false))
        #expect(value["x"] == .null)
        #expect(value["a"] == .array([.number(1), .array([]), .object([:])]))
    }

    @Test("the parser agrees with JSONDecoder on every sample event in events/")
    func agreesWithJSONDecoderOnSampleEvents() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("events")
        let folders = try FileManager.default.contentsOfDirectory(atPath: root.path)
        var compared = 0
        for folder in folders {
            let directory = root.appendingPathComponent(folder)
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { continue }
            for file in files where file.hasSuffix(".json") {
                let bytes = try Data(contentsOf: directory.appendingPathComponent(file))
                let expected = try JSONDecoder().decode(JSONValue.self, from: bytes)
                #expect(try JSONParser.parse(Array(bytes)) == expected, "\(folder)/\(file)")
                compared += 1
            }
        }
        #expect(compared >= 10)
    }

    @Test(
        "malformed JSON is refused, as JSONDecoder refuses it",
        arguments: [
            "", " ", "{", "}", "[,]", "{,}", "[1,,]", "{\"a\" 1}", "{a:1}", "01", "1.", ".5", "-", "+1", "1e", "1e+",
            "tru", "nul", "\"abc", "\"a\tb\"", "\"\\x\"", "\"\\u12\"", "\"\\ud83d\"", "\"\\ude00\"",
            "\"\\ud83d\\u0041\"", "1e999", "{} {}", "[1] x", "'a'",
        ])
    func malformedIsRefused(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try parse(text) }
        #expect(throws: (any Error).self) { try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }
    }

    @Test("a string that is not UTF-8 is refused")
    func invalidUTF8IsRefused() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0x5C, 0x6E, 0xFF, 0x22]) }
    }

    @Test("nesting deeper than the limit is refused instead of exhausting the stack")
    func deepNestingIsRefused() throws {
        let limit = JSONParser.maximumDepth
        #expect(throws: JSONParser.Failure.self) {
            try parse(String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1))
        }
        #expect(throws: JSONParser.Failure.self) { try parse(String(repeating: "[", count: 100_000)) }
        var value = try parse(String(repeating: "[", count: limit) + String(repeating: "]", count: limit))
        var depth = 1
        while case .array(let elements) = value, let inner = elements.first {
            value = inner
            depth += 1
        }
        #expect(depth == limit)
    }

    /// The top-level members named `a` (whole) and `o` (only its `x`), read with `JSONReader`; the rest is left.
    func readAAndOX(_ bytes: [UInt8]) throws -> [String: JSONValue] {
        try JSONReader.read(bytes) { (reader) throws(JSONParser.Failure) -> [String: JSONValue] in
            var found: [String: JSONValue] = [:]
            try reader.members { (key, reader) throws(JSONParser.Failure) in
                if key == "a" {
                    found[key.string] = try reader.value()
                } else if key == "o" {
                    var inner: [String: JSONValue] = [:]
                    try reader.members { (key, reader) throws(JSONParser.Failure) in
                        if key == "x" { inner["x"] = try reader.value() }
                    }
                    found["o"] = .object(inner)
                }
            }
            return found
        }
    }

    @Test("the reader builds the members asked for and checks the ones it leaves")
    func readerBuildsOnlyWhatItIsAskedFor() throws {
        let text = #"{"a":[1,{"k":"v"}],"b":[1,{"c":"d\n"}, true, null, -2.5e3],"o":{"x":2,"y":{"z":[]}},"é":"ü",}"#
        let found = try readAAndOX(Array(text.utf8))
        #expect(found == ["a": .array([.number(1), .object(["k": .string("v")])]), "o": .object(["x": .number(2)])])
        #expect(try readAAndOX(Array(#"{ }"#.utf8)).isEmpty)
        // An escaped key is compared by what it decodes to.
        #expect(try readAAndOX(Array(#"{"\u0061":true}"#.utf8)) == ["a": .bool(true)])
    }

    @Test(
        "malformed JSON inside a member the reader leaves is still refused",
        arguments: [
            #"{"a":1,"b":[1,}"#, #"{"a":1,"b":"\x"}"#, #"{"a":1,"b":"\u00"}"#, "{\"a\":1,\"b\":\"a\u{09}b\"}",
            #"{"a":1,"b":{"c" 1}}"#, #"{"a":1,"b":01}"#, #"{"a":1,"b":tru}"#, #"{"a":1,"b":[,]}"#, #"{"a":1,"b":{,}}"#,
            #"{"a":1,"b":"\ud83d"}"#, #"{"a":1,"b":1e999}"#, #"{"a":1,"b":[1]]"#, #"{"a":1,}}"#, #"{"a":1 "b":2}"#,
            #"{"a":1,,"b":2}"#, #"{,}"#, #"{"a" 1}"#, #"{"a":}"#, #"{"a":1} x"#, #"{"o":{"x":1,"y":}}"#, #"{"#,
        ])
    func readerStillValidates(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try readAAndOX(Array(text.utf8)) }
        #expect(throws: JSONParser.Failure.self) { try parse(text) }
    }

    @Test("a number the reader leaves is accepted or refused as the parser would: only an infinite one is refused")
    func readerChecksNumbersItLeaves() throws {
        let digits = String(repeating: "9", count: 308)
        let cases: [(String, Bool)] = [
            (digits, true), (digits + "9", false), ("-" + digits + "9", false),
            ("1" + String(repeating: "0", count: 299), true), ("1" + String(repeating: "0", count: 400), false),
            (digits + "." + String(repeating: "9", count: 400), true), ("1e308", true), ("1e309", false),
            ("-1E+999", false), ("1e-999", true), ("0.5e2", true), ("1695992400123", true),
        ]
        for (number, finite) in cases {
            let text = #"{"a":1,"b":"# + number + "}"
            if finite {
                #expect(try readAAndOX(Array(text.utf8)) == ["a": .number(1)], "\(number.prefix(12))")
                #expect(try parse(text)["b"] != nil)
            } else {
                #expect(throws: JSONParser.Failure.self, "\(number.prefix(12))") { try readAAndOX(Array(text.utf8)) }
                #expect(throws: JSONParser.Failure.self) { try parse(text) }
            }
        }
    }

    @Test("the reader refuses invalid UTF-8 in keys and values it leaves, and excessive nesting")
    func readerStillRefusesBadBytes() {
        #expect(throws: JSONParser.Failure.self) {
            try readAAndOX(Array(#"{"a":1,"b":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8))
        }
        #expect(throws: JSONParser.Failure.self) {
            try readAAndOX(Array(#"{"a":1,""#.utf8) + [0xC3, 0x28] + Array(#"":2}"#.utf8))
        }
        let deep =
            String(repeating: "[", count: JSONParser.maximumDepth)
            + String(repeating: "]", count: JSONParser.maximumDepth)
        #expect(throws: JSONParser.Failure.self) { try readAAndOX(Array((#"{"a":1,"b":"# + deep + "}").utf8)) }
        #expect(throws: JSONParser.Failure.self) { try readAAndOX(Array((#"{"a":"# + deep + "}").utf8)) }
    }

    @Test("a trailing comma is tolerated, as JSONDecoder tolerates it")
    func trailingCommaIsTolerated() throws {
        #expect(try parse("[1,]") == .array([.number(1)]))
        #expect(try parse(#"{"a":1, }"#) == .object(["a": .number(1)]))
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data("[1,]".utf8)) == .array([.number(1)]))
    }

    @Test("a duplicated key keeps its last value")
    func duplicateKeyKeepsLast() throws {
        #expect(try parse(#"{"a":1,"a":2}"#)["a"] == .number(2))
    }

    @Test("the writer's output is what a sorted-key JSONEncoder writes for the same value")
    func writerMatchesJSONEncoder() throws {
        let value = JSONValue.object([
            "statusCode": .number(200), "body": .string("{\"a\":\"/x\"}\n\u{01}é😀"), "isBase64Encoded": .bool(false),
            "headers": .object(["content-type": .string("application/json"), "b": .string("")]),
            "list": .array([.null, .number(-1.5), .number(1e20), .number(0.1)]),
        ])
        let expected = try referenceEncoder.encode(value)
        #expect(String(decoding: value.jsonBytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }

    @Test("strings short and long (the writer's stack and heap scratch) are escaped as JSONEncoder escapes them")
    func writerEscapesEveryControlCharacter() throws {
        let ascii = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        for text in ["", "plain", ascii, String(repeating: ascii + "é😀", count: 20)] {
            let value = JSONValue.array([.string(text)])
            let expected = try referenceEncoder.encode(value)
            #expect(String(decoding: value.jsonBytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
            #expect(try JSONParser.parse(value.jsonBytes) == value)
        }
    }

    @Test("integers are written in decimal as String(_:) writes them")
    func writerIntegers() {
        for value in [0, 7, 10, 200, 413, 65_536, 1_000_000_007, Int.max, -1, Int.min] {
            var output: [UInt8] = [0x2C]
            JSONValue.writeInteger(value, into: &output)
            #expect(output == [0x2C] + Array(String(value).utf8))
        }
    }

    @Test("what the parser reads, the writer writes back to the same value")
    func roundTrip() throws {
        let text = #"{"k":["\u0000\u001f\"\\",-0.25,123456789012,true,null,{"n":{"m":[]}}],"é":"\ud83d\ude00"}"#
        let value = try parse(text)
        #expect(try JSONParser.parse(value.jsonBytes) == value)
    }
}
