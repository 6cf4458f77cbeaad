import FunctionRuntime
import JSON
import SMS

/// A validated `POST /send-sms` body: `{"to","text","from"?,"client_ref"?,"ttl"?,"encoding"?}`.
struct SendRequest: Equatable {
    var to: PhoneNumber
    var from: Sender
    var text: String
    var info: SMSTextInfo
    var encodingOption: EncodingOption
    var clientRef: String?
    var ttl: Int?

    /// Validates every field and reports all invalid ones at once (422), with reasons a caller can act on.
    static func parse(_ body: [String: JSONValue], defaultSender: String?, maxSegments: Int) throws(HTTPError)
        -> SendRequest
    {
        var invalid: [Problem.InvalidParam] = []
        func string(_ name: String, required: Bool) -> String? {
            switch body[name] {
            case .string(let value)?: return value
            case nil, .null?:
                if required { invalid.append(.init(name: name, reason: "is required")) }
                return nil
            default:
                invalid.append(.init(name: name, reason: "must be a string"))
                return nil
            }
        }
        func record<T>(_ work: () throws(SMSValidationError) -> T) -> T? {
            do { return try work() } catch {
                invalid.append(.init(name: error.field, reason: error.reason))
                return nil
            }
        }

        let to = string("to", required: true).flatMap { raw in
            record { () throws(SMSValidationError) in try PhoneNumber(parsing: raw, field: "to") }
        }
        let fromText = string("from", required: false) ?? defaultSender
        if fromText == nil, body["from"] == nil || body["from"] == .null {
            invalid.append(.init(name: "from", reason: "is required (no default sender VONAGE_NUMBER is configured)"))
        }
        let from = fromText.flatMap { raw in record { () throws(SMSValidationError) in try Sender(parsing: raw) } }
        let option =
            string("encoding", required: false).map { raw in
                record { () throws(SMSValidationError) in try EncodingOption(parsing: raw) }
            } ?? .auto
        let text = string("text", required: true)
        let info = text.flatMap { text in
            option.flatMap { option in
                record { () throws(SMSValidationError) in
                    try SMSText.analyze(text, option: option, maxSegments: maxSegments)
                }
            }
        }
        let clientRef = string("client_ref", required: false).flatMap { raw in
            record { () throws(SMSValidationError) in try ClientRef.validate(raw) }
        }
        var ttl: Int?
        switch body["ttl"] {
        case nil, .null?: break
        case .number(let value)? where value == value.rounded() && abs(value) < 1e9:
            ttl = record { () throws(SMSValidationError) in try TTL.validate(Int(value)) }
        default: invalid.append(.init(name: "ttl", reason: "must be a whole number of seconds"))
        }
        for key in body.keys.sorted() where !["to", "from", "text", "client_ref", "ttl", "encoding"].contains(key) {
            invalid.append(.init(name: key, reason: "is not a known field"))
        }
        guard invalid.isEmpty, let to, let from, let text, let info, let option else {
            throw .unprocessable("The message cannot be sent as given.", invalidParams: invalid)
        }
        return SendRequest(
            to: to, from: from, text: text, info: info, encodingOption: option, clientRef: clientRef, ttl: ttl)
    }
}
