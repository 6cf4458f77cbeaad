import Foundation
import TestSupport
import Testing

/// The deploy/ artefacts run for real: one scenario (health, send, status webhooks, history, inbound, a chunked or
/// base64 body, missing token, forged webhook) through Apache mod_cgid, nginx + fcgiwrap, and the zipped
/// `bootstrap`s under the real Lambda RIE; and the SAM template through cfn-lint.
@Suite("Deploy scenarios", .serialized)
struct DeployScenarioTests {
    @Test(.requires(.venv, .apache, .nginx), arguments: WebServerKind.allCases)
    func scenarioPassesThroughTheRealWebServer(kind: WebServerKind) throws {
        let fixture = try FunctionFixture()
        let server = try WebServer.serving(kind, fixture: fixture)
        defer { server.stop() }
        try DeployScenario(api: WebServerAPI(server: server), fixture: fixture).run()
    }

    @Test(.requires(.venv, .rie)) func scenarioPassesThroughTheZippedBootstrapsUnderTheLambdaRIE() throws {
        #expect(FileManager.default.isExecutableFile(atPath: LambdaEmulator.binary), "scripts/test-deps.sh installs it")
        let package = try LambdaPackage.make()
        for function in WebServer.functions {
            // Lambda runs `bootstrap` from the zip root; nothing else belongs there.
            #expect(package.entries[function] == ["bootstrap"], "\(function): \(package.entries[function] ?? [])")
            let bootstrap = try #require(package.bootstraps[function])
            #expect(FileManager.default.isExecutableFile(atPath: bootstrap.path), "\(function) lost its mode bits")
        }
        let fixture = try FunctionFixture()
        var environment = fixture.environment
        environment.removeValue(forKey: "VONAGE_PRIVATE_KEY_PATH")
        // As template.yaml passes it: the key inline, base64.
        environment["VONAGE_PRIVATE_KEY_BASE64"] = try Data(contentsOf: URL(fileURLWithPath: fixture.keys.pkcs8Path))
            .base64EncodedString()
        let api = try LambdaHTTPAPI(package: package, environment: environment)
        defer { api.stop() }
        try DeployScenario(api: api, fixture: fixture).run()
    }

    static var cfnLint: String {
        ProcessInfo.processInfo.environment["SMS_TEST_CFN_LINT"]
            ?? URL(fileURLWithPath: TestSupport.python).deletingLastPathComponent()
            .appendingPathComponent("cfn-lint").path
    }

    static let template = TestSupport.packageRoot.appendingPathComponent("deploy/lambda/template.yaml")

