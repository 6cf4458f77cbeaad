import JSON

extension JSONValue {
    /// Parses `bytes` with the functions' own strict parser; `nil` when they are not JSON.
    static func parse(_ bytes: some Collection<UInt8>) -> JSONValue? {
        try? JSONParser.parse(Array(bytes))
    }

    /// A whole number (JSON integers, and floats without a fraction, as JWT libraries write `iat`).
    var wholeNumber: Int? {
        guard case .number(let value) = self, value.rounded() == value, abs(value) < 1e15 else { return nil }
        return Int(value)
    }
}
