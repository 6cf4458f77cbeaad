import FunctionRuntime
import Vonage

/// What send-sms needs from Vonage: one message out, a uuid back. `MessagesClient` is the real one; tests may
/// pass another.
public protocol SMSSender: Sendable {
    /// Sends one SMS (with the client's retries, within `budget` seconds when given) and returns Vonage's uuid.
    func send(_ message: OutboundSMS, within budget: Double?) throws(VonageError) -> SendResult
}

extension MessagesClient: SMSSender {
    /// `sendSMS`.
    public func send(_ message: OutboundSMS, within budget: Double?) throws(VonageError) -> SendResult {
        try sendSMS(message, within: budget)
    }
}

extension VonageConfigurationError: SafelyDescribedError {
    /// `NAME: what is wrong`, never the value.
    public var safeDescription: String { description }
}
