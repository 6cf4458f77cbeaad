import Foundation
import HTTPTypes
import Hummingbird
import JSON

/// `POST /sandbox/inbound {"from","text","to"?,"channel"?,"image_url"?}`: makes the inbound webhook Vonage would
/// send for a message from `from` (an SMS by default; `"channel":"whatsapp"` or `"mms"`, an MMS image with
/// `image_url` and no text), signs it, delivers it through the gateway's `/webhooks/inbound`, and answers with what
/// the webhook answered (plus `X-Sandbox-Message-Uuid`).
struct InboundSimulator: Sendable {
    /// The gateway's `/webhooks/inbound`.
    let target: WebhookTarget
    let delivery: WebhookDelivery
    /// `to` when the request gives none (the configured `VONAGE_NUMBER`).
    let defaultRecipient: String

    func respond(to request: Request, context: LocalRequestContext) async -> Response {
        guard request.method == .post else {
            return JSONResponse.problem(.methodNotAllowed, "POST {\"from\",\"text\"} to simulate an inbound SMS.")
        }
        guard let bytes = try? await request.body.collect(upTo: context.maxUploadSize),
            let fields = JSONValue.parse(Array(buffer: bytes))?.object
        else { return JSONResponse.problem(.badRequest, "The body must be a JSON object {\"from\",\"text\"}.") }
        var invalid: [[String: String]] = []
        let from = Self.digits(fields["from"]?.string)
        if !MessageBodyValidator.isE164Digits(from) {
            invalid.append(["name": "from", "reason": "must be a phone number: 7-15 digits, optional +"])
        }
        let channel = InboundChannel(rawValue: fields["channel"]?.string ?? "sms")
        if channel == nil { invalid.append(["name": "channel", "reason": "must be sms, whatsapp or mms"]) }
        let imageURL = channel == .mms ? fields["image_url"]?.string.flatMap { $0.isEmpty ? nil : $0 } : nil
        let text = fields["text"]?.string ?? ""
        if text.isEmpty && imageURL == nil {
            invalid.append(["name": "text", "reason": "must be a non-empty string (or give an MMS an image_url)"])
        }
        let to = fields["to"] == nil ? defaultRecipient : Self.digits(fields["to"]?.string)
        if !MessageBodyValidator.isE164Digits(to) {
            invalid.append(["name": "to", "reason": "must be a phone number: 7-15 digits, optional +"])
        }
        guard invalid.isEmpty else {
            return JSONResponse.make(
                .unprocessableContent,
                [
                    "type": "about:blank", "title": "Unprocessable Content", "status": 422,
                    "detail": "Invalid fields.", "invalid_params": invalid,
                ], contentType: "application/problem+json")
        }
        let uuid = UUID().uuidString.lowercased()
        let body = WebhookPayloads.inbound(
            uuid: uuid, to: to, from: from, text: text.isEmpty ? nil : text, at: Date(), channel: channel ?? .sms,
            imageURL: imageURL)
        guard let answer = await delivery.deliver(body, to: target, label: "inbound \(uuid)") else {
            return JSONResponse.problem(.badGateway, "The inbound webhook did not answer.")
        }
        var headers = HTTPFields()
        headers[.contentType] = answer.header("Content-Type") ?? "application/octet-stream"
        headers[.init("X-Sandbox-Message-Uuid")!] = uuid
        return Response(
            status: .init(code: answer.status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    /// `+44 7700-900123` → `447700900123`.
    static func digits(_ text: String?) -> String {
        var value = (text ?? "").filter { !" -()".contains($0) }
        if value.hasPrefix("+") { value.removeFirst() }
        return value
    }
}
