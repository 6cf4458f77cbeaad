import Crypto
import Foundation

/// Random values for generated credentials.
enum RandomSecret {
    /// `byteCount` random bytes as lower-case hex (token and secret material).
    static func hex(byteCount: Int) -> String {
        let key = SymmetricKey(size: SymmetricKeySize(bitCount: byteCount * 8))
        return key.withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() }
    }
}
