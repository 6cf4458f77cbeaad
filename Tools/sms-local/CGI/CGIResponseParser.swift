import Foundation

/// A CGI program's answer: `Status:` and other header lines, a blank line, the body (RFC 3875 section 6).
struct CGIResponse: Equatable, Sendable {
    /// The status code (`Status:`; 302 for a bare `Location:`; 200 otherwise).
    var status: Int
    /// Header fields in order, without `Status` and the hop-by-hop fields the server sets itself.
    var headers: [(name: String, value: String)]
    /// The body.
    var body: [UInt8]

    static func == (lhs: CGIResponse, rhs: CGIResponse) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body
            && lhs.headers.map { "\($0.name): \($0.value)" } == rhs.headers.map { "\($0.name): \($0.value)" }
    }
}

/// Parses CGI output the way Apache's mod_cgi does: lines end in LF or CRLF, the first empty line ends the header.
enum CGIResponseParser {
    /// Why an output is not a CGI response.
    struct MalformedOutput: Error, Equatable, CustomStringConvertible {
        var description: String
    }

    /// Fields the gateway computes itself; a program's copy would conflict with the server's framing.
    static let framingFields: Set<String> = ["content-length", "transfer-encoding", "connection", "keep-alive"]

    /// Parses `output`.
    static func parse(_ output: [UInt8]) throws(MalformedOutput) -> CGIResponse {
        guard !output.isEmpty else { throw MalformedOutput(description: "no output") }
        var index = 0
        var headers: [(name: String, value: String)] = []
        var status: Int?
        while true {
            guard let newline = output[index...].firstIndex(of: 0x0A) else {
                throw MalformedOutput(description: "the header does not end with an empty line")
            }
            var lineEnd = newline
            if lineEnd > index && output[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = String(decoding: output[index..<lineEnd], as: UTF8.self)
            index = newline + 1
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw MalformedOutput(description: "a header line has no name")
            }
            let name = String(line[..<colon])
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: [" ", "\t"])
            if name.lowercased() == "status" {
                guard let code = Int(value.prefix(3)), (100...599).contains(code) else {
                    throw MalformedOutput(description: "the Status line has no valid code")
                }
                status = code
            } else if !framingFields.contains(name.lowercased()) {
                headers.append((name, value))
            }
        }
        let hasLocation = headers.contains { $0.name.lowercased() == "location" }
        return CGIResponse(status: status ?? (hasLocation ? 302 : 200), headers: headers, body: Array(output[index...]))
    }
}
