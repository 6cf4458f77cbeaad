import Foundation
import TestSupport
import Testing

/// NIO (and Hummingbird) stay in sms-local: no function executable links them, so none pays for them at start.
@Suite("NIO confined to sms-local")
struct LinkageTests {
    static func symbols(_ name: String) throws -> String {
        let path = TestSupport.productsDirectory.appendingPathComponent(name).path
        let result = try TestSupport.run("/usr/bin/nm", [path], environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 0, "\(result.stderrText)")
        return result.stdoutText
    }

    @Test(arguments: ["health", "send-sms", "inbound-sms", "message-status", "messages", "metrics"])
    func functionExecutableHasNoNIOOrHummingbirdSymbols(function: String) throws {
        let symbols = try Self.symbols(function)
        #expect(symbols.contains("FunctionRuntime"), "not a function executable?")
        for module in ["7NIOCore", "8NIOPosix", "11Hummingbird", "6NIOSSL"] {
            #expect(!symbols.contains("$s\(module)"), "\(function) links \(module)")
        }
    }

    @Test func smsLocalItselfDoesLinkNIO() throws {
        let symbols = try Self.symbols("sms-local")
        #expect(symbols.contains("$s7NIOCore"))
        #expect(symbols.contains("$s11Hummingbird"))
    }
}
