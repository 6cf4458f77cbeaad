/// Encodes an `Encodable` into a `JSONValue`, for the small answer bodies every function writes once per request.
///
/// `JSONEncoder`'s first use in a process was 23% of a whole `health` process (callgrind): it asks the runtime
/// whether each value conforms to a handful of special-cased protocols, and the first such question scans every
/// conformance record in a static executable. This encoder only records what `encode(to:)` hands it. Differences
/// from `JSONEncoder`'s defaults, none of which the answer types use: `Data` becomes an array of numbers (not
/// base64), and integers beyond ±2^53 lose precision (numbers are `Double`).
public struct JSONValueEncoder {
    /// An encoder.
    public init() {}

    /// The JSON value of `value`.
    public func encode(_ value: some Encodable) throws -> JSONValue {
        let slot = Slot()
        try value.encode(to: SlotEncoder(slot: slot, codingPath: []))
        return slot.resolved()
    }
}

/// One value under construction: a scalar, or the members/elements its containers add.
private final class Slot {
    var value: JSONValue = .null
    var members: [String: Slot]?
    var elements: [Slot]?

    func resolved() -> JSONValue {
        if let members { return .object(members.mapValues { $0.resolved() }) }
        if let elements { return .array(elements.map { $0.resolved() }) }
        return value
    }

    func member(_ key: String) -> Slot {
        let child = Slot()
        if members == nil { members = [:] }
        members?[key] = child
        return child
    }

    func appended() -> Slot {
        let child = Slot()
        if elements == nil { elements = [] }
        elements?.append(child)
        return child
    }
}

private struct IndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ index: Int) {
        stringValue = String(index)
        intValue = index
    }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.init(intValue) }
}

private struct SlotEncoder: Encoder {
    let slot: Slot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if slot.members == nil { slot.members = [:] }
        return KeyedEncodingContainer(KeyedSlot<Key>(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if slot.elements == nil { slot.elements = [] }
        return UnkeyedSlot(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleSlot(slot: slot, codingPath: codingPath) }
}

private struct SingleSlot: SingleValueEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { slot.value = .null }
    mutating func encode(_ value: Bool) throws { slot.value = .bool(value) }
    mutating func encode(_ value: String) throws { slot.value = .string(value) }
    mutating func encode(_ value: Double) throws { slot.value = .number(value) }
    mutating func encode(_ value: Float) throws { slot.value = .number(Double(value)) }
    mutating func encode(_ value: Int) throws { slot.value = .number(Double(value)) }
    mutating func encode(_ value: Int8) throws { slot.value = .number(Double(value)) }
    mutating func encode(_ value: Int16) throws { slot.value = .number(Double(value)) }
    mutating func encode(_ value: Int32) throws { slot.value = .number(Double(value)) }
    mutating func encode(_ value: Int64) throws { slot.value = .number(Double(value)) }
    mutating func encode(_ value: UInt) throws { slot.value = .number(Double(value)) }
    mutating func encode(_ value: UInt8) throws { slot.value = .number(Double(value)) }
    mutating func encode(_ value: UInt16) throws { slot.value = .number(Double(value)) }
    mutating func encode(_ value: UInt32) throws { slot.value = .number(Double(value)) }
    mutating func encode(_ value: UInt64) throws { slot.value = .number(Double(value)) }
    mutating func encode(_ value: some Encodable) throws {
        try value.encode(to: SlotEncoder(slot: slot, codingPath: codingPath))
    }
}

private struct KeyedSlot<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: Slot
    let codingPath: [any CodingKey]

    private func single(_ key: Key) -> SingleSlot {
        SingleSlot(slot: slot.member(key.stringValue), codingPath: codingPath + [key])
    }

    mutating func encodeNil(forKey key: Key) throws { slot.member(key.stringValue).value = .null }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        var s = single(key)
        try s.encode(value)
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        var s = single(key)
        try s.encode(value)
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        var s = single(key)
        try s.encode(value)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        var s = single(key)
        try s.encode(value)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        var s = single(key)
        try s.encode(value)
    }
    mutating func encode(_ value: Int8, forKey key: Key) throws {
        var s = single(key)
        try s.encode(value)
    }
    mutating func encode(_ value: Int16, forKey key: Key) throws {
        var s = single(key)
        try s.encode(value)
    }
    mutating func encode(_ value: Int32, forKey key: Key) throws {
        var s = single(key)
        try s.encode(value)
    }
    mutating func encode(_ value: Int64, forKey key: Key) throws {
        var s = single(key)
        try s.encode(value)
    }
    mutating func encode(_ value: UInt, forKey key: Key) throws {
        var s = single(key)
        try s.encode(value)
    }
    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        var s = single(key)
        try s.encode(value)
    }
    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        var s = single(key)
        try s.encode(value)
    }
    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        var s = single(key)
        try s.encode(value)
    }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        var s = single(key)
        try s.encode(value)
    }
    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        try value.encode(to: SlotEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        SlotEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        SlotEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { SlotEncoder(slot: slot.member("super"), codingPath: codingPath) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        SlotEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedSlot: UnkeyedEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]
    var count: Int { slot.elements?.count ?? 0 }

    private func next() -> SlotEncoder {
        SlotEncoder(slot: slot.appended(), codingPath: codingPath + [IndexKey(count)])
    }

    mutating func encodeNil() throws { slot.appended().value = .null }
    mutating func encode(_ value: some Encodable) throws { try value.encode(to: next()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        next().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { next().unkeyedContainer() }

    mutating func superEncoder() -> any Encoder { next() }
}
