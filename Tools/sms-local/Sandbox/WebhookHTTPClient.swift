import NIOCore
import NIOHTTP1
import NIOPosix

/// A one-request-per-connection HTTP/1.1 client for the sandbox's webhook calls. It only speaks plain HTTP to
/// loopback addresses: the sandbox never calls anything but this machine.
enum WebhookHTTPClient {
    /// One answer.
    struct Response: Sendable {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        /// The first header named `name` (case-insensitive).
        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    /// Failures before an answer arrived.
    struct ClientError: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends `POST`-style request `method path` to `127.0.0.1:port` (or another loopback host) and reads the
    /// answer, within `timeout`.
    static func send(
        method: HTTPMethod, host: String, port: Int, path: String, headers: [(String, String)], body: [UInt8],
        timeout: Duration = .seconds(15)
    ) async throws -> Response {
        try await withThrowingTaskGroup(of: Response.self) { group in
            group.addTask {
                try await exchange(method: method, host: host, port: port, path: path, headers: headers, body: body)
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw ClientError(description: "no answer within \(timeout)")
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw ClientError(description: "no answer") }
            return first
        }
    }

    private static func exchange(
        method: HTTPMethod, host: String, port: Int, path: String, headers: [(String, String)], body: [UInt8]
    ) async throws -> Response {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(3))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
            head.headers.add(name: "Host", value: "\(host):\(port)")
            head.headers.add(name: "Connection", value: "close")
            head.headers.add(name: "Content-Length", value: String(body.count))
            for (name, value) in headers { head.headers.add(name: name, value: value) }
            try await outbound.write(.head(head))
            if !body.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
            try await outbound.write(.end(nil))
            var response = Response(status: 0, headers: [], body: [])
            for try await part in inbound {
                switch part {
                case .head(let head):
                    response.status = Int(head.status.code)
                    response.headers = head.headers.map { ($0.name, $0.value) }
                case .body(let buffer):
                    response.body += Array(buffer: buffer)
                case .end:
                    return response
                }
            }
            throw ClientError(description: "the connection closed before the answer ended")
        }
    }
}
