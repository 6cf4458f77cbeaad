extension JSONValue {
    /// Compact JSON text with object keys sorted (stable output, like `JSONCoding.encoder`) and `/` unescaped.
    ///
    /// The proxy response of every Lambda invocation is written with this instead of `JSONEncoder`, which walks an
    /// `Encodable` through generic containers for a handful of fields. Non-finite numbers, which JSON cannot carry,
    /// are written as `null`.
    public var jsonBytes: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(into: &output)
        return output
    }

    private func write(into output: inout [UInt8]) {
        switch self {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let value):
            output.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let value):
            output.append(contentsOf: Self.numberText(value).utf8)
        case .string(let value):
            Self.writeString(value, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                element.write(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (offset, key) in members.keys.sorted().enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(key, into: &output)
                output.append(UInt8(ascii: ":"))
                members[key]?.write(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Integral values within ±2^53 as integers (a status code is `200`, not `200.0`); others as Swift prints them,
    /// which is valid JSON for every finite `Double`.
    static func numberText(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) <= 9_007_199_254_740_992 { return String(Int64(value)) }
        return String(value)
    }

    /// Appends `value` as a JSON string literal (quotes, backslashes and control characters escaped).
    public static func writeString(_ value: String, into output: inout [UInt8]) {
        var value = value
        value.withUTF8 { writeString(utf8: $0, into: &output) }
    }

    /// Appends the UTF-8 text in `bytes` as a JSON string literal; the caller has checked that it is UTF-8.
    public static func writeString(utf8 bytes: [UInt8], into output: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { writeString(utf8: $0, into: &output) }
    }

    /// The literal is written into one scratch buffer and appended once: a response body is a run of escapes
    /// between short runs, and two or three `append` calls per escape were most of the writer's cost on a warm
    /// invocation.
    private static func writeString(utf8 bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        // At most six bytes per input byte (`\u00XX`) and the two quotes. Up to 1 KiB the scratch is on the stack;
        // above that the standard library would ask the system for the stack's bounds first, so it is on the heap.
        let capacity = bytes.count * 6 + 2
        let fitsOnStack = capacity <= 1024
        // A long string that needs no escape (a body) is copied whole after one scan; a short one goes through the
        // scratch buffer like any other, which makes one append instead of three.
        if !fitsOnStack,
            !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
        {
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: bytes)
            output.append(UInt8(ascii: "\""))
            return
        }
        if fitsOnStack {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { scratch in
                guard let base = scratch.baseAddress else { return }
                output.append(contentsOf: UnsafeBufferPointer(start: base, count: writeLiteral(bytes, to: base)))
            }
        } else {
            let base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            defer { base.deallocate() }
            output.append(contentsOf: UnsafeBufferPointer(start: base, count: writeLiteral(bytes, to: base)))
        }
    }

    /// Writes `bytes` as a quoted, escaped literal at `base`, which has room for `bytes.count * 6 + 2`; the count.
    private static func writeLiteral(_ bytes: UnsafeBufferPointer<UInt8>, to base: UnsafeMutablePointer<UInt8>) -> Int {
        var count = 0
        base[count] = UInt8(ascii: "\"")
        count += 1
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                base[count] = UInt8(ascii: "\\")
                base[count + 1] = byte
                count += 2
            case 0x20...:
                base[count] = byte
                count += 1
            case 0x0A, 0x0D, 0x09, 0x08, 0x0C:
                base[count] = UInt8(ascii: "\\")
                base[count + 1] = shortEscape(byte)
                count += 2
            default:
                base[count] = UInt8(ascii: "\\")
                base[count + 1] = UInt8(ascii: "u")
                base[count + 2] = UInt8(ascii: "0")
                base[count + 3] = UInt8(ascii: "0")
                base[count + 4] = hexDigit(byte >> 4)
                base[count + 5] = hexDigit(byte & 0x0F)
                count += 6
            }
        }
        base[count] = UInt8(ascii: "\"")
        return count + 1
    }

    /// Appends `text` as it is (JSON punctuation, constant keys): a `StaticString`'s bytes are copied in one call,
    /// where appending a literal's `utf8` view went through the generic sequence path (~200 instructions each).
    public static func writeRaw(_ text: StaticString, into output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends `value` in decimal (a status code, a length): without building a `String` for it.
    public static func writeInteger(_ value: Int, into output: inout [UInt8]) {
        guard value >= 0 else {
            output.append(contentsOf: String(value).utf8)
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for Int.max's 19 digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            var remaining = value
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(truncatingIfNeeded: 0x30 + remaining % 10)
                remaining /= 10
            } while remaining > 0
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// The letter after the backslash for the control characters JSON names (as `JSONEncoder` writes them).
    private static func shortEscape(_ byte: UInt8) -> UInt8 {
        switch byte {
        case 0x0A: UInt8(ascii: "n")
        case 0x0D: UInt8(ascii: "r")
        case 0x09: UInt8(ascii: "t")
        case 0x08: UInt8(ascii: "b")
        default: UInt8(ascii: "f")
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 { value < 10 ? 0x30 + value : 0x57 + value }
}
