// libFuzzer targets for the parsers that read untrusted bytes: the CGI environment + body, host events, Vonage
// webhook payloads, signed-webhook JWTs, and HTTP responses read by the C client that talks to Vonage. Built with `-sanitize=fuzzer,address -D FUZZING` by
// scripts/fuzz.sh; in a normal build the same executable replays files (the seed corpus), so the harness itself
// is compiled and exercised by every test run.
import CTLSClient
import JSON
import VonageWebhooks

@testable import FunctionRuntime

#if canImport(Glibc)
    import Glibc
#endif

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

enum FuzzTarget: String, CaseIterable {
    case cgi, event, webhook, jwt, http

    /// The target named by `SMS_FUZZ_TARGET` (libFuzzer owns the command line).
    static var selected: FuzzTarget {
        getenv("SMS_FUZZ_TARGET").flatMap { FuzzTarget(rawValue: String(cString: $0)) } ?? .event
    }

    /// Feeds one input; anything but a clean return or a typed error is a finding (the sanitizers catch the rest).
    func run(_ bytes: [UInt8]) {
        switch self {
        case .cgi:
            // "KEY=VALUE" lines, a blank line, then the body.
            let text = String(decoding: bytes, as: UTF8.self)
            let parts = text.split(separator: "\n\n", maxSplits: 1, omittingEmptySubsequences: false)
            var environment: [String: String] = [:]
            for line in parts[0].split(separator: "\n") {
                let pair = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                environment[String(pair[0])] = pair.count > 1 ? String(pair[1]) : ""
            }
            _ = try? CGIAdapter.bodyLength(environment: environment)
            let request = CGIAdapter.request(
                environment: environment, body: Array((parts.count > 1 ? parts[1] : "").utf8))
            _ = CGIAdapter.output(for: FunctionResponse(status: 200, headers: request.headers, body: request.body))
        case .event:
            // What the parser accepts, the writer must write back to the same value.
            if let value = try? JSONParser.parse(bytes), (try? JSONParser.parse(value.jsonBytes)) != value {
                fatalError("JSON round trip changed the value")
            }
            // Reading an event member by member must decode what looking its members up in the tree decodes.
            let read = Result { try EventAdapter.decode(bytes) }
            let tree = Result { try EventAdapter.decode(EventFields(json: JSONParser.parse(bytes))) }
            switch (read, tree) {
            case (.success(let read), .success(let tree)) where read == tree: break
            case (.failure(let read as HostInputError), .failure(let tree as HostInputError))
            where read.description == tree.description:
                break
            case (.failure(let read as HostInputError), .failure(is JSONParser.Failure))
            where read.description.hasPrefix("stdin is not valid JSON"):
                break
            default:
                // An empty or non-object document is refused before the tree is looked at.
                if case .success(let value) = (Result { try JSONParser.parse(bytes) }), value.object != nil {
                    fatalError("reading the event and looking it up in the tree disagree")
                }
            }
            if case .success(let event) = read {
                _ = EventAdapter.encode(
                    FunctionResponse(status: 200, headers: event.request.headers, body: event.request.body),
                    shape: event.shape)
            }
        case .webhook:
            _ = try? InboundMessage.decode(bytes)
            _ = try? MessageStatus.decode(bytes)
        case .http:
            // The response reader of Core/CTLSClient over the input as the whole stream; AddressSanitizer watches
            // the C code, and what it returns must lie within what it was given.
            var response = ctls_response()
            let result = bytes.withUnsafeBufferPointer {
                ctls_parse_response($0.baseAddress, $0.count, 1 << 16, &response)
            }
            if result == CTLS_OK, response.body_length > bytes.count || response.headers_length > bytes.count {
                fatalError("the response reader returned more bytes than it read")
            }
            ctls_response_free(&response)
        case .jwt:
            // The first line is the Authorization header, the rest the body.
            let split = bytes.firstIndex(of: 0x0A) ?? bytes.endIndex
            let header = String(decoding: bytes[..<split], as: UTF8.self)
            let body = split < bytes.endIndex ? Array(bytes[(split + 1)...]) : []
            let verifier = SignedWebhookVerifier(
                signatureSecret: "fuzz-secret-0123456789abcdef", now: { Date(timeIntervalSince1970: 1_795_964_400) })
            _ = try? verifier.verify(authorization: header, body: body)
        }
    }
}

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
        FuzzTarget.selected.run(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }

    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
    ) -> Int32

    /// SwiftPM links an executable's entry point as `<module>_main`; hand control to libFuzzer's driver from there.
    @_cdecl("sms_fuzz_main")
    public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments, fuzzOne)
    }
#else
    /// Replays corpus files through a target: `sms-fuzz TARGET FILE...`.
    @main
    struct CorpusReplay {
        static func main() {
            let arguments = CommandLine.arguments.dropFirst()
            guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
                print("usage: sms-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE...")
                exit(2)
            }
            var count = 0
            for path in arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                target.run(Array(data))
                count += 1
            }
            print("replayed \(count) inputs through \(name)")
        }
    }
#endif
