import Foundation
import Testing

@testable import FunctionRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// A one-connection server on 127.0.0.1 that reads one request head per canned answer and writes the answer in
/// pieces of `pieceSize` bytes, so the client's head and body parsing is exercised across reads.
private final class CannedServer: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(listener, 1) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.port = UInt16(bigEndian: address.sin_port)
    }

    func serve(_ answers: [String], pieceSize: Int) -> Thread {
        let thread = Thread { [listener] in
            let connection = accept(listener, nil, nil)
            defer {
                close(connection)
                close(listener)
            }
            var received: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            for answer in answers {
                // Wait for one whole request head (the client sends no bodies in these tests).
                while !String(decoding: received, as: UTF8.self).contains("\r\n\r\n") {
                    let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
                    if count <= 0 { return }
                    received += chunk[0..<count]
                }
                received = Array(
                    String(decoding: received, as: UTF8.self).split(
                        separator: "\r\n\r\n", maxSplits: 1, omittingEmptySubsequences: false
                    ).dropFirst().joined().utf8)
                let bytes = Array(answer.utf8)
                var offset = 0
                while offset < bytes.count {
                    let end = min(bytes.count, offset + pieceSize)
                    _ = bytes[offset..<end].withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, 0) }
                    offset = end
                    usleep(200)
                }
            }
        }
        thread.start()
        return thread
    }
}

@Suite("Runtime API client")
struct RuntimeAPIClientTests {
    @Test(
        "responses are read whole whatever the framing and however the bytes arrive",
        arguments: [1, 7, 4096])
    func framings(pieceSize: Int) throws {
        let server = try CannedServer()
        _ = server.serve(
            [
                "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: r-1\r\nContent-Length: 5\r\n\r\nhello",
                "HTTP/1.1 202 Accepted\r\nTransfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\n\r\n",
                "HTTP/1.1 200 OK\nContent-Length: 2\nX-Bare: lf\n\nok",
                "HTTP/1.1 204 No Content\r\n\r\n",
                "HTTP/1.1 200\r\nX-Spaces:  \t padded \t \r\ncontent-length: 0\r\n\r\n",
            ], pieceSize: pieceSize)
        let client = try RuntimeAPIClient(address: "127.0.0.1:\(server.port)")
        let keeping = RuntimeAPIClient.FieldNames(["Lambda-Runtime-Aws-Request-Id", "X-BARE", "x-spaces"])
        let first = try client.send(method: "GET", path: "/next", keeping: keeping)
        #expect(first.status == 200)
        #expect(first.headers["Lambda-Runtime-Aws-Request-Id"] == "r-1")
        // Fields nobody asked for are not kept.
        #expect(first.headers.fields.map(\.name) == ["Lambda-Runtime-Aws-Request-Id"])
        #expect(first.body == Array("hello".utf8))
        let chunked = try client.send(method: "POST", path: "/response", body: Array("{}".utf8))
        #expect(chunked.status == 202)
        #expect(chunked.body == Array("abcde".utf8))
        let bare = try client.send(method: "GET", path: "/next", keeping: keeping)
        #expect(bare.status == 200)
        #expect(bare.headers["X-Bare"] == "lf")
        #expect(bare.body == Array("ok".utf8))
        let empty = try client.send(method: "GET", path: "/next")
        #expect(empty.status == 204)
        #expect(empty.body.isEmpty)
        let reasonless = try client.send(method: "GET", path: "/next", keeping: keeping)
        #expect(reasonless.status == 200)
        #expect(reasonless.headers["x-spaces"] == "padded")
    }

    @Test("a malformed status line is an error, not a crash")
    func malformedStatusLine() throws {
        let server = try CannedServer()
        _ = server.serve(["NONSENSE\r\n\r\n", "NONSENSE\r\n\r\n"], pieceSize: 4096)
        let client = try RuntimeAPIClient(address: "127.0.0.1:\(server.port)")
        #expect(throws: RuntimeAPIClient.ClientError.self) { try client.send(method: "GET", path: "/next") }
    }
}

