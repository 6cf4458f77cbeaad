/// A strict RFC 8259 parser from bytes to `JSONValue`.
///
/// A warm Lambda instance decodes one event per invocation; `JSONDecoder` into `JSONValue` (a generic `Decodable`
/// walk with a container per value) was 40% of the bootstrap's own CPU per invocation, measured with `perf` under
/// the RIE. This reads the bytes once and builds the values directly. It accepts what `JSONDecoder` accepts for an
/// event: one value with optional surrounding whitespace, UTF-8 strings with escapes, finite numbers, and (like
/// `JSONDecoder`) a trailing comma in an array or object.
public struct JSONParser {
    /// Why the bytes are not JSON; `offset` is where the parser stopped.
    public struct Failure: Error, Equatable, Sendable {
        /// Byte offset of the problem.
        public let offset: Int
    }

    /// Nesting deeper than this is refused (as `JSONDecoder` does), so hostile input cannot exhaust the stack.
    public static let maximumDepth = 512

    /// Parses `bytes` as one JSON value.
    public static func parse(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(Failure) -> JSONValue in
            var parser = Cursor(bytes: buffer)
            parser.skipWhitespace()
            let value = try parser.value(depth: 0)
            parser.skipWhitespace()
            guard parser.index == buffer.count else { throw Failure(offset: parser.index) }
            return value
        }
    }
}

/// The position in a document being parsed, and the grammar over it (`JSONParser` builds values with it,
/// `JSONReader` walks members with it).
struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var failure: JSONParser.Failure { JSONParser.Failure(offset: index) }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func value(depth: Int) throws(JSONParser.Failure) -> JSONValue {
        guard index < bytes.count else { throw failure }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default: return .number(try number())
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONParser.Failure) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw failure }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw failure }
        index += count
    }

    private mutating func object(depth: Int) throws(JSONParser.Failure) -> JSONValue {
        guard depth <= JSONParser.maximumDepth else { throw failure }
        index += 1
        // Members are collected first and the dictionary built once at its final size: inserting one by one
        // resized (and rehashed) it at 2, 4, 8 and 16 members.
        var members: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object([:])
        }
        while true {
            skipWhitespace()
            // A trailing comma is tolerated, as JSONDecoder tolerates it (hand-written event files).
            if index < bytes.count, bytes[index] == UInt8(ascii: "}"), !members.isEmpty {
                index += 1
                return Self.object(members)
            }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure }
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure }
            index += 1
            skipWhitespace()
            members.append((key, try value(depth: depth)))
            skipWhitespace()
            guard index < bytes.count else { throw failure }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return Self.object(members)
            } else {
                throw failure
            }
        }
    }

    /// The object of `members`; a repeated key keeps its last value.
    private static func object(_ members: [(key: String, value: JSONValue)]) -> JSONValue {
        var dictionary = [String: JSONValue](minimumCapacity: members.count)
        for (key, value) in members { dictionary[key] = value }
        return .object(dictionary)
    }

    private mutating func array(depth: Int) throws(JSONParser.Failure) -> JSONValue {
        guard depth <= JSONParser.maximumDepth else { throw failure }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]"), !elements.isEmpty {
                index += 1
                return .array(elements)
            }
            elements.append(try value(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw failure }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            } else {
                throw failure
            }
        }
    }

    /// Checks one value as `value(depth:)` would, without building it.
    mutating func skip(depth: Int) throws(JSONParser.Failure) {
        guard index < bytes.count else { throw failure }
        switch bytes[index] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let isObject = bytes[index] == UInt8(ascii: "{")
            let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
            guard depth + 1 <= JSONParser.maximumDepth else { throw failure }
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == close {
                index += 1
                return
            }
            var count = 0
            while true {
                skipWhitespace()
                // A trailing comma, tolerated as object(depth:) and array(depth:) tolerate it.
                if index < bytes.count, bytes[index] == close, count > 0 {
                    index += 1
                    return
                }
                if isObject {
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure }
                    try skipString()
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure }
                    index += 1
                    skipWhitespace()
                }
                try skip(depth: depth + 1)
                count += 1
                skipWhitespace()
                guard index < bytes.count else { throw failure }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == close {
                    index += 1
                    return
                } else {
                    throw failure
                }
            }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: try skipNumber()
        }
    }

    /// Checks a string without building it: ASCII runs are only scanned; escapes and other text take the full path.
    private mutating func skipString() throws(JSONParser.Failure) {
        let quote = index
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return
            }
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { break }
            index += 1
        }
        index = quote
        _ = try string()
    }

    /// A string starting at the opening quote. Unescaped runs are copied as they are; the result must be UTF-8.
    mutating func string() throws(JSONParser.Failure) -> String {
        index += 1
        let start = index
        var ascii = true
        // Fast path: no escapes, so the string is the bytes between the quotes. ASCII needs no validation, and
        // String(validating:) is an unspecialised generic (~1 k instructions per call, 43 strings per event).
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[start..<index])
                guard let text = ascii ? String(decoding: run, as: UTF8.self) : String(validating: run, as: UTF8.self)
                else { throw failure }
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw failure }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        var scratch = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: scratch, as: UTF8.self) else { throw failure }
                index += 1
                return text
            case UInt8(ascii: "\\"):
                index += 1
                try escape(into: &scratch)
            case 0..<0x20:
                throw failure
            default:
                scratch.append(byte)
                index += 1
            }
        }
        throw failure
    }

    private mutating func escape(into scratch: inout [UInt8]) throws(JSONParser.Failure) {
        guard index < bytes.count else { throw failure }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try hex4())
            if (0xD800...0xDBFF).contains(scalar) {
                // A high surrogate must be followed by an escaped low surrogate.
                guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                else { throw failure }
                index += 2
                let low = UInt32(try hex4())
                guard (0xDC00...0xDFFF).contains(low) else { throw failure }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw failure }
            scratch.append(contentsOf: String(unicode).utf8)
        default:
            throw failure
        }
    }

    private mutating func hex4() throws(JSONParser.Failure) -> UInt16 {
        guard bytes.count - index >= 4 else { throw failure }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, finite.
    private mutating func number() throws(JSONParser.Failure) -> Double {
        let start = index
        try scanNumber()
        return try numberValue(from: start)
    }

    /// Checks a number as `number()` does without converting it when it cannot overflow: without an exponent, a
    /// number of at most 300 characters is below `Double.greatestFiniteMagnitude` (a 309-digit integer part), and
    /// `strtod` was the largest piece of code a warm invocation ran to skip `timeEpoch`.
    private mutating func skipNumber() throws(JSONParser.Failure) {
        let start = index
        let hasExponent = try scanNumber()
        if hasExponent || index - start > 300 { _ = try numberValue(from: start) }
    }

    /// The number's value, which must be finite.
    private func numberValue(from start: Int) throws(JSONParser.Failure) -> Double {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw JSONParser.Failure(offset: start) }
        return value
    }

    /// Moves past a number's grammar; whether it has an exponent.
    @discardableResult
    private mutating func scanNumber() throws(JSONParser.Failure) -> Bool {
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw failure }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            guard digits() > 0 else { throw failure }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw failure }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { throw failure }
            return true
        }
        return false
    }

    private mutating func digits() -> Int {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index - start
    }
}
