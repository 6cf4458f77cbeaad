import FunctionRuntime
import Store

/// The `Idempotency-Key` header: the same key and body return the first answer and never send twice.
enum IdempotencyKey {
    /// The key, `nil` when absent; 422 when it is empty, over 255 characters, or not printable ASCII.
    static func from(_ request: FunctionRequest) throws(HTTPError) -> String? {
        guard let key = request.headers["Idempotency-Key"] else { return nil }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .unprocessable(
                "Invalid Idempotency-Key.",
                invalidParams: [.init(name: "Idempotency-Key", reason: "must be 1 to 255 printable ASCII characters")])
        }
        return key
    }

    /// The stored first answer, marked as a replay; 422 when the key was first used with another body.
    static func replay(_ record: IdempotencyRecord, requestHash: String) throws(HTTPError) -> FunctionResponse {
        guard record.requestHash == requestHash else {
            throw .unprocessable(
                "This Idempotency-Key was used with a different body.",
                invalidParams: [.init(name: "Idempotency-Key", reason: "was already used with a different body")])
        }
        let body = Array((record.body ?? "").utf8)
        let type = record.status < 300 ? "application/json" : "application/problem+json"
        return FunctionResponse(
            status: record.status, headers: ["Content-Type": type, "Idempotent-Replayed": "true"], body: body)
    }
}
