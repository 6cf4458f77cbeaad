/// Rules for the optional `client_ref`, which Vonage echoes in every status webhook.
public enum ClientRef {
    /// Vonage's limit (error 1450; the Python and Java SDKs enforce it too). The legacy SMS API allowed only 40.
    public static let maxLength = 100

    /// Returns the value unchanged when Vonage would accept it.
    ///
    /// Length is counted in UTF-16 code units, the stricter of the readings (see `SMSText.maxLength`). An empty
    /// reference is refused: it carries nothing, and the caller most likely meant to omit the field.
    public static func validate(_ value: String) throws(SMSValidationError) -> String {
        let length = value.utf16.count
        guard length > 0 else { throw .invalidClientRef(reason: "must not be empty; omit the field instead") }
        guard length <= maxLength else {
            throw .invalidClientRef(reason: "must be at most \(maxLength) characters, got \(length)")
        }
        return value
    }
}
