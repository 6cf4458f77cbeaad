import Foundation
import TestSupport
import Testing

@testable import FunctionRuntime

enum TestSupportPaths {
    static var root: URL { TestSupport.packageRoot }
}

@Suite("Host detection")
struct HostDetectionTests {
    @Test(
        arguments: [
            (["AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001", "GATEWAY_INTERFACE": "CGI/1.1"], HostKind.lambda),
            (["GATEWAY_INTERFACE": "CGI/1.1", "Http_Method": "GET"], .cgi),
            (["Http_Method": "GET"], .openfaas),
            ([:], .event),
            (["AWS_LAMBDA_RUNTIME_API": ""], .event),
            (["SMS_HOST": "event", "GATEWAY_INTERFACE": "CGI/1.1"], .event),
            (["SMS_HOST": "CGI"], .cgi),
        ] as [([String: String], HostKind)])
    func detectionOrderAndOverride(environment: [String: String], expected: HostKind) throws {
        #expect(try HostDetection.detect(environment) == expected)
    }

    @Test func unknownOverrideNamesTheVariable() {
        #expect(throws: ConfigurationError.invalid("SMS_HOST", "must be one of lambda, cgi, openfaas, event")) {
            try HostDetection.detect(["SMS_HOST": "fastcgi"])
        }
    }
}

@Suite("Configuration")
struct ConfigurationTests {
    @Test func dotEnvSyntax() {
        let parsed = DotEnv.parse(
            """
            # comment
            export A=1
            B = two words
            C="quoted # not a comment\\nnext"
            D='single'
            E=value # trailing comment

            F=
            """)
        #expect(parsed["A"] == "1")
        #expect(parsed["B"] == "two words")
        #expect(parsed["C"] == "quoted # not a comment\nnext")
        #expect(parsed["D"] == "single")
        #expect(parsed["E"] == "value")
        #expect(parsed["F"] == "")
    }

    @Test func realEnvironmentWinsOverDotEnvFile() throws {
        let dir = try TestSupport.makeTemporaryDirectory()
        let file = dir.appendingPathComponent("test.env")
        try "SMS_API_TOKEN=from-file\nLOG_LEVEL=debug\n".write(to: file, atomically: true, encoding: .utf8)
        let environment = FunctionEnvironment.load(processEnvironment: [
            "SMS_ENV_FILE": file.path, "SMS_API_TOKEN": "real",
        ])
        #expect(environment["SMS_API_TOKEN"] == "real")
        #expect(environment["LOG_LEVEL"] == "debug")
    }

    @Test func errorsNameTheVariableNeverTheValue() throws {
        let environment = FunctionEnvironment(["SMS_MAX_SEGMENTS": "lots-secret-ish", "EMPTY": ""])
        #expect(throws: ConfigurationError.missing("EMPTY")) { try environment.require("EMPTY") }
        do {
            _ = try environment.integer("SMS_MAX_SEGMENTS", default: 6, in: 1...20)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("SMS_MAX_SEGMENTS "))
            #expect(!error.description.contains("lots-secret-ish"))
        }
        #expect((try? environment.integer("UNSET", default: 6, in: 1...20)) == 6)
    }
}

@Suite("Errors and logging")
struct ErrorAndLoggingTests {
    struct Secret: Error { var password = "hunter2" }

    @Test func unknownErrorsBecome500WithoutInternals() {
        let response = FunctionResponse.forError(Secret())
        #expect(response.status == 500)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(!response.bodyText.contains("hunter2"))
        #expect(!response.bodyText.contains("Secret"))
    }

    @Test func problemBodyCarriesInvalidParams() throws {
        let error = HTTPError.unprocessable("Invalid fields.", invalidParams: [.init(name: "to", reason: "too short")])
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(error.response.body)) as? [String: Any])
        #expect(json["status"] as? Int == 422)
        #expect(json["type"] as? String == "urn:sms-functions:problem:422")
        #expect(json["title"] as? String == "Unprocessable Entity")
        let params = try #require(json["invalid_params"] as? [[String: String]])
        #expect(params == [["name": "to", "reason": "too short"]])
    }

    @Test func retryAfterAndAllowHeaders() {
        #expect(HTTPError.serviceUnavailable(retryAfter: 30, "x").headers["Retry-After"] == "30")
        #expect(HTTPError.tooManyRequests(retryAfter: 0, "x").headers["Retry-After"] == "1")
        #expect(HTTPError.methodNotAllowed(allow: ["GET", "HEAD"]).headers["Allow"] == "GET, HEAD")
    }

    @Test func logLinesAreJSONWithRequiredFieldsAndEscaping() throws {
        let lines = LockedLines()
        let logger = Logger(function: "send-sms", minimumLevel: .info, sink: { lines.append($0) })
            .with("request_id", "r-1")
        logger.debug("hidden")
        logger.info("quote \" and\nnewline", ["message_uuid": "u-1"])
        let all = lines.all
        #expect(all.count == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(all[0].utf8)) as? [String: String])
        #expect(json["fn"] == "send-sms")
        #expect(json["request_id"] == "r-1")
        #expect(json["level"] == "info")
        #expect(json["msg"] == "quote \" and\nnewline")
        #expect(json["message_uuid"] == "u-1")
        #expect(json["ts"]?.hasSuffix("Z") == true)
        // 2026-11-29T15:35:53.123Z, UTC, now.
        let stamp = try #require(json["ts"])
        #expect(stamp.utf8.count == 24)
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = try #require(parser.date(from: stamp))
        #expect(abs(date.timeIntervalSinceNow) < 5)
    }

    @Test("the summary line's duration_ms is milliseconds truncated to two decimals, written as before")
    func summaryDurationText() {
        let cases: [(Duration, String)] = [
            (.zero, "0.0"), (.microseconds(50), "0.05"), (.microseconds(59), "0.05"), (.microseconds(100), "0.1"),
            (.microseconds(1_230), "1.23"), (.milliseconds(5), "5.0"), (.microseconds(12_300), "12.3"),
            (.microseconds(12_345_678), "12345.67"), (.seconds(61), "61000.0"),
        ]
        for (duration, text) in cases {
            let (seconds, attoseconds) = duration.components
            let nanoseconds = UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
            #expect(RequestSummary.milliseconds(nanoseconds: nanoseconds) == text)
            // The Double arithmetic the line used to be written with.
            let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
            #expect(String(Double(Int(milliseconds * 100)) / 100) == text)
        }
    }

    @Test("the summary line's status is the decimal code")
    func summaryStatusText() {
        for status in [200, 202, 404, 503] { #expect(RequestSummary.decimal(status) == String(status)) }
    }

    @Test func requestIDsFromHostsMustLookLikeIDs() {
        #expect(RequestID.from(headerValue: "abc-123") == "abc-123")
        #expect(RequestID.from(headerValue: "a\",\"level\":\"error") == nil)
        #expect(RequestID.from(headerValue: String(repeating: "a", count: 200)) == nil)
    }
}

final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
