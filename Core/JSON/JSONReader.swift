/// Walks one JSON document front to back, member by member, for a caller that knows which few members it wants.
///
/// `JSONParser` builds the whole tree: a dictionary per object, a `String` per key. A Lambda event is an object of
/// which a decoder reads a handful of members; building it was ~37 k instructions of a ~155 k warm invocation
/// (callgrind), most of it keys hashed into dictionaries nobody looked up. The reader compares keys as bytes, builds
/// only the values the caller asks for, and checks everything else with the same grammar as the parser, so a
/// document it accepts is one `JSONParser` accepts too.
public struct JSONReader {
    private var cursor: Cursor
    private var depth = 0

    /// Reads `bytes` as one JSON document with `body`, which reads the top-level value (or none; the rest is then
    /// checked). Throws when the bytes are not exactly one JSON value.
    public static func read<Result>(
        _ bytes: [UInt8], _ body: (inout JSONReader) throws(JSONParser.Failure) -> Result
    ) throws(JSONParser.Failure) -> Result {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParser.Failure) -> Result in
            var reader = JSONReader(cursor: Cursor(bytes: buffer))
            reader.cursor.skipWhitespace()
            let start = reader.cursor.index
            let result = try body(&reader)
            if reader.cursor.index == start { try reader.skip() }
            reader.cursor.skipWhitespace()
            guard reader.cursor.index == buffer.count else { throw reader.cursor.failure }
            return result
        }
    }

    /// Whether the next value is an object.
    public var atObject: Bool { cursor.index < cursor.bytes.count && cursor.bytes[cursor.index] == UInt8(ascii: "{") }

    /// Calls `body` for each member of the object that comes next, in document order (a repeated key comes
    /// twice). `body` reads the member's value with `value()`, `members(_:)` or `skip()`, or leaves it, and it is
    /// then checked and skipped. Throws when the next value is not an object.
    public mutating func members(
        _ body: (JSONKey, inout JSONReader) throws(JSONParser.Failure) -> Void
    ) throws(JSONParser.Failure) {
        guard atObject, depth < JSONParser.maximumDepth else { throw cursor.failure }
        depth += 1
        defer { depth -= 1 }
        cursor.index += 1
        while true {
            cursor.skipWhitespace()
            guard cursor.index < cursor.bytes.count else { throw cursor.failure }
            // An empty object, or a trailing comma (tolerated, as the parser tolerates it).
            if cursor.bytes[cursor.index] == UInt8(ascii: "}") {
                cursor.index += 1
                return
            }
            let key = try readKey()
            cursor.skipWhitespace()
            guard cursor.index < cursor.bytes.count, cursor.bytes[cursor.index] == UInt8(ascii: ":") else {
                throw cursor.failure
            }
            cursor.index += 1
            cursor.skipWhitespace()
            let start = cursor.index
            try body(key, &self)
            if cursor.index == start { try skip() }
            cursor.skipWhitespace()
            guard cursor.index < cursor.bytes.count else { throw cursor.failure }
            if cursor.bytes[cursor.index] == UInt8(ascii: ",") {
                cursor.index += 1
            } else if cursor.bytes[cursor.index] == UInt8(ascii: "}") {
                cursor.index += 1
                return
            } else {
                throw cursor.failure
            }
        }
    }

    /// Builds the next value whole.
    public mutating func value() throws(JSONParser.Failure) -> JSONValue { try cursor.value(depth: depth) }

    /// Checks the next value without building it.
    public mutating func skip() throws(JSONParser.Failure) { try cursor.skip(depth: depth) }

    /// A key: its bytes when they are plain ASCII (compared without building a `String`), its decoded text when
    /// it has escapes or other UTF-8 (checked as the parser checks strings).
    private mutating func readKey() throws(JSONParser.Failure) -> JSONKey {
        guard cursor.bytes[cursor.index] == UInt8(ascii: "\"") else { throw cursor.failure }
        let start = cursor.index + 1
        var index = start
        while index < cursor.bytes.count {
            let byte = cursor.bytes[index]
            if byte == UInt8(ascii: "\"") {
                cursor.index = index + 1
                return JSONKey(storage: .ascii(UnsafeBufferPointer(rebasing: cursor.bytes[start..<index])))
            }
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { break }
            index += 1
        }
        return JSONKey(storage: .decoded(try cursor.string()))
    }
}

/// An object member's key, as `JSONReader.members(_:)` passes it. Valid only inside the call.
public struct JSONKey {
    @usableFromInline enum Storage {
        case ascii(UnsafeBufferPointer<UInt8>)
        case decoded(String)
    }

    @usableFromInline let storage: Storage

    @usableFromInline init(storage: Storage) { self.storage = storage }

    /// Whether the key is `name`. Inlinable: a decoder compares each key with several names, and most comparisons
    /// end at the length.
    @inlinable
    public static func == (key: JSONKey, name: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        switch key.storage {
        case .ascii(let bytes): return bytes.count == expected.count && bytes.elementsEqual(expected)
        case .decoded(let text): return text.utf8.elementsEqual(expected)
        }
    }

    /// The key as text.
    public var string: String {
        switch storage {
        case .ascii(let bytes): String(decoding: bytes, as: UTF8.self)
        case .decoded(let text): text
        }
    }
}
