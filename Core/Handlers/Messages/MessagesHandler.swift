import FunctionRuntime
import SMS
import Store

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `GET /messages` (newest first, filtered, paged with an opaque cursor) and `GET /messages/{message_uuid}` (one
/// message with its status history). Bearer token like send-sms.
public struct MessagesHandler: FunctionHandler {
    private let tokens: BearerTokens
    private let store: StoreAccess

    /// Creates the handler.
    public init(tokens: BearerTokens, store: StoreAccess) {
        self.tokens = tokens
        self.store = store
    }

    /// Reads `SMS_API_TOKEN` and `DATABASE_URL`.
    public init(environment: FunctionEnvironment) throws {
        self.init(tokens: try BearerTokens(environment: environment), store: try StoreAccess(environment: environment))
    }

    /// Answers one message or a page of them.
    public func handle(_ request: FunctionRequest, context: FunctionContext) async throws -> FunctionResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            throw HTTPError.methodNotAllowed(allow: ["GET", "HEAD"])
        }
        try tokens.authorize(request)
        var response: FunctionResponse
        if let uuid = Self.messageID(in: request, host: context.host) {
            response = try one(uuid, context: context)
        } else {
            response = try page(try Self.query(from: request), context: context)
        }
        response.headers.set("Cache-Control", "no-store")
        if request.method == "HEAD" { response.body = [] }
        return response
    }

    private func one(_ uuid: String, context: FunctionContext) throws -> FunctionResponse {
        let messages: any MessageReading = try store.store(context)
        guard
            let message = try StoreFailure.perform(
                context, { () throws(StoreError) in try messages.message(uuid: uuid) })
        else { throw HTTPError.notFound("No message with this message_uuid.") }
        return try FunctionResponse.json(MessageView(message: message, includeEvents: true))
    }

    private func page(_ query: MessageQuery, context: FunctionContext) throws -> FunctionResponse {
        let messages: any MessageReading = try store.store(context)
        let page = try StoreFailure.perform(context) { () throws(StoreError) in try messages.listMessages(query) }
        return try FunctionResponse.json(
            MessageListView(
                messages: page.messages.map { MessageView(message: $0, includeEvents: false) },
                nextCursor: page.nextCursor))
    }

    /// The uuid after `/messages/` in the request path, under every host: a CGI host's path is `SCRIPT_NAME +
    /// PATH_INFO`, and RFC 3875 lets a host split it anywhere (`/messages` + `/{id}`, or `""` + `/messages/{id}` as
    /// FastCGI wrappers do). A script named otherwise (`/cgi-bin/messages.cgi`) leaves the id in PATH_INFO. The
    /// OpenFaaS gateway strips `/function/messages`, so there a path without a `messages` segment is the remainder
    /// itself. `nil` for the collection.
    static func messageID(in request: FunctionRequest, host: HostKind = .event) -> String? {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: false)
        let remainder: String
        if let index = segments.lastIndex(of: "messages") {
            remainder = segments[(index + 1)...].joined(separator: "/")
        } else if let pathInfo = request.pathInfo {
            remainder = pathInfo
        } else {
            remainder = host == .openfaas ? request.path : ""
        }
        let id = remainder.split(separator: "/").first.map(String.init) ?? ""
        return id.isEmpty ? nil : QueryString.decode(id)
    }

    /// The list query from the query string; every invalid parameter is reported at once (422).
    static func query(from request: FunctionRequest) throws(HTTPError) -> MessageQuery {
        var query = MessageQuery()
        var invalid: [Problem.InvalidParam] = []
        if let direction = request.queryValue("direction"), !direction.isEmpty {
            if let value = MessageDirection(rawValue: direction) {
                query.direction = value
            } else {
                invalid.append(.init(name: "direction", reason: "must be inbound or outbound"))
            }
        }
        if let status = request.queryValue("status"), !status.isEmpty { query.status = status }
        if let channel = request.queryValue("channel"), !channel.isEmpty { query.channel = channel.lowercased() }
        for (name, keyPath) in [("to", \MessageQuery.to), ("from", \MessageQuery.from)] {
            guard let value = request.queryValue(name), !value.isEmpty else { continue }
            // Numbers are stored as E.164 digits; an alphanumeric sender is matched as given.
            query[keyPath: keyPath] = (try? PhoneNumber(parsing: value, field: name))?.digits ?? value
        }
        if let since = request.queryValue("since"), !since.isEmpty {
            if let date = APITimestamp.parse(since) {
                query.since = date
            } else {
                invalid.append(.init(name: "since", reason: "must be an ISO 8601 time, e.g. 2026-11-29T15:00:00Z"))
            }
        }
        if let limit = request.queryValue("limit"), !limit.isEmpty {
            if let value = Int(limit), (1...MessageQuery.maximumLimit).contains(value) {
                query.limit = value
            } else {
                invalid.append(
                    .init(name: "limit", reason: "must be a whole number from 1 to \(MessageQuery.maximumLimit)"))
            }
        }
        if let cursor = request.queryValue("cursor"), !cursor.isEmpty { query.cursor = cursor }
        guard invalid.isEmpty else { throw .unprocessable("Invalid query parameters.", invalidParams: invalid) }
        return query
    }
}
