import Foundation
import HTTPTypes
import Hummingbird
import JSON

/// The sandbox's Vonage Messages API: `POST /v1/messages` with Vonage's checks and answers (401 problem+json for
/// credentials, 422 `application/json` with `invalid_parameters`, 202 `{"message_uuid"}`), then the message's
/// status webhooks through the gateway.
struct MessagesAPIResponder: HTTPResponder {
    typealias Context = LocalRequestContext

    let verifier: ApplicationJWTVerifier
    /// The gateway's `/webhooks/status`.
    let statusTarget: WebhookTarget
    let delivery: WebhookDelivery

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.uri.path == "/v1/messages" else {
            return Self.vonageProblem(.notFound, "#not-found", "Not Found", "Only POST /v1/messages exists here.")
        }
        guard request.method == .post else {
            return Self.vonageProblem(
                .methodNotAllowed, "#wrong-verb", "Method Not Allowed", "Use POST to send a message.")
        }
        do {
            _ = try verifier.verify(authorization: request.headers[.authorization])
        } catch {
            StandardError.log("sandbox: POST /v1/messages 401 (\(error.description))")
            return Self.vonageProblem(
                .unauthorized, "/#unathorized", "You did not provide correct credentials.",
                "Check that you're using the correct credentials, and that your account has this feature enabled")
        }
        let contentType = request.headers[.contentType]?.split(separator: ";").first?
            .trimmingCharacters(in: .whitespaces)
        guard contentType?.lowercased() == "application/json" else {
            return Self.vonageProblem(
                .unsupportedMediaType, "#content-type-header", "Unsupported Media Type", "Send application/json.")
        }
        let bytes = Array(buffer: try await request.body.collect(upTo: context.maxUploadSize))
        guard let body = JSONValue.parse(bytes) else {
            return Self.vonageProblem(
                .unprocessableContent, "#invalid-json", "Invalid JSON", "The request body is not valid JSON.",
                contentType: "application/json")
        }
        let invalid = MessageBodyValidator.invalidParameters(body)
        guard invalid.isEmpty else {
            StandardError.log("sandbox: POST /v1/messages 422 (\(invalid.map(\.name).joined(separator: ", ")))")
            return Self.vonageProblem(
                .unprocessableContent, "/messages#1150", "Invalid params",
                "The value of one or more parameters is invalid.", contentType: "application/json",
                invalid: invalid)
        }
        return accept(body.object ?? [:])
    }

    private func accept(_ fields: [String: JSONValue]) -> Response {
        let uuid = UUID().uuidString.lowercased()
        let to = fields["to"]?.string ?? ""
        let text = fields["text"]?.string ?? ""
        let encoding = fields["sms"]?.object?["encoding_type"]?.string ?? "auto"
        let message = StatusScript.Message(
            uuid: uuid, to: to, from: fields["from"]?.string ?? "", clientRef: fields["client_ref"]?.string,
            parts: SegmentParts.count(text, encoding: encoding))
        var target = statusTarget
        if let url = fields["webhook_url"]?.string {
            if let loopback = WebhookTarget(url: url) {
                target = loopback
            } else {
                StandardError.log("sandbox: webhook_url is not a loopback http URL; using the gateway's")
            }
        }
        StandardError.log(
            "sandbox: POST /v1/messages 202 \(uuid) to …\(to.suffix(4)) "
                + "(\(TestNumbers.outcome(for: to)), status webhooks → \(target))")
        let script = StatusScript(message: message, target: target, delivery: delivery)
        Task.detached { await script.run() }
        return JSONResponse.make(
            .accepted, ["message_uuid": uuid], extraHeaders: [.init("X-Request-Id")!: UUID().uuidString.lowercased()])
    }

    /// An RFC 7807 answer in Vonage's shape (`type` under developer.vonage.com/api-errors, `instance`).
    static func vonageProblem(
        _ status: HTTPResponse.Status, _ anchor: String, _ title: String, _ detail: String,
        contentType: String = "application/problem+json", invalid: [MessageBodyValidator.InvalidParameter]? = nil
    ) -> Response {
        var body: [String: Any] = [
            "type": "https://developer.vonage.com/api-errors" + anchor, "title": title, "detail": detail,
            "instance": UUID().uuidString.lowercased(),
        ]
        if let invalid { body["invalid_parameters"] = invalid.map { ["name": $0.name, "reason": $0.reason] } }
        return JSONResponse.make(
            status, body, contentType: contentType,
            extraHeaders: [.init("X-Request-Id")!: UUID().uuidString.lowercased()])
    }
}
