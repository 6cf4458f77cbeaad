import Crypto
import FunctionRuntime
import Primitives

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The API tokens that may call `send-sms` and `messages` (`SMS_API_TOKEN`, comma-separated so a token can be
/// rotated without downtime). Comparison hashes both sides and compares the digests in constant time, so neither
/// a token's content nor its length leaks through timing.
public struct BearerTokens: Sendable {
    private let digests: [[UInt8]]

    /// Reads `SMS_API_TOKEN`; an error names the variable when it is unset or holds no token.
    public init(environment: FunctionEnvironment) throws(ConfigurationError) {
        let tokens = try environment.require("SMS_API_TOKEN").split(separator: ",").map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty }
        guard !tokens.isEmpty else { throw .invalid("SMS_API_TOKEN", "holds no token") }
        guard tokens.allSatisfy({ $0.utf8.count >= 16 }) else {
            throw .invalid("SMS_API_TOKEN", "each token must be at least 16 characters")
        }
        digests = tokens.map { Array(SHA256.hash(data: Array($0.utf8))) }
    }

    /// A stable, non-secret identity of the matching token (the first 12 hex digits of its SHA-256), for rate
    /// limits and idempotency scopes, or 401. Derived from the token itself, not its place in the list, so rotating
    /// `SMS_API_TOKEN` never moves a caller into another caller's scope.
    @discardableResult
    public func authorize(_ request: FunctionRequest) throws(HTTPError) -> String {
        guard let header = request.headers["Authorization"] else {
            throw .unauthorized("Send the API token as `Authorization: Bearer <token>`.")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw .unauthorized("Send the API token as `Authorization: Bearer <token>`.")
        }
        let presented = Array(SHA256.hash(data: Array(parts[1].trimmingWhitespace().utf8)))
        var match: Int?
        for (index, digest) in digests.enumerated() where ConstantTime.equal(digest, presented) && match == nil {
            match = index
        }
        guard let match else { throw .unauthorized("The API token is not valid.") }
        return Hex.string(digests[match].prefix(6))
    }
}
