import JSON

/// The body rules of `POST /v1/messages` for an SMS (Vonage Messages API v1.20 `OutboundSMSText`), reported as
/// Vonage reports them: every invalid parameter at once, by name.
enum MessageBodyValidator {
    /// One `invalid_parameters` entry.
    struct InvalidParameter: Equatable, Sendable {
        var name: String
        var reason: String
    }

    /// Empty when `body` is a valid SMS request.
    static func invalidParameters(_ body: JSONValue) -> [InvalidParameter] {
        guard let fields = body.object else { return [.init(name: "body", reason: "must be a JSON object")] }
        var invalid: [InvalidParameter] = []
        for name in ["to", "from", "text", "channel", "message_type"] {
            guard let value = fields[name] else {
                invalid.append(.init(name: name, reason: "is required"))
                continue
            }
            if value.string == nil { invalid.append(.init(name: name, reason: "must be a string")) }
        }
        if let to = fields["to"]?.string, !isE164Digits(to) {
            invalid.append(.init(name: "to", reason: "must match ^[1-9]\\d{6,14}$"))
        }
        if let channel = fields["channel"]?.string, channel != "sms" {
            invalid.append(.init(name: "channel", reason: "must be sms"))
        }
        if let type = fields["message_type"]?.string, type != "text" {
            invalid.append(.init(name: "message_type", reason: "must be text"))
        }
        // Vonage counts characters as the SDKs do (Python `len`, i.e. code points).
        if let text = fields["text"]?.string, !(1...3200).contains(text.unicodeScalars.count) {
            invalid.append(.init(name: "text", reason: "length must be 1 to 3200"))
        }
        if let reference = fields["client_ref"] {
            if reference.string.map({ $0.unicodeScalars.count > 100 }) ?? true {
                invalid.append(.init(name: "client_ref", reason: "must be a string of at most 100 characters"))
            }
        }
        if let ttl = fields["ttl"] {
            if let seconds = ttl.wholeNumber, (20...604_800).contains(seconds) {
            } else {
                invalid.append(.init(name: "ttl", reason: "must be an integer from 20 to 604800"))
            }
        }
        if let sms = fields["sms"] {
            if let options = sms.object {
                let encodings = ["text", "unicode", "auto"]
                if let encoding = options["encoding_type"], !encodings.contains(encoding.string ?? "") {
                    invalid.append(.init(name: "sms.encoding_type", reason: "must be text, unicode or auto"))
                }
            } else {
                invalid.append(.init(name: "sms", reason: "must be an object"))
            }
        }
        if let url = fields["webhook_url"], url.string == nil {
            invalid.append(.init(name: "webhook_url", reason: "must be a string"))
        }
        return invalid
    }

    /// `^[1-9]\d{6,14}$`.
    static func isE164Digits(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (7...15).contains(bytes.count), let first = bytes.first, first != UInt8(ascii: "0") else { return false }
        return bytes.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
