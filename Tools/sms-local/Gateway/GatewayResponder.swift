import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The gateway: every route of the HTTP surface runs its function executable as a CGI program; `/sandbox/*` goes
/// to the sandbox's helpers when the sandbox is on; `/` and `/console/*` are the console (ConsoleAssets).
struct GatewayResponder: HTTPResponder {
    typealias Context = LocalRequestContext

    let runner: FunctionRunner
    /// The address and port the gateway listens on (`SERVER_NAME`/`SERVER_PORT` when no Host header).
    let host: String
    let port: Int
    /// `POST /sandbox/inbound`, when the sandbox is on.
    let inbound: InboundSimulator?

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        if path == "/sandbox/inbound", let inbound {
            return await inbound.respond(to: request, context: context)
        }
        if let console = ConsoleAssets.response(path: path, method: request.method) {
            return console
        }
        if path == "/openapi.yaml", let spec = Self.openAPISpec {
            return Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: ByteBuffer(bytes: spec)))
        }
        guard let match = GatewayRoutes.match(path: path) else {
            return JSONResponse.problem(.notFound, "No function serves \(path).")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            return JSONResponse.problem(.contentTooLarge, "The body is over \(context.maxUploadSize) bytes.")
        }
        let cgiRequest = makeCGIRequest(request, match: match, bodyLength: body.readableBytes, context: context)
        let started = ContinuousClock.now
        let result = await runner.run(match.function, request: cgiRequest, body: Array(buffer: body))
        let response = Self.response(for: result, function: match.function)
        let elapsed = started.duration(to: .now)
        StandardError.log(
            "\(request.method.rawValue) \(path) → \(match.function) \(response.status.code) "
                + "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000) ms")
        return response
    }

    private func makeCGIRequest(_ request: Request, match: GatewayRoutes.Match, bodyLength: Int, context: Context)
        -> CGIRequest
    {
        var headers: [(name: String, value: String)] = []
        for field in request.headers { headers.append((field.name.rawName, field.value)) }
        let hostHeader = request.head.authority.map { value -> String in
            // `127.0.0.1:3000` → `127.0.0.1`; `[::1]:3000` → `[::1]`.
            if let colon = value.lastIndex(of: ":"), !value.hasSuffix("]") { return String(value[..<colon]) }
            return value
        }
        let hasBody =
            bodyLength > 0 || request.headers[.contentLength] != nil
            || request.headers[.transferEncoding] != nil
        return CGIRequest(
            method: request.method.rawValue, scriptName: match.scriptName, pathInfo: match.pathInfo,
            query: request.uri.query ?? "", requestURI: request.uri.description, headers: headers,
            contentLength: hasBody ? bodyLength : nil,
            remoteAddress: context.remoteAddress?.ipAddress ?? "127.0.0.1",
            remotePort: context.remoteAddress?.port ?? 0,
            serverName: hostHeader ?? host, serverPort: port)
    }

    /// The HTTP answer for what the function did; failures are 502/504 problems, as a web server reports them.
    static func response(for result: FunctionRunner.Result, function: String) -> Response {
        switch result {
        case .answered(let cgi):
            var headers = HTTPFields()
            for header in cgi.headers {
                guard let name = HTTPField.Name(header.name) else { continue }
                headers.append(HTTPField(name: name, value: header.value))
            }
            return Response(
                status: .init(code: cgi.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: cgi.body)))
        case .malformed(let reason):
            StandardError.log("\(function): malformed CGI output: \(reason)")
            return JSONResponse.problem(.badGateway, "The function \(function) did not write a valid CGI response.")
        case .timedOut:
            StandardError.log("\(function): killed after the function timeout")
            return JSONResponse.problem(.gatewayTimeout, "The function \(function) did not answer in time.")
        case .failedToStart(let reason):
            StandardError.log(reason)
            return JSONResponse.problem(
                .badGateway, "The function \(function) could not be started; is it built (swift build)?")
        }
    }

    /// The repository's openapi.yaml (the local stack runs from the source tree), read once.
    static let openAPISpec: [UInt8]? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        for url in [root.appendingPathComponent("openapi.yaml"), URL(fileURLWithPath: "openapi.yaml")] {
            if let data = FileManager.default.contents(atPath: url.path) { return Array(data) }
        }
        return nil
    }()
}