    @Test(.requires(.venv)) func samTemplatePassesCfnLintWhichRejectsABrokenCopy() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.cfnLint), "scripts/test-deps.sh installs cfn-lint")
        let environment = ProcessInfo.processInfo.environment
        let result = try TestSupport.run(Self.cfnLint, [Self.template.path], environment: environment)
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")

        // The linter really reads the template: an unknown runtime fails it.
        let broken = try TestSupport.makeTemporaryDirectory("cfn").appendingPathComponent("template.yaml")
        try String(contentsOf: Self.template, encoding: .utf8)
            .replacingOccurrences(of: "provided.al2023", with: "provided.al2099")
            .write(to: broken, atomically: true, encoding: .utf8)
        let failed = try TestSupport.run(Self.cfnLint, [broken.path], environment: environment)
        #expect(failed.status != 0)
        #expect(failed.stdoutText.contains("E3030"))
    }

    @Test(
        "the container-image SAM template passes cfn-lint, and each function's command is one of the six",
        .requires(.venv))
    func imageTemplatePassesCfnLintAndRunsEachFunction() throws {
        let template = TestSupport.packageRoot.appendingPathComponent("deploy/lambda/template-image.yaml")
        let result = try TestSupport.run(
            Self.cfnLint, [template.path], environment: ProcessInfo.processInfo.environment)
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
        let text = try String(contentsOf: template, encoding: .utf8)
        let commands = text.components(separatedBy: "\n").compactMap { line -> String? in
            guard let range = line.range(of: #"Command: \["/var/task/([a-z-]+)"\]"#, options: .regularExpression)
            else { return nil }
            return String(line[range].dropFirst(#"Command: ["/var/task/"#.count).dropLast(2))
        }
        #expect(commands.sorted() == WebServer.functions.sorted())
        #expect(text.components(separatedBy: "PackageType: Image").count - 1 == WebServer.functions.count)
        #expect(!text.contains("CodeUri"))
    }

    @Test func samTemplateRoutesMatchTheAPIRoutesAndSecretsAreNoEcho() throws {
        let lines = try String(contentsOf: Self.template, encoding: .utf8).components(separatedBy: "\n")
        var routes: [String] = []
        var function = ""
        var path = ""
        var parameter = ""
        var inParameters = false
        var noEcho: Set<String> = []
        for line in lines {
            let text = line.trimmingCharacters(in: .whitespaces)
            if !line.hasPrefix(" ") { inParameters = text == "Parameters:" }
            if inParameters, line.hasPrefix("  "), !line.hasPrefix("   "), text.hasSuffix(":") {
                parameter = String(text.dropLast())
            }
            if inParameters, text == "NoEcho: true" { noEcho.insert(parameter) }
            if text.hasPrefix("CodeUri: dist/"), text.hasSuffix(".zip") {
                function = String(text.dropFirst("CodeUri: dist/".count).dropLast(".zip".count))
            }
            if text.hasPrefix("Path: ") { path = String(text.dropFirst("Path: ".count)) }
            if text.hasPrefix("Method: ") {
                routes.append("\(text.dropFirst("Method: ".count)) \(path) → \(function)")
            }
        }
        let expected = LambdaHTTPAPI.routes.map { "\($0.method) \($0.template) → \($0.function)" }
        #expect(routes.sorted() == expected.sorted())
        #expect(noEcho.isSuperset(of: ["SmsApiToken", "VonageSignatureSecret", "VonagePrivateKeyBase64"]), "\(noEcho)")
        #expect(lines.contains { $0.contains("Runtime: provided.al2023") })
        #expect(lines.contains { $0.contains("Handler: bootstrap") })
    }
}

/// The scenario every deployment must pass, against any `DeployedAPI`.
struct DeployScenario {
    let api: any DeployedAPI
    let fixture: FunctionFixture

    func run() throws {
        let token = ["Authorization": "Bearer \(fixture.apiToken)", "Content-Type": "application/json"]
        let health = try api.send(APIRequest("GET", "/health"))
        #expect(health.status == 200, "\(health.text)\n\(api.diagnostics)")
        #expect(try health.json()["status"] as? String == "ok")

        let sendBody = Data(#"{"to":"+14155550101","text":"Your code is 1234","client_ref":"deploy-1"}"#.utf8)
        let sent = try api.send(APIRequest("POST", "/send-sms", headers: token, body: sendBody))
        #expect(sent.status == 202, "\(sent.text)\n\(api.diagnostics)")
        let uuid = try #require(try sent.json()["message_uuid"] as? String)

        for (status, time) in [("submitted", "2025-02-03T12:14:25Z"), ("delivered", "2025-02-03T12:14:31Z")] {
            let body = VonageWebhookBodies.status(uuid: uuid, status: status, timestamp: time, to: "14155550101")
            let answer = try api.send(webhook("/webhooks/status", body, signer: fixture.signer))
            #expect(answer.status == 200, "\(status): \(answer.text)\n\(api.diagnostics)")
        }
        let message = try api.send(APIRequest("GET", "/messages/\(uuid)", headers: token))
        #expect(message.status == 200, "\(message.text)")
        let record = try message.json()
        #expect(record["status"] as? String == "delivered")
        #expect(record["direction"] as? String == "outbound")
        let events = try #require(record["events"] as? [[String: Any]], "\(message.text)")
        #expect(events.compactMap { $0["status"] as? String } == ["submitted", "delivered"], "\(message.text)")

        let inboundUUID = UUID().uuidString.lowercased()
        let inbound = try api.send(
            webhook("/webhooks/inbound", VonageWebhookBodies.inbound(uuid: inboundUUID), signer: fixture.signer))
        #expect(inbound.status == 200, "\(inbound.text)\n\(api.diagnostics)")
        let listed = try api.send(APIRequest("GET", "/messages", query: "direction=inbound", headers: token))
        #expect(listed.status == 200, "\(listed.text)")
        let page = try #require(try listed.json()["messages"] as? [[String: Any]])
        #expect(page.compactMap { $0["message_uuid"] as? String } == [inboundUUID], "\(listed.text)")

        // Chunked through a web server (Apache gives no CONTENT_LENGTH), base64 in an API Gateway event.
        let other = try api.send(
            APIRequest("POST", "/send-sms", headers: token, body: sendBody, alternateBodyEncoding: true))
        #expect(other.status == 202, "\(other.text)\n\(api.diagnostics)")
        #expect(try other.json()["message_uuid"] as? String != uuid)
        let vonageCalls = try #require(fixture.vonage).requests()
        #expect(vonageCalls.count == 2)
        #expect(vonageCalls.allSatisfy { ($0["body"] as? [String: Any])?["text"] as? String == "Your code is 1234" })

        let anonymous = try api.send(
            APIRequest("POST", "/send-sms", headers: ["Content-Type": "application/json"], body: sendBody))
        #expect(anonymous.status == 401)
        #expect(anonymous.headers["content-type"] == "application/problem+json")
        #expect(try anonymous.json()["status"] as? Int == 401)

        let forgedUUID = UUID().uuidString.lowercased()
        let forger = VonageWebhookSigner(secret: "not-the-signature-secret-0123456789")
        let forgedBody = VonageWebhookBodies.inbound(uuid: forgedUUID)
        let forged = try api.send(webhook("/webhooks/inbound", forgedBody, signer: forger))
        #expect(forged.status == 401, "\(forged.text)")
        #expect(forged.headers["content-type"] == "application/problem+json")
        #expect(try api.send(APIRequest("GET", "/messages/\(forgedUUID)", headers: token)).status == 404)
        #expect(try #require(fixture.vonage).requests().count == 2, "refused requests never reach Vonage")
    }

    func webhook(_ path: String, _ body: Data, signer: VonageWebhookSigner) -> APIRequest {
        let headers = ["Authorization": signer.authorization(for: body), "Content-Type": "application/json"]
        return APIRequest("POST", path, headers: headers, body: body)
    }
}
