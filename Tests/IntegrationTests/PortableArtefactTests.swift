import Foundation
import Synchronization
import TestSupport
import Testing

/// The release executables as users deploy them, on a root filesystem that holds nothing else: the Lambda container
/// image, and a Lambda zip's `bootstrap` unpacked into an empty image, each run with podman under the real RIE,
/// against the test PostgreSQL over TCP with a password and an HTTPS fake Vonage whose CA is only where Amazon Linux
/// keeps its bundle. `make test` builds the release executables and names their folder in `SMS_TEST_RELEASE_BIN`.
@Suite(
    "Portable artefacts: static executables in FROM scratch images", .serialized,
    .requires(.releaseExecutables))
struct PortableArtefactTests {
    @Test(
        "every release function is a static executable: no interpreter, no shared library",
        arguments: WebServer.functions)
    func releaseExecutablesAreStatic(function: String) throws {
        let path = try ReleaseArtefacts.executable(function)
        let headers = try TestSupport.run("/usr/bin/readelf", ["-lW", path], environment: ["PATH": "/usr/bin:/bin"])
        #expect(headers.status == 0, "\(headers.stderrText)")
        #expect(!headers.stdoutText.contains("INTERP"), "\(function) names a program interpreter")
        let dynamic = try TestSupport.run("/usr/bin/readelf", ["-dW", path], environment: ["PATH": "/usr/bin:/bin"])
        #expect(!dynamic.stdoutText.contains("(NEEDED)"), "\(function) needs shared libraries:\n\(dynamic.stdoutText)")
    }

    /// How the function reaches the container.
    enum Artefact: String, CaseIterable, Sendable {
        /// deploy/build-images.sh's Lambda image; the command names the function.
        case image
        /// deploy/lambda/package.sh's zip, its `bootstrap` alone in an image.
        case zip
    }

    @Test(
        "health, inbound-sms and send-sms answer from an empty root, on PostgreSQL and the Amazon Linux CA path",
        .requires(.podman, .rie, .postgres, .venv), arguments: Artefact.allCases)
    func functionsRunFromScratch(artefact: Artefact) throws {
        let deployment = try ScratchDeployment.shared()
        let fixture = try FunctionFixture(scenario: nil, databaseURL: try PostgresProcessTests.freshDatabaseURL())
        let vonage = try FakeVonage(
            publicKeyPath: fixture.keys.pkcs8PublicPath, scenario: "[]", applicationId: fixture.applicationID,
            tls: deployment.certificate.fakeVonageTLS)
        defer { vonage.stop() }
        var environment = fixture.environment
        environment["PATH"] = nil
        environment["VONAGE_PRIVATE_KEY_PATH"] = nil
        environment["VONAGE_PRIVATE_KEY_BASE64"] = try Data(contentsOf: URL(fileURLWithPath: fixture.keys.pkcs8Path))
            .base64EncodedString()
        environment["VONAGE_API_URL"] = vonage.baseURL

        let health = try deployment.container(artefact, "health", environment: environment)
        defer { health.stop() }
        let healthAnswer = try health.invoke(LambdaEvent.v2(method: "GET", path: "/health"))
        #expect(healthAnswer.status == 200, "\(healthAnswer.body)\n\(health.logs())")
        #expect(healthAnswer.body.contains("\"store\":\"ok\""))

        let inbound = try deployment.container(artefact, "inbound-sms", environment: environment)
        defer { inbound.stop() }
        let uuid = UUID().uuidString.lowercased()
        let body = VonageWebhookBodies.inbound(uuid: uuid, text: "from scratch")
        let stored = try inbound.invoke(
            LambdaEvent.v2(
                method: "POST", path: "/webhooks/inbound", body: body,
                headers: ["authorization": fixture.signer.authorization(for: body)]))
        #expect(stored.status == 200, "\(stored.body)\n\(inbound.logs())")
        let text = try TestSupport.run(
            "/usr/bin/psql",
            [fixture.databaseURL, "-At", "-c", "SELECT body FROM messages WHERE message_uuid = '\(uuid)'"],
            environment: ["PATH": "/usr/bin:/bin"])
        #expect(text.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "from scratch")

        let send = try deployment.container(artefact, "send-sms", environment: environment)
        defer { send.stop() }
        let sent = try send.invoke(
            LambdaEvent.v2(
                method: "POST", path: "/send-sms", body: Data(#"{"to":"447700900123","text":"over TLS"}"#.utf8),
                headers: ["authorization": "Bearer \(fixture.apiToken)", "content-type": "application/json"]))
        #expect(sent.status == 202, "\(sent.body)\n\(send.logs())")
        #expect(try vonage.requests().count == 1)
    }
}

/// A step of building or running an artefact failed, with what the tool said.
struct ArtefactError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The release executables `make test` built.
enum ReleaseArtefacts {
    /// `SMS_TEST_RELEASE_BIN`, when set.
    static var directory: String? {
        guard let dir = ProcessInfo.processInfo.environment["SMS_TEST_RELEASE_BIN"], !dir.isEmpty else { return nil }
        return dir
    }

