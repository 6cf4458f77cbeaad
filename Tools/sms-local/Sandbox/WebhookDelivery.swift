import Foundation
import NIOHTTP1

/// Delivers signed webhooks like Vonage: POST JSON with the bearer token; a 429, a 5xx or no answer is retried
/// with the same body and token after a doubling delay (Vonage starts near 5 s and doubles up to 15 min for
/// 24 h; the sandbox keeps the shape but shortens the clock).
struct WebhookDelivery: Sendable {
    let signer: WebhookSigner
    /// Delays before each retry.
    let retryDelays: [Duration]

    /// The sandbox's schedule: 0.25 s doubling, five retries (about 8 s in all).
    static func sandboxSchedule() -> [Duration] {
        [.milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(4)]
    }

    /// Posts `body` to `target` until it is accepted or the retries run out; returns the last answer (`nil` when
    /// none ever came).
    @discardableResult
    func deliver(_ body: [UInt8], to target: WebhookTarget, label: String) async -> WebhookHTTPClient.Response? {
        let token = signer.token(for: body)
        var last: WebhookHTTPClient.Response?
        for attempt in 0...retryDelays.count {
            do {
                let response = try await WebhookHTTPClient.send(
                    method: .POST, host: target.host, port: target.port, path: target.path,
                    headers: [
                        ("Authorization", "Bearer " + token), ("Content-Type", "application/json"),
                        ("User-Agent", "Vonage-Sandbox/sms-local"),
                    ], body: body)
                last = response
                if !Self.isRetryable(response.status) {
                    StandardError.log("sandbox: \(label) → \(target) answered \(response.status)")
                    return response
                }
                StandardError.log("sandbox: \(label) → \(target) answered \(response.status); will retry")
            } catch {
                StandardError.log("sandbox: \(label) → \(target) failed (\(error)); will retry")
            }
            guard attempt < retryDelays.count else { break }
            try? await Task.sleep(for: retryDelays[attempt])
        }
        StandardError.log("sandbox: \(label) → \(target) given up after \(retryDelays.count + 1) attempts")
        return last
    }

    /// Vonage retries 429 and 5xx (and timeouts); anything else ends delivery.
    static func isRetryable(_ status: Int) -> Bool { status == 429 || (500...599).contains(status) }
}
