// sms-local: the local stack (`make run`). A gateway that runs the function executables as a CGI host
// does, and (without real Vonage credentials) a Vonage Messages API sandbox that calls the webhooks back.
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

// A function that exits before reading its whole body must not take sms-local down with SIGPIPE.
signal(SIGPIPE, SIG_IGN)

let options: Options
do {
    options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("sms-local: \(error.description)\n\n\(Options.usage)\n".utf8))
    exit(64)
}
if options.help {
    print(Options.usage)
    exit(0)
}

let setup: LocalSetup
do {
    setup = try LocalSetup.prepare(options: options, processEnvironment: ProcessInfo.processInfo.environment)
} catch {
    StandardError.log("\(error)")
    exit(1)
}

var logger = Logger(label: "sms-local")
logger.logLevel = .warning
let started = StartupLatch(count: setup.mode == .sandbox ? 2 : 1) {
    FileHandle.standardOutput.write(Data((Banner.text(for: setup) + "\n").utf8))
}
let runner = FunctionRunner(
    directory: setup.functionsDirectory, configuration: setup.functionEnvironment,
    timeout: .seconds(options.functionTimeout), limiter: ProcessLimiter(limit: options.maxProcesses))

var services: [any Service] = []
var inbound: InboundSimulator?
if setup.mode == .sandbox, let credentials = setup.credentials {
    let signer = WebhookSigner(
        secret: setup.functionEnvironment["VONAGE_SIGNATURE_SECRET"] ?? credentials.signatureSecret,
        apiKey: "sandbox0", applicationID: credentials.applicationID)
    let delivery = WebhookDelivery(signer: signer, retryDelays: WebhookDelivery.sandboxSchedule())
    let gatewayHost = options.host == "::1" ? "::1" : "127.0.0.1"
    inbound = InboundSimulator(
        target: WebhookTarget(host: gatewayHost, port: options.port, path: "/webhooks/inbound"), delivery: delivery,
        defaultRecipient: setup.recipientNumber)
    let sandbox = MessagesAPIResponder(
        verifier: ApplicationJWTVerifier(applicationID: credentials.applicationID, publicKey: credentials.publicKey),
        statusTarget: WebhookTarget(host: gatewayHost, port: options.port, path: "/webhooks/status"),
        delivery: delivery)
    var server = HTTPServerBuilder.http1()
    if let certificate = setup.certificate {
        do {
            let tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(certificate.certificatePath)
                    .map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: certificate.keyPath, format: .pem)))
            server = try .tls(.http1(), tlsConfiguration: tls)
        } catch {
            StandardError.log("cannot load the sandbox certificate: \(error)")
            exit(1)
        }
    }
    services.append(
        Application(
            responder: sandbox, server: server,
            configuration: .init(address: .hostname("127.0.0.1", port: options.effectiveSandboxPort)),
            onServerRunning: { _ in await started.arrive() }, logger: logger))
}
services.append(
    Application(
        responder: GatewayResponder(runner: runner, host: options.host, port: options.port, inbound: inbound),
        configuration: .init(address: .hostname(options.host, port: options.port)),
        onServerRunning: { _ in await started.arrive() }, logger: logger))

do {
    let group = ServiceGroup(
        configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
} catch {
    StandardError.log("stopped: \(error)")
    exit(1)
}
