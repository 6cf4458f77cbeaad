import JSON

/// An RFC 7807 problem document, the body of every error answer (`application/problem+json`).
public struct Problem: Codable, Sendable, Equatable {
    /// One invalid field of a 422 answer.
    public struct InvalidParam: Codable, Sendable, Equatable {
        /// The field's name as the client sent it (JSON key or query parameter).
        public var name: String
        /// Why it was refused, in words a caller can act on.
        public var reason: String

        /// Creates an invalid-param entry.
        public init(name: String, reason: String) {
            self.name = name
            self.reason = reason
        }
    }

    /// A URI naming the problem kind.
    public var type: String
    /// A short, stable summary of the kind.
    public var title: String
    /// The HTTP status, repeated for clients that only see the body (OpenFaaS classic answers 200 on the wire).
    public var status: Int
    /// This occurrence, in words; never a secret, a stack trace or an upstream credential message.
    public var detail: String
    /// Invalid fields, on 422 answers.
    public var invalidParams: [InvalidParam]?

    /// Creates a problem; `type` defaults to a stable URN derived from the status.
    public init(status: Int, title: String, detail: String, type: String? = nil, invalidParams: [InvalidParam]? = nil) {
        self.type = type ?? "urn:sms-functions:problem:\(status)"
        self.title = title
        self.status = status
        self.detail = detail
        self.invalidParams = invalidParams
    }

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail
        case invalidParams = "invalid_params"
    }

    /// The document as a JSON value, written by the runtime without `Codable`: an error answer is on the start-up
    /// path of a process, where each generic `Codable` container costs a runtime conformance scan.
    public var jsonValue: JSONValue {
        var members: [String: JSONValue] = [
            "type": .string(type), "title": .string(title), "status": .number(Double(status)),
            "detail": .string(detail),
        ]
        if let invalidParams {
            members["invalid_params"] = .array(
                invalidParams.map { .object(["name": .string($0.name), "reason": .string($0.reason)]) })
        }
        return .object(members)
    }
}
