import _CryptoExtras

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The Vonage application's RSA private key, used only to sign application JWTs (RS256).
///
/// Vonage hands out PKCS#8 PEM (`BEGIN PRIVATE KEY`); PKCS#1 (`BEGIN RSA PRIVATE KEY`) loads too, because keys
/// converted by `openssl rsa` end up in that form. Every loader reports failures by variable name only, and
/// `description` never shows key material, so the key cannot leak through string interpolation or `dump`.
public struct VonagePrivateKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let key: _RSA.Signing.PrivateKey

    /// Size of the RSA modulus in bits.
    public var keySizeInBits: Int { key.keySizeInBits }

    /// A redacted summary: the key size only.
    public var description: String { "VonagePrivateKey(RSA \(keySizeInBits) bits)" }

    /// Same as `description`, so debug output stays redacted.
    public var debugDescription: String { description }

    /// Loads a PKCS#8 or PKCS#1 PEM text. `variable` names the source in the error.
    ///
    /// Literal `\n` sequences are turned into newlines first: a PEM pasted into a one-line `.env` value or a
    /// Lambda console field usually arrives that way.
    public static func fromPEM(_ pem: String, variable: String = "VONAGE_PRIVATE_KEY") throws(VonageConfigurationError)
        -> Self
    {
        let text = unescapeNewlines(pem)
        guard text.contains("-----BEGIN") else {
            throw .invalid(variable, "not a PEM RSA private key")
        }
        do {
            return Self(key: try _RSA.Signing.PrivateKey(pemRepresentation: text))
        } catch {
            // The underlying error is dropped on purpose: it may describe the key's contents.
            throw .invalid(variable, "not a PEM RSA private key (PKCS#8 or PKCS#1, at least 2048 bits)")
        }
    }

    /// Loads base64 of the PEM text (how keys travel through systems that dislike newlines).
    public static func fromBase64PEM(_ base64: String, variable: String = "VONAGE_PRIVATE_KEY_BASE64")
        throws(VonageConfigurationError) -> Self
    {
        let compact = String(base64.unicodeScalars.filter { !$0.properties.isWhitespace })
        guard let data = Data(base64Encoded: compact), let pem = String(data: data, encoding: .utf8) else {
            throw .invalid(variable, "not base64 of a PEM text")
        }
        return try fromPEM(pem, variable: variable)
    }

    /// Loads a PEM file. The error says whether the file could not be read or did not hold a key.
    public static func fromFile(path: String, variable: String = "VONAGE_PRIVATE_KEY_PATH")
        throws(VonageConfigurationError) -> Self
    {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .invalid(variable, "file not readable")
        }
        guard let pem = String(data: data, encoding: .utf8) else {
            throw .invalid(variable, "file is not a PEM RSA private key")
        }
        do {
            return try fromPEM(pem, variable: variable)
        } catch {
            throw .invalid(variable, "file is not a PEM RSA private key")
        }
    }

    private static func unescapeNewlines(_ text: String) -> String {
        guard text.contains("\\n") else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var iterator = text.makeIterator()
        while let char = iterator.next() {
            guard char == "\\" else {
                out.append(char)
                continue
            }
            guard let next = iterator.next() else {
                out.append(char)
                break
            }
            if next == "n" {
                out.append("\n")
            } else {
                out.append(char)
                out.append(next)
            }
        }
        return out
    }
}
