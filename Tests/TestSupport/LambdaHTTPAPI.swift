import Foundation

/// The functions behind an emulated API Gateway HTTP API: routes as deploy/lambda/template.yaml declares them,
/// each invoking one function under its own real Lambda RIE with a payload format 2.0 event, and the proxy
/// response turned back into HTTP the way API Gateway does.
public final class LambdaHTTPAPI: DeployedAPI, @unchecked Sendable {
    /// A route: method, API Gateway path template, function.
    public typealias Route = (method: String, template: String, function: String)

    /// The public routes, as template.yaml routes them.
    public static let routes: [Route] = [
        ("POST", "/send-sms", "send-sms"), ("POST", "/webhooks/inbound", "inbound-sms"),
        ("POST", "/webhooks/status", "message-status"), ("GET", "/health", "health"),
        ("GET", "/messages", "messages"), ("GET", "/messages/{message_uuid}", "messages"),
        ("GET", "/metrics", "metrics"),
    ]

    private let emulators: [String: LambdaEmulator]
    private var counter = 0

    /// Starts one emulator per function of `package`, each with `environment`.
    public init(package: LambdaPackage, environment: [String: String]) throws {
        var emulators: [String: LambdaEmulator] = [:]
        do {
            for (function, bootstrap) in package.bootstraps {
                emulators[function] = try LambdaEmulator(bootstrap: bootstrap.path, environment: environment)
            }
        } catch {
            for emulator in emulators.values { emulator.stop() }
            throw error
        }
        self.emulators = emulators
    }

    /// Stops every emulator.
    public func stop() { for emulator in emulators.values { emulator.stop() } }

    deinit { stop() }

    /// The functions' logs.
    public var diagnostics: String {
        emulators.sorted(by: { $0.key < $1.key }).map { "[\($0.key)] \($0.value.process.output)" }
            .joined(separator: "\n")
    }

    /// Routes, invokes, and maps the proxy response; an unrouted request is API Gateway's 404.
    public func send(_ request: APIRequest) throws -> APIResponse {
        guard let (route, parameters) = Self.match(request) else {
            let body = Data(#"{"message":"Not Found"}"#.utf8)
            return APIResponse(status: 404, headers: ["content-type": "application/json"], body: body)
        }
        guard let emulator = emulators[route.function] else { throw WebServerError(message: "no \(route.function)") }
        counter += 1
        let result = try emulator.invoke(try event(request, route: route, parameters: parameters))
        return try Self.response(from: result)
    }

    static func match(_ request: APIRequest) -> (Route, [String: String])? {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: false)
        for route in routes where route.method == request.method {
            let pattern = route.template.split(separator: "/", omittingEmptySubsequences: false)
            guard pattern.count == segments.count else { continue }
            var parameters: [String: String] = [:]
            let matches = zip(pattern, segments).allSatisfy { want, have in
                if want.hasPrefix("{") && want.hasSuffix("}") && !have.isEmpty {
                    parameters[String(want.dropFirst().dropLast())] = String(have)
                    return true
                }
                return want == have
            }
            if matches { return (route, parameters) }
        }
        return nil
    }

    /// A payload format 2.0 event shaped like API Gateway's (lower-case header names, routeKey, pathParameters).
    func event(_ request: APIRequest, route: Route, parameters: [String: String]) throws -> Data {
        var headers = Dictionary(request.headers.map { ($0.key.lowercased(), $0.value) }) { $1 }
        headers["host"] = "abc123.execute-api.us-east-1.amazonaws.com"
        headers["user-agent"] = "curl/8.0"
        let routeKey = "\(route.method) \(route.template)"
        let now = Date()
        var event: [String: Any] = [
            "version": "2.0", "routeKey": routeKey, "rawPath": request.path, "rawQueryString": request.query,
            "headers": headers, "isBase64Encoded": false,
            "requestContext": [
                "accountId": "123456789012", "apiId": "abc123", "domainPrefix": "abc123",
                "domainName": "abc123.execute-api.us-east-1.amazonaws.com", "routeKey": routeKey, "stage": "$default",
                "requestId": "apigw-\(counter)", "timeEpoch": Int(now.timeIntervalSince1970 * 1000),
                "http": [
                    "method": request.method, "path": request.path, "protocol": "HTTP/1.1", "sourceIp": "203.0.113.9",
                    "userAgent": "curl/8.0",
                ],
            ],
        ]
        if !parameters.isEmpty { event["pathParameters"] = parameters }
        if !request.query.isEmpty {
            var query: [String: String] = [:]
            for pair in request.query.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                let name = parts[0].removingPercentEncoding ?? parts[0]
                let value = parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
                query[name] = query[name].map { $0 + "," + value } ?? value
            }
            event["queryStringParameters"] = query
        }
        if let body = request.body {
            if request.alternateBodyEncoding {
                event["body"] = body.base64EncodedString()
                event["isBase64Encoded"] = true
            } else {
                event["body"] = String(decoding: body, as: UTF8.self)
            }
            headers["content-length"] = String(body.count)
            event["headers"] = headers
        }
        return try JSONSerialization.data(withJSONObject: event)
    }

    /// API Gateway's reading of a proxy response; a function error is its 500.
    static func response(from result: Data) throws -> APIResponse {
        guard let json = try JSONSerialization.jsonObject(with: result) as? [String: Any] else {
            throw WebServerError(message: "not a JSON object: \(String(decoding: result, as: UTF8.self))")
        }
        if json["errorType"] != nil || json["errorMessage"] != nil {
            return APIResponse(status: 500, headers: [:], body: Data(#"{"message":"Internal Server Error"}"#.utf8))
        }
        guard let status = json["statusCode"] as? Int else {
            return APIResponse(status: 200, headers: ["content-type": "application/json"], body: result)
        }
        let raw = (json["headers"] as? [String: String]) ?? [:]
        let headers = Dictionary(raw.map { ($0.key.lowercased(), $0.value) }) { $1 }
        let text = json["body"] as? String ?? ""
        let body = (json["isBase64Encoded"] as? Bool == true) ? (Data(base64Encoded: text) ?? Data()) : Data(text.utf8)
        return APIResponse(status: status, headers: headers, body: body)
    }
}