    /// The path of a release function.
    static func executable(_ function: String) throws -> String {
        let path = try #require(directory) + "/" + function
        #expect(FileManager.default.isExecutableFile(atPath: path), "\(path) is missing")
        return path
    }
}

/// An API Gateway HTTP API (payload 2.0) event.
enum LambdaEvent {
    static func v2(method: String, path: String, body: Data? = nil, headers: [String: String] = [:]) -> Data {
        var event: [String: Any] = [
            "version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": "",
            "headers": headers, "isBase64Encoded": false,
            "requestContext": ["http": ["method": method, "path": path], "requestId": UUID().uuidString],
        ]
        if let body { event["body"] = String(decoding: body, as: UTF8.self) }
        return try! JSONSerialization.data(withJSONObject: event)
    }
}

/// The images of one test run, built once: the Lambda image by deploy/build-images.sh with the test CA as its
/// bundle, and one image per zipped bootstrap with the test CA at the Amazon Linux path.
final class ScratchDeployment: @unchecked Sendable {
    static let podman = ["/usr/bin/podman", "--runtime", "runc"]
    private static let built = Mutex<Result<ScratchDeployment, any Error>?>(nil)

    let certificate: TestTLSCertificate
    let lambdaImage: String
    let zipImages: [String: String]
    private let tag = "t" + UUID().uuidString.lowercased().prefix(8)

    static func shared() throws -> ScratchDeployment {
        try built.withLock { result in
            if result == nil { result = Result { try ScratchDeployment() } }
            return try result!.get()
        }
    }

