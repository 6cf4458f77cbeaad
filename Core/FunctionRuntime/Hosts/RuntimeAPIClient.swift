import JSON
import Primitives

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A minimal blocking HTTP/1.1 client for the Lambda Runtime API: plain HTTP to `host:port`, one keep-alive
/// connection, reconnected when the peer closes it. Written against sockets on purpose, so that no function pays
/// for a TLS or HTTP-client library at start-up in the hosts that never use it (CGI, OpenFaaS, events).
final class RuntimeAPIClient {
    struct Response {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    struct ClientError: Error, CustomStringConvertible {
        var description: String
    }

    private let host: String
    private let port: UInt16
    /// `host:port`, as the `Host` field of every request carries it.
    private let hostField: [UInt8]
    private var socketFD: Int32 = -1
    private var buffer: [UInt8] = []
    /// One receive buffer for the life of the client: allocating (and zeroing) 64 KiB per read showed up in the
    /// per-invocation profile.
    private var chunk = [UInt8](repeating: 0, count: 65536)

    /// `address` is `host:port`, as `AWS_LAMBDA_RUNTIME_API` gives it.
    init(address: String) throws {
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else {
            throw ClientError(description: "AWS_LAMBDA_RUNTIME_API must be host:port")
        }
        self.host = String(address[..<colon])
        self.port = port
        self.hostField = Array("\(host):\(port)".utf8)
    }

    deinit { disconnect() }

    /// Sends one request and reads one response; retries once on a fresh connection when a kept-alive one was
    /// closed by the peer. The response keeps the fields named in `keeping`; the others are skipped without
    /// building strings (the Runtime API sends a dozen, the loop reads three).
    ///
    /// `whileWaiting` runs once, after the request is written and before its response is read: work done there
    /// overlaps with the server's, and the response is then usually waiting (no sleep and wake-up for it).
    func send(
        method: String, path: String, headers: [(String, String)] = [], body: [UInt8] = [],
        keeping: FieldNames = .statusAndBody, whileWaiting: () -> Void = {}
    ) throws -> Response {
        var waited = false
        func wait() {
            if !waited { whileWaiting() }
            waited = true
        }
        do {
            return try sendOnce(method: method, path: path, headers: headers, body: body, keeping: keeping, wait)
        } catch {
            disconnect()
            return try sendOnce(method: method, path: path, headers: headers, body: body, keeping: keeping, wait)
        }
    }

    /// Response field names to keep, compared ASCII case-insensitively as bytes; a kept field carries the name as
    /// given here (no string is built for it). The framing fields are read by the client itself, never kept.
    struct FieldNames {
        fileprivate let names: [String]

        /// No field: the caller reads the status and the body only.
        static let statusAndBody = FieldNames([])

        /// `names`, as the caller spells them.
        init(_ names: [String]) { self.names = names }

        /// The name as given, when `name` is one of them.
        fileprivate func find(_ name: UnsafeBufferPointer<UInt8>) -> String? {
            names.first { wanted in
                wanted.utf8.count == name.count && wanted.withUTF8Bytes { HTTPHeaders.sameName($0, name) }
            }
        }
    }

    /// A response head: the status, the fields the caller keeps, and the framing read from the bytes.
    struct Head {
        var status: Int
        var headers: HTTPHeaders
        /// The first `Content-Length`, when it is a number.
        var contentLength: Int?
        /// Whether `Transfer-Encoding` names `chunked`.
        var chunked = false
        /// Whether `Connection` is `close`.
        var close = false
    }

