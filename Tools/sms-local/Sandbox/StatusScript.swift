import Foundation

/// The status webhooks one accepted message produces, in order, each after a short delay, as a real message
/// progresses: `submitted` about 0.2 s after the 202, the final receipt about 1 s later.
struct StatusScript: Sendable {
    /// The accepted message.
    struct Message: Sendable {
        var uuid: String
        var to: String
        var from: String
        var clientRef: String?
        var parts: Int
    }

    /// One webhook to send.
    struct Step: Equatable, Sendable {
        var delay: Duration
        var status: String
        var errorCode: String?
        var errorDetail: String?
    }

    let message: Message
    let target: WebhookTarget
    let delivery: WebhookDelivery

    /// The steps for `outcome`.
    static func steps(for outcome: TestNumbers.Outcome) -> [Step] {
        let submitted = Step(delay: .milliseconds(200), status: "submitted")
        switch outcome {
        case .delivered:
            return [submitted, Step(delay: .seconds(1), status: "delivered")]
        case .rejected(let code, let detail):
            return [submitted, Step(delay: .seconds(1), status: "rejected", errorCode: code, errorDetail: detail)]
        case .undeliverable:
            return [Step(delay: .milliseconds(200), status: "undeliverable")]
        case .submittedOnly:
            return [submitted]
        }
    }

    /// Sends every step; each waits for the previous one's delivery (with its retries) to finish.
    func run() async {
        for step in Self.steps(for: TestNumbers.outcome(for: message.to)) {
            try? await Task.sleep(for: step.delay)
            let error = step.errorCode.map { (code: $0, detail: step.errorDetail ?? "") }
            let body = WebhookPayloads.status(
                uuid: message.uuid, to: message.to, from: message.from, status: step.status, at: Date(),
                clientRef: message.clientRef, parts: message.parts, error: error)
            await delivery.deliver(body, to: target, label: "status \(step.status) \(message.uuid)")
        }
    }
}
