#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The entry point of every function executable: detect the host, build the handler once from configuration,
/// serve the request (or, under Lambda, every request), exit.
///
/// Exit status: 0 when a response was written; 1 when none could be (bad `SMS_HOST`, stdout closed, the Runtime
/// API went away), and under OpenFaaS also for a 5xx answer (the watchdog then answers 500); 2 when the input is
/// not a request at all.
public enum FunctionRuntime {
    /// The version every function reports.
    public static let version = "0.1.0"

    /// Runs the function named `function`. `makeHandler` reads its configuration from the environment; when it
    /// throws, every request is answered 503 (the log names the problem), and Lambda gets `/init/error`.
    public static func run<Handler: FunctionHandler>(
        function: String,
        processEnvironment: [String: String] = ProcessEnvironment.current(),
        makeHandler: (FunctionEnvironment) throws -> Handler
    ) async -> Never {
        let environment = FunctionEnvironment.load(processEnvironment: processEnvironment)
        let level = environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        let logger = Logger(function: function, minimumLevel: level)
        let host: HostKind
        do {
            host = try HostDetection.detect(environment.values)
        } catch {
            StandardIO.writeError("\(function): \(error.description)")
            exit(1)
        }
        let handler: Result<Handler, ConfigurationFailure>
        do {
            let made = try makeHandler(environment)
            made.logStartup(to: logger)
            handler = .success(made)
        } catch {
            let reason = (error as? any SafelyDescribedError)?.safeDescription ?? "configuration failed"
            logger.error("configuration invalid", ["problem": reason])
            handler = .failure(ConfigurationFailure(reason: reason))
        }

        switch host {
        case .lambda:
            await runLambda(environment: environment, logger: logger, handler: handler)
        case .cgi:
            await serveOnce(
                host: .cgi, environment: environment.values, logger: logger, handler: handler,
                bodyLength: CGIAdapter.bodyLength, makeRequest: CGIAdapter.request, output: CGIAdapter.output)
        case .openfaas:
            await serveOnce(
                host: .openfaas, environment: environment.values, logger: logger, handler: handler,
                bodyLength: OpenFaaSAdapter.bodyLength, makeRequest: OpenFaaSAdapter.request,
                output: OpenFaaSAdapter.output)
        case .event:
            await serveEvent(logger: logger, handler: handler)
        }
    }

    /// The answer while configuration is invalid: 503 so callers (and Vonage) retry once it is fixed.
    static let notConfigured = HTTPError.serviceUnavailable(
        retryAfter: 60, "The function is not configured; its log names the setting to fix.")

    private static func runLambda<Handler: FunctionHandler>(
        environment: FunctionEnvironment, logger: Logger, handler: Result<Handler, ConfigurationFailure>
    ) async -> Never {
        let client: RuntimeAPIClient
        do {
            client = try RuntimeAPIClient(address: environment["AWS_LAMBDA_RUNTIME_API"] ?? "")
        } catch {
            StandardIO.writeError("\(logger.function): AWS_LAMBDA_RUNTIME_API must be host:port")
            exit(1)
        }
        let loop = LambdaRuntimeLoop(client: client, function: logger.function, logger: logger)
        switch handler {
        case .failure(let failure):
            loop.reportInitError(failure.reason, type: "Runtime.ConfigurationError")
            exit(1)
        case .success(let handler):
            do {
                try await loop.run(handler: handler)
            } catch {
                logger.error("runtime API unavailable", ["reason": String(describing: error)])
            }
            exit(1)
        }
    }