    private func sendOnce(
        method: String, path: String, headers: [(String, String)], body: [UInt8], keeping: FieldNames,
        _ whileWaiting: () -> Void
    ) throws -> Response {
        if socketFD < 0 { try connect() }
        // Assembled as bytes in one buffer (one send per request; no String interpolation per field).
        var message: [UInt8] = []
        message.reserveCapacity(160 + body.count)
        message.append(contentsOf: method.utf8)
        message.append(0x20)
        message.append(contentsOf: path.utf8)
        JSONValue.writeRaw(" HTTP/1.1\r\nHost: ", into: &message)
        message.append(contentsOf: hostField)
        JSONValue.writeRaw("\r\nUser-Agent: sms-functions\r\n", into: &message)
        for (name, value) in headers {
            message.append(contentsOf: name.utf8)
            JSONValue.writeRaw(": ", into: &message)
            message.append(contentsOf: HeaderSanitizer.value(value).utf8)
            JSONValue.writeRaw("\r\n", into: &message)
        }
        JSONValue.writeRaw("Content-Length: ", into: &message)
        JSONValue.writeInteger(body.count, into: &message)
        JSONValue.writeRaw("\r\n\r\n", into: &message)
        message.append(contentsOf: body)
        try writeAll(message)
        whileWaiting()
        return try readResponse(keeping: keeping)
    }