    private init() throws {
        let release = try #require(ReleaseArtefacts.directory)
        certificate = try TestTLSCertificate.get()
        let root = TestSupport.packageRoot.path
        let environment = [
            "PATH": "/usr/bin:/bin", "SKIP_BUILD": "1", "PRODUCTS_DIR": release,
            "CA_BUNDLE": certificate.certificatePath,
            "CONTAINER_ENGINE": Self.podman.joined(separator: " "), "IMAGE_PREFIX": "localhost/sms-test", "TAG": tag,
        ]
        let images = try TestSupport.run(
            "/bin/bash", [root + "/deploy/build-images.sh", "lambda"], environment: environment)
        guard images.status == 0 else { throw ArtefactError("build-images.sh: \(images.stderrText)") }
        lambdaImage = "localhost/sms-test-lambda:\(tag)"

        let package = try LambdaPackage.make(productsDirectory: release)
        var zipImages: [String: String] = [:]
        for function in ["health", "inbound-sms", "send-sms"] {
            let context = try TestSupport.makeTemporaryDirectory("zip-image")
            try FileManager.default.copyItem(
                at: try #require(package.bootstraps[function]), to: context.appendingPathComponent("bootstrap"))
            try FileManager.default.copyItem(
                at: URL(fileURLWithPath: certificate.certificatePath), to: context.appendingPathComponent("ca.pem"))
            try Data(
                """
                FROM scratch
                COPY bootstrap /var/task/bootstrap
                COPY ca.pem /etc/pki/tls/certs/ca-bundle.crt

                """.utf8
            ).write(to: context.appendingPathComponent("Containerfile"))
            let image = "localhost/sms-test-zip-\(function):\(tag)"
            let build = try TestSupport.run(
                Self.podman[0], Array(Self.podman.dropFirst()) + ["build", "-q", "-t", image, context.path],
                environment: ["PATH": "/usr/bin:/bin"])
            guard build.status == 0 else { throw ArtefactError("podman build: \(build.stderrText)") }
            zipImages[function] = image
        }
        self.zipImages = zipImages
    }

    /// Starts `function` from `artefact` under the RIE (mounted from the host; Lambda provides its own).
    func container(_ artefact: Artefact, _ function: String, environment: [String: String]) throws -> LambdaContainer {
        switch artefact {
        case .image:
            return try LambdaContainer(image: lambdaImage, bootstrap: "/var/task/\(function)", environment: environment)
        case .zip:
            return try LambdaContainer(
                image: try #require(zipImages[function]), bootstrap: "/var/task/bootstrap", environment: environment)
        }
    }

    typealias Artefact = PortableArtefactTests.Artefact
}

/// One container running the RIE and a bootstrap, on the host's network (loopback only).
final class LambdaContainer: @unchecked Sendable {
    let name = "sms-test-" + UUID().uuidString.lowercased()
    let invokeURL: String

    init(image: String, bootstrap: String, environment: [String: String]) throws {
        let port = try TestSupport.freePort()
        let apiPort = try TestSupport.freePort()
        var arguments =
            Array(ScratchDeployment.podman.dropFirst()) + [
                "run", "-d", "--name", name, "--network", "host", "--ulimit", "nofile=1024:1024",
                "--ulimit", "nproc=1024:1024", "-v", "\(LambdaEmulator.binary):/rie:ro", "--entrypoint", "/rie",
                "-e", "AWS_LAMBDA_FUNCTION_TIMEOUT=20",
            ]
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
        arguments += [
            image, "--runtime-interface-emulator-address", "127.0.0.1:\(port)", "--runtime-api-address",
            "127.0.0.1:\(apiPort)", "--log-level", "error", bootstrap,
        ]
        // Through a file, not a pipe: podman leaves conmon running with the pipe open until the container ends.
        _ = try TestSupport.runDaemonizingOutput(
            ScratchDeployment.podman[0], arguments, environment: ["PATH": "/usr/bin:/bin"])
        let base = "http://127.0.0.1:\(port)"
        invokeURL = base + "/2015-03-31/functions/function/invocations"
        try TestHTTP.waitUntilListening(base + "/")
    }

    /// Invokes the function and returns the proxy response's status and body.
    func invoke(_ event: Data) throws -> (status: Int, body: String) {
        let response = try TestHTTP.request("POST", invokeURL, body: event)
        let json = try response.json()
        return (json["statusCode"] as? Int ?? 0, json["body"] as? String ?? response.text)
    }

    /// What the RIE and the function wrote.
    func logs() -> String {
        let result = try? TestSupport.run(
            ScratchDeployment.podman[0], Array(ScratchDeployment.podman.dropFirst()) + ["logs", name],
            environment: ["PATH": "/usr/bin:/bin"])
        return (result?.stdoutText ?? "") + (result?.stderrText ?? "")
    }

    func stop() {
        _ = try? TestSupport.run(
            ScratchDeployment.podman[0], Array(ScratchDeployment.podman.dropFirst()) + ["rm", "-f", "-t", "1", name],
            environment: ["PATH": "/usr/bin:/bin"])
    }
}
