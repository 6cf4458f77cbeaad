/// Why a webhook body could not be read as the payload it should be, naming each missing or invalid field.
///
/// Maps onto problem+json: `httpStatus` is 400 for a body that is not a JSON object and 422 otherwise, with
/// `invalidParams` as `invalid_params`. Reasons are fixed phrases; no field value is ever quoted.
public struct WebhookPayloadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// One field and what is wrong with it (`name` is a dotted path such as `sms.count_total`).
    public struct InvalidParam: Sendable, Equatable {
        /// The field's dotted path in the payload.
        public var name: String
        /// What is wrong, e.g. "is required".
        public var reason: String

        /// A field problem; `reason` must not quote the field's value.
        public init(name: String, reason: String) {
            self.name = name
            self.reason = reason
        }
    }

    private enum Code: Equatable, Sendable {
        case notAJSONObject
        case invalidFields
    }

    private let code: Code
    /// The fields at fault, in the order they were checked; empty for a body that is not a JSON object.
    public let invalidParams: [InvalidParam]

    /// The names of the fields at fault.
    public var fieldNames: [String] { invalidParams.map(\.name) }

    /// 400 when the body is not a JSON object at all, 422 when fields are missing or invalid.
    public var httpStatus: Int { code == .notAJSONObject ? 400 : 422 }

    /// A short summary for a problem+json `title`.
    public var title: String { code == .notAJSONObject ? "Malformed JSON" : "Invalid webhook payload" }

    /// A safe, human-readable explanation.
    public var detail: String {
        switch code {
        case .notAJSONObject: "The webhook body is not a JSON object."
        case .invalidFields:
            "Invalid webhook payload: " + invalidParams.map { "\($0.name) \($0.reason)" }.joined(separator: "; ") + "."
        }
    }

    /// The detail.
    public var description: String { detail }

    /// The body is not JSON, or its top level is not an object.
    public static let notAJSONObject = Self(code: .notAJSONObject, invalidParams: [])

    /// Some fields are missing or have a value that cannot be read.
    public static func invalidFields(_ params: [InvalidParam]) -> Self {
        Self(code: .invalidFields, invalidParams: params)
    }
}