    private func connect() throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        // A numeric address (what Lambda sets, 127.0.0.1:9001) first: a static executable then never needs glibc's
        // NSS modules, which it could only dlopen from the glibc it was built against. A name still resolves.
        hints.ai_flags = AI_NUMERICHOST
        var result: UnsafeMutablePointer<addrinfo>?
        if getaddrinfo(host, String(port), &hints, &result) != 0 {
            hints.ai_flags = 0
            result = nil
            _ = getaddrinfo(host, String(port), &hints, &result)
        }
        guard let first = result else {
            throw ClientError(description: "cannot resolve the Runtime API host")
        }
        defer { freeaddrinfo(first) }
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd >= 0 {
                if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                    var one: Int32 = 1
                    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                    socketFD = fd
                    buffer = []
                    return
                }
                close(fd)
            }
            candidate = info.pointee.ai_next
        }
        throw ClientError(description: "cannot connect to the Runtime API")
    }

    private func disconnect() {
        if socketFD >= 0 { close(socketFD) }
        socketFD = -1
        buffer = []
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(socketFD, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw ClientError(description: "write to the Runtime API failed") }
            offset += written
        }
    }

    /// Reads more bytes into the buffer; throws when the peer closed the connection.
    private func fill() throws {
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(socketFD, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw ClientError(description: "the Runtime API closed the connection") }
            buffer.append(contentsOf: chunk[0..<count])
            return
        }
    }

    private func readLine() throws -> String {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.last == 0x0D { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            try fill()
        }
    }

    private func readBytes(_ count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        let bytes = Array(buffer[..<count])
        buffer.removeSubrange(..<count)
        return bytes
    }

    /// Reads up to the blank line that ends the head, then splits it in place: one scan per response instead of
    /// one buffer shift and one `String` per line (this runs twice per warm invocation). Bare LF line ends are
    /// accepted too.
    private func readHead(keeping: FieldNames) throws -> Head {
        var searched = 0
        while true {
            if let (end, separator) = Self.headEnd(in: buffer, from: searched) {
                let head = Self.parseHead(buffer[..<end], keeping: keeping)
                buffer.removeSubrange(..<(end + separator))
                guard let head else { throw ClientError(description: "malformed status line from the Runtime API") }
                return head
            }
            searched = max(0, buffer.count - 3)
            try fill()
        }
    }

    /// The status, the kept fields and the framing of a response head, split on bytes (no grapheme-aware `String`
    /// scanning per line, no string for a field nobody reads, framing values read without building strings).
    static func parseHead(_ head: ArraySlice<UInt8>, keeping: FieldNames) -> Head? {
        head.withUnsafeBufferPointer { head in
            guard let base = head.baseAddress else { return nil }
            /// The offset of the first `byte` in `start..<end`, or `end`.
            func find(_ byte: UInt8, from start: Int, to end: Int) -> Int {
                guard start < end, let found = memchr(base + start, Int32(byte), end - start) else { return end }
                return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            var result: Head?
            var lineStart = 0
            while lineStart < head.count {
                var lineEnd = find(0x0A, from: lineStart, to: head.count)
                let next = lineEnd + 1
                if lineEnd > lineStart, head[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                if result == nil {
                    // "HTTP/1.1 200 OK": the code is the three digits after the first space.
                    var space = lineStart
                    while space < lineEnd, head[space] != 0x20 { space += 1 }
                    guard space + 4 <= lineEnd else { return nil }
                    var code = 0
                    for offset in 1...3 {
                        let digit = head[space + offset]
                        guard (0x30...0x39).contains(digit) else { return nil }
                        code = code * 10 + Int(digit - 0x30)
                    }
                    guard space + 4 == lineEnd || head[space + 4] == 0x20 else { return nil }
                    result = Head(status: code, headers: HTTPHeaders())
                } else {
                    let colon = find(UInt8(ascii: ":"), from: lineStart, to: lineEnd)
                    guard colon < lineEnd else {
                        lineStart = next
                        continue
                    }
                    var valueStart = colon + 1
                    var valueEnd = lineEnd
                    while valueStart < valueEnd, head[valueStart] == 0x20 || head[valueStart] == 0x09 {
                        valueStart += 1
                    }
                    while valueEnd > valueStart, head[valueEnd - 1] == 0x20 || head[valueEnd - 1] == 0x09 {
                        valueEnd -= 1
                    }
                    let name = UnsafeBufferPointer(rebasing: head[lineStart..<colon])
                    let value = UnsafeBufferPointer(rebasing: head[valueStart..<valueEnd])
                    if Self.isName(name, "content-length") {
                        if result?.contentLength == nil { result?.contentLength = Self.decimal(value) }
                    } else if Self.isName(name, "transfer-encoding") {
                        result?.chunked = Self.contains(value, "chunked")
                    } else if Self.isName(name, "connection") {
                        result?.close = Self.isName(value, "close")
                    } else if let kept = keeping.find(name) {
                        result?.headers.add(kept, String(decoding: value, as: UTF8.self))
                    }
                }
                lineStart = next
            }
            return result
        }
    }

    /// Whether `bytes` are `lowercase`, ignoring ASCII case.
    private static func isName(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        bytes.count == lowercase.utf8CodeUnitCount
            && HTTPHeaders.sameName(bytes, UnsafeBufferPointer(start: lowercase.utf8Start, count: bytes.count))
    }

    /// Whether `bytes` contain `lowercase`, ignoring ASCII case.
    private static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        let count = lowercase.utf8CodeUnitCount
        guard bytes.count >= count, let base = bytes.baseAddress else { return false }
        return (0...(bytes.count - count)).contains { offset in
            isName(UnsafeBufferPointer(start: base + offset, count: count), lowercase)
        }
    }

    /// A non-negative decimal number of at most 18 digits, or `nil`.
    private static func decimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// Where the head ends (the offset of its blank line's line break) and the length of the terminator.
    private static func headEnd(in bytes: [UInt8], from start: Int) -> (Int, Int)? {
        bytes.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return nil }
            var index = start
            while index + 1 < bytes.count {
                // Line breaks found with memchr: the head is a few hundred bytes of which a dozen are line ends.
                guard let found = memchr(base + index, 0x0A, bytes.count - index) else { return nil }
                index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                guard index + 1 < bytes.count else { return nil }
                if bytes[index + 1] == 0x0A { return (index, 2) }
                if index + 2 < bytes.count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A {
                    // "\r\n\r\n": the head ends before the first "\r".
                    return index > 0 && bytes[index - 1] == 0x0D ? (index - 1, 4) : (index, 3)
                }
                index += 1
            }
            return nil
        }
    }

    private func readResponse(keeping: FieldNames) throws -> Response {
        let head = try readHead(keeping: keeping)
        var body: [UInt8] = []
        if head.chunked {
            while true {
                let sizeLine = try readLine()
                guard let sizeText = sizeLine.split(separator: ";").first,
                    let size = Int(sizeText.trimmingWhitespace(), radix: 16), size >= 0
                else {
                    throw ClientError(description: "malformed chunk from the Runtime API")
                }
                if size == 0 {
                    while try !readLine().isEmpty {}
                    break
                }
                body += try readBytes(size)
                _ = try readLine()
            }
        } else if let length = head.contentLength {
            body = try readBytes(length)
        }
        if head.close { disconnect() }
        return Response(status: head.status, headers: head.headers, body: body)
    }
}
