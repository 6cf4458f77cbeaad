/// Command-line options.
struct Options: Equatable, Sendable {
    /// Gateway address; loopback unless `--allow-non-loopback`.
    var host = "127.0.0.1"
    var port = 3000
    /// Sandbox port; default `port + 1`.
    var sandboxPort: Int?
    /// Where generated credentials, the TLS certificate and the SQLite file live.
    var dataDirectory = "data"
    /// Where the function executables are; default: next to sms-local.
    var functionsDirectory: String?
    /// Serve the sandbox over HTTPS with a generated self-signed certificate.
    var tls = false
    /// Seconds a function may run before it is killed (504).
    var functionTimeout = 30
    /// Function processes running at once.
    var maxProcesses = 8
    var allowNonLoopback = false
    var help = false

    static let usage = """
        usage: sms-local [--port 3000] [--host 127.0.0.1] [--sandbox-port PORT] [--data DIR] [--functions DIR]
                         [--tls] [--function-timeout SECONDS] [--max-processes N] [--allow-non-loopback]

        Runs the function executables behind a CGI gateway on http://HOST:PORT and, unless Vonage credentials are
        configured (VONAGE_APPLICATION_ID and a VONAGE_PRIVATE_KEY* variable), a Vonage Messages API sandbox on
        127.0.0.1:SANDBOX_PORT (default PORT+1; HTTPS with --tls). Configuration comes from the environment and
        ./.env, as for the functions; generated credentials are kept in DIR (default data/).
        """

    /// A wrong command line; the text says what.
    struct UsageError: Error, Equatable, CustomStringConvertible {
        var description: String
    }

    static let loopbackHosts: Set<String> = ["127.0.0.1", "::1", "localhost"]

    /// Parses `arguments` (without the program name).
    static func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var index = 0
        func value(_ name: String) throws(UsageError) -> String {
            index += 1
            guard index < arguments.count else { throw UsageError(description: "\(name) needs a value") }
            return arguments[index]
        }
        func number(_ name: String, _ range: ClosedRange<Int>) throws(UsageError) -> Int {
            let text = try value(name)
            guard let number = Int(text), range.contains(number) else {
                throw UsageError(
                    description: "\(name) must be a number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--port": options.port = try number("--port", 1...65535)
            case "--sandbox-port": options.sandboxPort = try number("--sandbox-port", 1...65535)
            case "--host": options.host = try value("--host")
            case "--data": options.dataDirectory = try value("--data")
            case "--functions": options.functionsDirectory = try value("--functions")
            case "--tls": options.tls = true
            case "--function-timeout": options.functionTimeout = try number("--function-timeout", 1...3600)
            case "--max-processes": options.maxProcesses = try number("--max-processes", 1...256)
            case "--allow-non-loopback": options.allowNonLoopback = true
            case "-h", "--help": options.help = true
            default: throw UsageError(description: "unknown option \(arguments[index])")
            }
            index += 1
        }
        guard options.allowNonLoopback || loopbackHosts.contains(options.host) else {
            throw UsageError(description: "--host \(options.host) is not a loopback address; add --allow-non-loopback")
        }
        return options
    }

    /// The sandbox's port.
    var effectiveSandboxPort: Int { sandboxPort ?? (port == 65535 ? 65534 : port + 1) }
}
