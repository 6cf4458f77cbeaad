import Foundation

/// Runs function executables as CGI programs, each on its own thread so a blocking child never occupies the
/// event loop or a Swift concurrency thread, at most `limit` at a time.
struct FunctionRunner: Sendable {
    /// The folder holding `send-sms`, `health`, ….
    let directory: URL
    /// The configuration every function sees (the request's variables are added per call).
    let configuration: [String: String]
    /// How long a function may run before it is killed.
    let timeout: Duration
    let limiter: ProcessLimiter

    /// What became of one invocation.
    enum Result: Sendable {
        case answered(CGIResponse)
        case malformed(String)
        case timedOut
        case failedToStart(String)
    }

    /// Runs `function` for `request` with `body` on stdin; its stderr goes to sms-local's stderr.
    func run(_ function: String, request: CGIRequest, body: [UInt8]) async -> Result {
        let executable = directory.appendingPathComponent(function).path
        let environment = CGIEnvironment.make(for: request, scriptFilename: executable, configuration: configuration)
        let timeout = self.timeout
        let outcome: Swift.Result<ChildOutcome, ChildProcess.SpawnError> = await limiter.withSlot {
            await withCheckedContinuation { continuation in
                Thread.detachNewThread {
                    do {
                        continuation.resume(
                            returning: .success(
                                try ChildProcess.run(
                                    executable: executable, environment: environment, stdin: body, timeout: timeout)))
                    } catch let error as ChildProcess.SpawnError {
                        continuation.resume(returning: .failure(error))
                    } catch {
                        continuation.resume(returning: .failure(.init(description: "\(error)")))
                    }
                }
            }
        }
        switch outcome {
        case .failure(let error):
            return .failedToStart(error.description)
        case .success(let child):
            StandardError.write(child.stderr)
            if child.timedOut { return .timedOut }
            if child.outputTooLarge { return .malformed("its output is over \(ChildProcess.outputLimit) bytes") }
            do {
                return .answered(try CGIResponseParser.parse(child.stdout))
            } catch {
                return .malformed("\(error.description) (exit status \(child.exitStatus))")
            }
        }
    }
}
