import Foundation
import JSON
import Testing

@testable import FunctionRuntime

@Suite("JSONValueEncoder")
struct JSONValueEncoderTests {
    enum Kind: String, Encodable { case sms, mms }

    struct Inner: Encodable, Equatable {
        var name: String
        var count: Int
    }

    struct Sample: Encodable {
        var text = "a/b \"quoted\" é 😀\n"
        var status = 202
        var ratio = 0.25
        var big: Int64 = 9_007_199_254_740_992
        var flag = true
        var kind = Kind.sms
        var missing: String?
        var present: String? = "here"
        var inners = [Inner(name: "x", count: 1), Inner(name: "y", count: -2)]
        var empty: [String] = []
        var matrix = [[1, 2], [3]]
        var labels = ["b": "2", "a": "1"]
        var optionalInner: Inner? = Inner(name: "z", count: 0)
    }

    /// Encodes through a manual `encode(to:)` with nested and super containers.
    struct Manual: Encodable {
        enum Keys: String, CodingKey { case outer, list, base }
        enum Nested: String, CodingKey { case value }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var nested = container.nestedContainer(keyedBy: Nested.self, forKey: .outer)
            try nested.encode(1.5, forKey: .value)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try list.encode("one")
            try list.encodeNil()
            var deeper = list.nestedContainer(keyedBy: Nested.self)
            try deeper.encode(false, forKey: .value)
            try Inner(name: "base", count: 3).encode(to: container.superEncoder(forKey: .base))
        }
    }

    func expectSameBytes(_ value: some Encodable) throws {
        let ours = String(decoding: try JSONValueEncoder().encode(value).jsonBytes, as: UTF8.self)
        let reference = String(decoding: try JSONCoding.encoder.encode(value), as: UTF8.self)
        #expect(ours == reference)
    }

    @Test("answers encode to the same bytes as the sorted-key JSONEncoder")
    func matchesJSONEncoder() throws {
        try expectSameBytes(Sample())
        try expectSameBytes(Manual())
        try expectSameBytes(["top", "level"])
        try expectSameBytes("scalar")
        try expectSameBytes(
            Problem(
                status: 422, title: "Invalid fields.", detail: "to: not E.164",
                invalidParams: [.init(name: "to", reason: "not E.164")]))
    }

    @Test("a problem's hand-built JSON is byte for byte what its Codable form encodes to")
    func problemJSONValueMatchesCodable() throws {
        for problem in [
            Problem(status: 404, title: "Not found.", detail: "No such message."),
            Problem(
                status: 422, title: "Invalid.", detail: "x", type: "urn:x",
                invalidParams: [.init(name: "a", reason: "b")]),
        ] {
            let reference = String(decoding: try JSONCoding.encoder.encode(problem), as: UTF8.self)
            #expect(String(decoding: problem.jsonValue.jsonBytes, as: UTF8.self) == reference)
        }
    }

    @Test("a problem answer written by the runtime parses back to the problem's fields")
    func problemBodyRoundTrips() throws {
        let response = HTTPError.unprocessable("Invalid.", invalidParams: [.init(name: "to", reason: "bad")]).response
        let value = try JSONParser.parse(response.body)
        #expect(value["status"] == .number(422))
        #expect(value["invalid_params"] == .array([.object(["name": .string("to"), "reason": .string("bad")])]))
        #expect(response.headers["Content-Type"] == "application/problem+json")
    }
}
