extension String {
    /// Calls `body` with the string's UTF-8 bytes in one buffer. Iterating `utf8` byte by byte costs tens of
    /// instructions a byte (index arithmetic per element, small strings unpacked each time); header names and log
    /// fields are scanned on every invocation, so the hot scans go through this.
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        var copy = self
        return try copy.withUTF8(body)
    }
}
