#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `_X_AMZN_TRACE_ID`, which the Lambda runtime contract says to set to each invocation's trace header (X-Ray
/// SDKs read it), set without `setenv`.
///
/// glibc's `setenv` copies every new value and never frees the one it replaces (other code may still hold it):
/// one million distinct trace ids grow a process by ~120 MB (measured with a C loop), and a warm instance gets a
/// distinct id per invocation until Lambda kills it for memory. Here one buffer is handed to `putenv` (which keeps
/// the caller's pointer) and rewritten in place; it is replaced, and the old one freed once `putenv` no longer
/// points at it, only when a longer id arrives. The loop that calls this is the process's only writer.
final class TraceIDVariable {
    private static let prefix = Array("_X_AMZN_TRACE_ID=".utf8)
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0
    private var installed = false

    deinit {
        // The environment must not keep a pointer into freed memory.
        if installed { unsetenv("_X_AMZN_TRACE_ID") }
        buffer?.deallocate()
    }

    /// Sets the variable to `value`, or removes it when `nil`. A NUL byte ends the value (as it would in C).
    func set(_ value: String?) {
        guard let value else {
            if installed { unsetenv("_X_AMZN_TRACE_ID") }
            installed = false
            return
        }
        let needed = Self.prefix.count + value.utf8.count + 1
        var target: UnsafeMutablePointer<CChar>
        var replaced: UnsafeMutablePointer<CChar>?
        if let buffer, needed <= capacity {
            target = buffer
        } else {
            capacity = max(needed, 256)
            target = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
            replaced = buffer
            buffer = target
            installed = false
        }
        var offset = 0
        for byte in Self.prefix {
            target[offset] = CChar(bitPattern: byte)
            offset += 1
        }
        for byte in value.utf8 {
            target[offset] = CChar(bitPattern: byte)
            offset += 1
        }
        target[offset] = 0
        if !installed {
            putenv(target)
            installed = true
        }
        replaced?.deallocate()
    }
}
