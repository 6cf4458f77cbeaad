import JSON

extension JSONValue {
    /// A string, or a number or boolean written as one (header and query values in hand-written events).
    var scalarText: String? {
        switch self {
        case .string(let value): value
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .bool(let value): String(value)
        default: nil
        }
    }
}