/// One suite, run serially, for everything that sets `_X_AMZN_TRACE_ID` (the process has one environment).
@Suite("Lambda runtime loop and the trace id variable", .serialized)
struct LambdaRuntimeLoopTests {
    func current() -> String? { getenv("_X_AMZN_TRACE_ID").map { String(cString: $0) } }

    @Test("each invocation's trace id is what getenv sees, and no id leaves the variable set")
    func traceIDIsSetReplacedAndRemoved() {
        let variable = TraceIDVariable()
        variable.set("Root=1-a;Sampled=0")
        #expect(current() == "Root=1-a;Sampled=0")
        variable.set("Root=1-b")
        #expect(current() == "Root=1-b")
        let long = "Root=1-" + String(repeating: "c", count: 600)
        variable.set(long)
        #expect(current() == long)
        variable.set(nil)
        #expect(current() == nil)
        variable.set("Root=1-d")
        #expect(current() == "Root=1-d")
        variable.set(nil)
    }

    @Test("distinct trace ids reuse one buffer, where setenv would keep a copy of every one")
    func distinctTraceIDsDoNotGrowTheProcess() throws {
        let variable = TraceIDVariable()
        variable.set("Root=1-00000000-000000000000000000000000")
        let first = try #require(getenv("_X_AMZN_TRACE_ID"))
        var moved = 0
        for index in 0..<10_000 {
            let id = "Root=1-\(String(index, radix: 16))-000000000000000000000000"
            variable.set(id)
            if getenv("_X_AMZN_TRACE_ID") != first || current() != id { moved += 1 }
        }
        #expect(moved == 0)
        // glibc's setenv, for contrast: a new copy per distinct value.
        setenv("_X_AMZN_TRACE_ID", "Root=1-x", 1)
        let copied = getenv("_X_AMZN_TRACE_ID")
        setenv("_X_AMZN_TRACE_ID", "Root=1-y", 1)
        #expect(getenv("_X_AMZN_TRACE_ID") != copied)
        unsetenv("_X_AMZN_TRACE_ID")
    }

    /// Records `_X_AMZN_TRACE_ID` as each invocation's handler sees it.
    struct TraceRecorder: FunctionHandler {
        let seen: LockedLines

        func handle(_ request: FunctionRequest, context: FunctionContext) async throws -> FunctionResponse {
            seen.append(getenv("_X_AMZN_TRACE_ID").map { String(cString: $0) } ?? "(unset)")
            return FunctionResponse(status: 200)
        }
    }

    @Test("each invocation sees its own trace header as _X_AMZN_TRACE_ID, and none when it has none")
    func traceHeaderReachesTheEnvironmentPerInvocation() async throws {
        let event = #"{"version":"2.0","rawPath":"/x","requestContext":{"http":{"method":"GET"}}}"#
        func next(_ id: String, trace: String?) -> String {
            "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: \(id)\r\n"
                + (trace.map { "Lambda-Runtime-Trace-Id: \($0)\r\n" } ?? "")
                + "Content-Length: \(event.utf8.count)\r\n\r\n\(event)"
        }
        let accepted = "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"
        let server = try CannedServer()
        _ = server.serve(
            [
                next("r-1", trace: "Root=1-a;Sampled=1"), accepted, next("r-2", trace: nil), accepted,
                next("r-3", trace: "Root=1-c"), accepted,
            ], pieceSize: 4096)
        let seen = LockedLines()
        let loop = LambdaRuntimeLoop(
            client: try RuntimeAPIClient(address: "127.0.0.1:\(server.port)"), function: "probe",
            logger: Logger(function: "probe", sink: { _ in }))
        // The canned API closes after the third answer; the loop then reports it gone.
        await #expect(throws: RuntimeAPIClient.ClientError.self) {
            try await loop.run(handler: TraceRecorder(seen: seen))
        }
        #expect(seen.all == ["Root=1-a;Sampled=1", "(unset)", "Root=1-c"])
    }
}
