import Primitives

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// HTTP/1.1 bytes on the wire: the request as sent, and the response header block as received.
enum HTTPMessageCoding {
    /// Header fields the transport writes itself; a caller setting one would break the message's framing.
    static let transportHeaders: Set<String> = ["host", "content-length", "transfer-encoding", "connection"]

    /// The complete request: request line, `Host`, the caller's headers, `Content-Length`, `Connection: close`,
    /// then the body. Throws `.invalidRequest` for a method or header that could break the message apart.
    static func encode(_ request: HTTPRequest, target: HTTPTarget) throws(TransportError) -> Data {
        guard !request.method.isEmpty, request.method.utf8.allSatisfy(isTokenByte) else {
            throw .invalidRequest("malformed method")
        }
        var head = "\(request.method) \(target.requestTarget) HTTP/1.1\r\nHost: \(target.hostHeader)\r\n"
        for (name, value) in request.headers {
            guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
                throw .invalidRequest("malformed header name")
            }
            guard !transportHeaders.contains(name.lowercased()) else {
                throw .invalidRequest("header \(name) is set by the transport")
            }
            // Only the name goes into the error: values may be credentials.
            guard value.utf8.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
                throw .invalidRequest("header \(name) has a control character")
            }
            head += "\(name): \(value)\r\n"
        }
        if !request.body.isEmpty || (request.method != "GET" && request.method != "HEAD") {
            head += "Content-Length: \(request.body.count)\r\n"
        }
        // One request per connection: the server closes after answering, and a close-delimited body ends there.
        head += "Connection: close\r\n\r\n"
        var bytes = Data(head.utf8)
        bytes.append(request.body)
        return bytes
    }

    /// Header fields from the lines after the status line, in order; lines without a colon are skipped.
    static func decodeHeaders(_ block: UnsafeRawBufferPointer) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        for rawLine in block.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            var line = rawLine[...]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else { continue }
            let name = String(decoding: line[..<colon], as: UTF8.self)
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self)
            headers.append((name: name, value: String(value.trimmingWhitespace())))
        }
        return headers
    }

    /// RFC 9110 `tchar`: what a method or header name may contain.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
