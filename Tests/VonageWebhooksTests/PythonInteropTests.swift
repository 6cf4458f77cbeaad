import Foundation
import TestSupport
import Testing
import VonageWebhooks

/// Tokens minted by PyJWT exactly as Vonage documents them, each judged by the official SDK's
/// `vonage_jwt.verify_signature` and by our verifier. Needs the test venv (`SMS_TEST_PYTHON`).
@Suite("Python SDK interop", .requires(.venv))
struct PythonInteropTests {
    /// Mints every case in one Python run and asks the official SDK about each token.
    static let script = #"""
        import hashlib, json, sys, warnings
        import jwt
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        from vonage_jwt import verify_signature

        warnings.simplefilter("ignore")
        given = json.load(sys.stdin)
        secret, body, now = given["secret"], given["body"].encode(), given["now"]

        def claims(iat):
            return {"iat": iat, "jti": "6a1d3b2c-5f4e-4d3c-8b2a-1f0e9d8c7b6a", "iss": "Vonage",
                    "payload_hash": hashlib.sha256(body).hexdigest(), "api_key": "abc123",
                    "application_id": "aaaaaaaa-bbbb-cccc-dddd-0123456789ab"}

        rsa_pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        tokens = {
            "documented": jwt.encode(claims(now), secret, algorithm="HS256", headers={"typ": "JWT"}),
            "dayOld": jwt.encode(claims(now - 86400), secret, algorithm="HS256", headers={"typ": "JWT"}),
            "wrongSecret": jwt.encode(claims(now), "not-the-signature-secret-0123456789",
                                      algorithm="HS256", headers={"typ": "JWT"}),
            "rs256": jwt.encode(claims(now), rsa_pem, algorithm="RS256", headers={"typ": "JWT"}),
            "none": jwt.encode(claims(now), None, algorithm="none"),
            "garbage": "not-a-jwt",
            "swiftMinted": given["swiftMinted"],
        }

        def sdk(token):
            try:
                return "accepted" if verify_signature(token, secret) else "rejected"
            except Exception:
                return "raised"

        json.dump({name: {"token": token, "sdk": sdk(token)} for name, token in tokens.items()}, sys.stdout)
        """#

    struct Minted: Decodable, Sendable {
        var token: String
        var sdk: String
    }

    static let minted: Result<[String: Minted], any Error> = Result {
        let input = try JSONSerialization.data(withJSONObject: [
            "secret": TestTokens.secret,
            "body": TestTokens.inboundText,
            "now": Int(TestTokens.now.timeIntervalSince1970),
            "swiftMinted": TestTokens.mint(claims: TestTokens.claims(body: TestTokens.inboundBody)),
        ])
        let result = try TestSupport.run(TestSupport.python, ["-c", script], stdin: input)
        guard result.status == 0 else {
            throw PythonFailed(message: "python exited \(result.status): \(result.stderrText)")
        }
        return try JSONDecoder().decode([String: Minted].self, from: result.stdout)
    }

    struct PythonFailed: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private let verifier = SignedWebhookVerifier(signatureSecret: TestTokens.secret, now: { TestTokens.now })

    private func ours(_ token: String) -> WebhookAuthError? {
        do {
            _ = try verifier.verify(authorization: "Bearer \(token)", body: TestTokens.inboundBody)
            return nil
        } catch {
            return error
        }
    }

    @Test func aPyJWTTokenMintedAsVonageDocumentsItIsAcceptedWithItsClaims() throws {
        let token = try #require(try Self.minted.get()["documented"])
        #expect(token.sdk == "accepted")
        let claims = try verifier.verify(authorization: "Bearer \(token.token)", body: TestTokens.inboundBody)
        #expect(claims.issuedAt == TestTokens.now)
        #expect(claims.tokenID == "6a1d3b2c-5f4e-4d3c-8b2a-1f0e9d8c7b6a")
        #expect(claims.apiKey == "abc123")
        #expect(claims.applicationID == "aaaaaaaa-bbbb-cccc-dddd-0123456789ab")
        #expect(claims.bodyBinding == .rawBody)
    }

    @Test func theTestMinterProducesTokensTheOfficialSDKAccepts() throws {
        let token = try #require(try Self.minted.get()["swiftMinted"])
        #expect(token.sdk == "accepted")
        #expect(ours(token.token) == nil)
    }

    @Test(
        arguments: [
            ("dayOld", "accepted", nil),
            ("wrongSecret", "rejected", WebhookAuthError.signatureMismatch),
            ("rs256", "raised", .unsupportedAlgorithm),
            ("none", "raised", .unsupportedAlgorithm),
            ("garbage", "raised", .wrongSegmentCount),
        ] as [(String, String, WebhookAuthError?)])
    func weAgreeWithTheOfficialSDK(name: String, sdkVerdict: String, expected: WebhookAuthError?) throws {
        let token = try #require(try Self.minted.get()[name])
        #expect(token.sdk == sdkVerdict)
        #expect(ours(token.token) == expected)
    }
}
