import FunctionRuntime

/// A webhook function: the endpoint's gate admits the request, the payload is decoded, what it carried is stored,
/// and only then is it acknowledged. The inbound and status functions differ only in the payload and the write.
public protocol WebhookFunction: FunctionHandler {
    /// Creates the function over an endpoint.
    init(_ endpoint: WebhookEndpoint)

    /// The gate, store and clock the function uses.
    var endpoint: WebhookEndpoint { get }
}

extension WebhookFunction {
    /// Reads its configuration from the environment.
    public init(environment: FunctionEnvironment) throws { self.init(try WebhookEndpoint(environment: environment)) }

    /// Says so when webhook verification is off.
    public func logStartup(to logger: Logger) { endpoint.gate.logStartup(to: logger) }
}
