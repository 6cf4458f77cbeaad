import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a finished child process left behind.
struct ChildOutcome: Sendable {
    /// Exit status, or 128 + signal number when a signal ended it.
    var exitStatus: Int32
    /// Everything written to stdout (capped).
    var stdout: [UInt8]
    /// Everything written to stderr (capped).
    var stderr: [UInt8]
    /// The deadline passed and the child was killed.
    var timedOut: Bool
    /// stdout went over the cap and the child was killed.
    var outputTooLarge: Bool
}

/// A child process started with `posix_spawn` as a web server starts a CGI program: an empty signal mask and
/// default signal dispositions (the spawning thread may be a dispatch worker with signals blocked, and a CGI
/// program must not inherit that), its own process group (so a timeout kills everything it started), stdin fed
/// from a buffer, stdout and stderr collected, and no other descriptor inherited.
enum ChildProcess {
    /// The most stdout kept; a function's answer is far below it.
    static let outputLimit = 8 << 20

    /// Failure to start the child at all.
    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `executable` to completion on the calling thread (blocking; call it off the event loop).
    static func run(
        executable: String, environment: [String: String], stdin: [UInt8], timeout: Duration
    ) throws -> ChildOutcome {
        let pipes = try Pipe2.make(3)
        let input = pipes[0]
        let output = pipes[1]
        let errors = pipes[2]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, errors.write, 2)
        LinuxExtras.addCloseFrom(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        var allSignals = sigset_t()
        sigemptyset(&emptyMask)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = CStringArray([executable])
        let envp = CStringArray(environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv.pointers, envp.pointers)
        close(input.read)
        close(output.write)
        close(errors.write)
        guard spawned == 0 else {
            close(input.write)
            close(output.read)
            close(errors.read)
            throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var exchange = PipeExchange(stdinFD: input.write, stdoutFD: output.read, stderrFD: errors.read, input: stdin)
        let deadline = ContinuousClock.now + timeout
        var timedOut = false
        var tooLarge = false
        while !exchange.finished {
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero || exchange.stdout.count > outputLimit {
                if !timedOut && !tooLarge {
                    timedOut = remaining <= .zero
                    tooLarge = !timedOut
                    kill(-pid, SIGKILL)
                    kill(pid, SIGKILL)
                }
                // Killed: collect what is left, but do not wait for a grandchild that kept the pipes open.
                exchange.step(timeoutMilliseconds: 200, giveUpOnIdle: true)
                continue
            }
            exchange.step(timeoutMilliseconds: Int32(clamping: remaining.components.seconds * 1000 + 1))
        }
        exchange.closeAll()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ChildOutcome(
            exitStatus: exitStatus, stdout: Array(exchange.stdout.prefix(outputLimit)), stderr: exchange.stderr,
            timedOut: timedOut, outputTooLarge: tooLarge)
    }
}

/// A pipe whose both ends are close-on-exec (the child gets its end through `dup2`, which clears the flag).
private struct Pipe2 {
    let read: Int32
    let write: Int32

    init() throws {
        guard let fds = LinuxExtras.closeOnExecPipe() else {
            throw ChildProcess.SpawnError(description: "pipe: \(String(cString: strerror(errno)))")
        }
        read = fds.read
        write = fds.write
    }

    /// `count` pipes, or none (the ones already made are closed) when one cannot be made.
    static func make(_ count: Int) throws -> [Pipe2] {
        var pipes: [Pipe2] = []
        do {
            for _ in 0..<count { pipes.append(try Pipe2()) }
        } catch {
            for pipe in pipes {
                close(pipe.read)
                close(pipe.write)
            }
            throw error
        }
        return pipes
    }
}

/// NUL-terminated C string arrays for argv and envp, freed when released.
private final class CStringArray {
    let pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) { pointers = strings.map { strdup($0) } + [nil] }

    deinit { for pointer in pointers { free(pointer) } }
}
