import FunctionRuntime
import Handlers
import Vonage

/// send-sms's settings, read once at start; errors name the variable.
public struct SendConfiguration: Sendable {
    /// Who may send.
    public var tokens: BearerTokens
    /// `VONAGE_NUMBER`: the sender when a request names none.
    public var defaultSender: String?
    /// `SMS_MAX_SEGMENTS` (default 6): longer texts are refused with 422.
    public var maxSegments: Int
    /// `SMS_RATE_LIMIT_PER_MINUTE` (default 60) per API token, across processes; 0 turns the limit off.
    public var rateLimitPerMinute: Int

    /// Reads the settings.
    public init(environment: FunctionEnvironment) throws(ConfigurationError) {
        tokens = try BearerTokens(environment: environment)
        defaultSender = environment["VONAGE_NUMBER"]
        maxSegments = try environment.integer("SMS_MAX_SEGMENTS", default: 6, in: 1...30)
        rateLimitPerMinute = try environment.integer("SMS_RATE_LIMIT_PER_MINUTE", default: 60, in: 0...100_000)
    }
}
