import Testing

@testable import VonageWebhooks

@Suite("CompactJSON")
struct CompactJSONTests {
    @Test(arguments: [
        (" { \"a\" : 1 ,\n\t\"b\" : [ true , null ] } ", #"{"a":1,"b":[true,null]}"#),
        (#"{"k v": " spaced \" quote ", "n": -1.5e3}"#, #"{"k v":" spaced \" quote ","n":-1.5e3}"#),
        (#"{"esc": "back\\", "next" : "x"}"#, #"{"esc":"back\\","next":"x"}"#),
        (#"{"z":1,"a":2}"#, #"{"z":1,"a":2}"#),
        (#"{"u":"\u00e9\/"}"#, #"{"u":"\u00e9\/"}"#),
    ])
    func removesWhitespaceOutsideStringsOnlyKeepingOrderAndEscapes(input: String, expected: String) throws {
        let compact = try #require(CompactJSON.compact(Array(input.utf8)))
        #expect(String(decoding: compact, as: UTF8.self) == expected)
    }

    @Test(arguments: [#"{"a":1 2}"#, #"{"a":true false}"#, #"["a" "b"]"#, #"{"open":"never closed}"#])
    func refusesTextWhereCompactingWouldJoinTokensOrAStringIsLeftOpen(input: String) {
        #expect(CompactJSON.compact(Array(input.utf8)) == nil)
    }
}