    private static func serveOnce<Handler: FunctionHandler>(
        host: HostKind, environment: [String: String], logger: Logger, handler: Result<Handler, ConfigurationFailure>,
        bodyLength: ([String: String]) throws -> BodyLength,
        makeRequest: ([String: String], [UInt8]) -> FunctionRequest,
        output: (FunctionResponse) -> [UInt8]
    ) async -> Never {
        let requestID =
            RequestID.from(headerValue: environment["HTTP_X_REQUEST_ID"] ?? environment["Http_X_Request_Id"])
            ?? RequestID.from(headerValue: environment["UNIQUE_ID"]) ?? RequestID.generate()
        let context = FunctionContext(requestID: requestID, host: host, logger: logger.with("request_id", requestID))
        let response: FunctionResponse
        var summary: RequestSummary?
        do {
            let length = try bodyLength(environment)
            guard let body = StandardIO.readBody(length, limit: RequestLimits.maxBodyBytes) else {
                throw HTTPError.payloadTooLarge(limit: RequestLimits.maxBodyBytes)
            }
            if case .exactly(let expected) = length, body.count < expected {
                throw HTTPError.badRequest("The body ended before CONTENT_LENGTH bytes.")
            }
            let request = makeRequest(environment, body)
            switch handler {
            case .success(let handler):
                (response, summary) = await Invocation.respond(to: request, context: context, handler: handler)
            case .failure: response = notConfigured.response
            }
        } catch {
            StandardIO.drain()
            response = FunctionResponse.forError(error)
            context.logger.info("request refused", ["status": String(response.status)])
        }
        let written = StandardIO.write(output(response))
        summary?.write()
        // The OpenFaaS classic watchdog answers 200 for exit status 0 whatever the body says; a 5xx must reach the
        // caller as one (Vonage retries a webhook only on 429/5xx), so the process exits 1 and the watchdog answers
        // 500.
        exit(written && !(host == .openfaas && response.status >= 500) ? 0 : 1)
    }

    private static func serveEvent<Handler: FunctionHandler>(
        logger: Logger, handler: Result<Handler, ConfigurationFailure>
    )
        async -> Never
    {
        let limit = 1 << 20
        guard let input = StandardIO.readBody(.untilEOF, limit: limit) else {
            StandardIO.writeError("\(logger.function): the event on stdin is over \(limit) bytes")
            exit(2)
        }
        let event: DecodedEvent
        do {
            event = try EventAdapter.decode(input)
        } catch {
            StandardIO.writeError(
                "\(logger.function): \((error as? HostInputError)?.description ?? "unreadable event")")
            exit(2)
        }
        let requestID =
            event.requestID.flatMap { RequestID.from(headerValue: $0) }
            ?? RequestID.from(headerValue: event.request.headers["X-Request-Id"]) ?? RequestID.generate()
        let context = FunctionContext(requestID: requestID, host: .event, logger: logger.with("request_id", requestID))
        let response: FunctionResponse
        var summary: RequestSummary?
        switch handler {
        case .success(let handler):
            (response, summary) = await Invocation.respond(to: event, context: context, handler: handler)
        case .failure: response = event.rejection?.response ?? notConfigured.response
        }
        let written = StandardIO.write(EventAdapter.encode(response, shape: event.shape) + [0x0A])
        summary?.write()
        exit(written ? 0 : 1)
    }
}

/// An error whose description is safe to log: it names what is wrong, never a secret value.
public protocol SafelyDescribedError: Error {
    /// The loggable description.
    var safeDescription: String { get }
}

extension ConfigurationError: SafelyDescribedError {
    /// `NAME is not set` and the like.
    public var safeDescription: String { description }
}

struct ConfigurationFailure: Error {
    var reason: String
}

/// Request ids: taken from the host when they look like ids, generated otherwise.
enum RequestID {
    /// A host-supplied id when it is 1–128 characters of `[A-Za-z0-9._:-]` (so it cannot forge log fields).
    static func from(headerValue: String?) -> String? {
        guard let value = headerValue, (1...128).contains(value.utf8.count),
            value.utf8.allSatisfy({ byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                    UInt8(ascii: ":"), UInt8(ascii: "@"):
                    true
                default: false
                }
            })
        else { return nil }
        return value
    }

    /// A new random id.
    static func generate() -> String { UUID().uuidString.lowercased() }
}
