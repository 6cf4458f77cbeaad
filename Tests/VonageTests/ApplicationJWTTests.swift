import Foundation
import Primitives
import TestSupport
import Testing
import Vonage

@Suite("Application JWT: RS256 tokens that openssl, PyJWT and the Vonage SDK agree with")
struct ApplicationJWTTests {
    static let fixedNow = Date(timeIntervalSince1970: 1_795_962_466)
    static let fixedJTI = UUID(uuidString: "0D9E13CF-203F-4C76-9132-0933C9929E70")!

    func signer(_ path: String, pinned: Bool = true) throws -> ApplicationJWT {
        let key = try VonagePrivateKey.fromFile(path: path)
        guard pinned else { return ApplicationJWT(applicationId: Fixtures.applicationId, privateKey: key) }
        return ApplicationJWT(
            applicationId: Fixtures.applicationId, privateKey: key,
            now: { Self.fixedNow }, makeJTI: { Self.fixedJTI })
    }

    func segments(_ token: String) throws -> [String] {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        try #require(parts.count == 3)
        return parts
    }

    @Test("header is exactly {\"alg\":\"RS256\",\"typ\":\"JWT\"} and segments are unpadded base64url")
    func headerAndEncoding() throws {
        let token = try signer(Fixtures.keys().pkcs8Path).token()
        let parts = try segments(token)
        let header = try #require(Base64URL.decode(parts[0]))
        #expect(String(decoding: header, as: UTF8.self) == #"{"alg":"RS256","typ":"JWT"}"#)
        for part in parts { #expect(!part.contains("=") && !part.contains("+") && !part.contains("/")) }
        #expect(try #require(Base64URL.decode(parts[2])).count == 256)
    }

    @Test("claims are application_id, iat, lowercase jti and exp = iat + 900")
    func claims() throws {
        let parts = try segments(signer(Fixtures.keys().pkcs8Path).token())
        let payload = try #require(Base64URL.decode(parts[1]))
        let claims = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
        #expect(Set(claims.keys) == ["application_id", "iat", "jti", "exp"])
        #expect(claims["application_id"] as? String == Fixtures.applicationId)
        #expect(claims["iat"] as? Int == 1_795_962_466)
        #expect(claims["exp"] as? Int == 1_795_962_466 + 900)
        #expect(claims["jti"] as? String == "0d9e13cf-203f-4c76-9132-0933c9929e70")
    }

    @Test("every token has a fresh random v4 jti")
    func freshJTI() throws {
        let signer = try signer(Fixtures.keys().pkcs8Path, pinned: false)
        func jti() throws -> String {
            let payload = try #require(Base64URL.decode(try segments(signer.token())[1]))
            let claims = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
            return try #require(claims["jti"] as? String)
        }
        let first = try jti()
        let second = try jti()
        #expect(first != second)
        #expect(first == first.lowercased())
        #expect(Array(first)[14] == "4")  // version nibble of a v4 UUID
    }

    @Test("openssl verifies the RS256 signature over header.payload", arguments: ["pkcs8", "pkcs1"])
    func opensslVerifies(format: String) throws {
        let keys = try Fixtures.keys()
        let (privatePath, publicPath) =
            format == "pkcs8" ? (keys.pkcs8Path, keys.pkcs8PublicPath) : (keys.pkcs1Path, keys.pkcs1PublicPath)
        let parts = try segments(signer(privatePath, pinned: false).token())
        let dir = try TestSupport.makeTemporaryDirectory()
        let inputURL = dir.appendingPathComponent("input")
        let signatureURL = dir.appendingPathComponent("sig")
        try Data((parts[0] + "." + parts[1]).utf8).write(to: inputURL)
        try #require(Base64URL.decode(parts[2])).write(to: signatureURL)
        let result = try TestRSAKeys.openssl(
            ["dgst", "-sha256", "-verify", publicPath, "-signature", signatureURL.path, inputURL.path])
        #expect(result.stdoutText.contains("Verified OK"))

        // The other key's public half must not verify it: the check is real.
        let otherPublic = format == "pkcs8" ? keys.pkcs1PublicPath : keys.pkcs8PublicPath
        let wrong = try TestSupport.run(
            "/usr/bin/openssl",
            ["dgst", "-sha256", "-verify", otherPublic, "-signature", signatureURL.path, inputURL.path])
        #expect(wrong.status != 0)
    }

    @Test("PyJWT decodes the token with RS256 and the public key", .requires(.venv))
    func pyJWTDecodes() throws {
        let keys = try Fixtures.keys()
        let token = try signer(keys.pkcs1Path).token()
        let output = try Fixtures.python(
            """
            import jwt, json, sys
            key = open(sys.argv[2]).read()
            options = {"verify_exp": False, "verify_iat": False}  # the pinned iat is in the past
            claims = jwt.decode(sys.argv[1], key, algorithms=["RS256"], options=options)
            print(json.dumps({"header": jwt.get_unverified_header(sys.argv[1]), "claims": claims}, sort_keys=True))
            """, [token, keys.pkcs1PublicPath])
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let header = try #require(decoded["header"] as? [String: String])
        let claims = try #require(decoded["claims"] as? [String: Any])
        #expect(header == ["alg": "RS256", "typ": "JWT"])
        #expect(claims["application_id"] as? String == Fixtures.applicationId)
        #expect(claims["exp"] as? Int == 1_795_962_466 + 900)
    }

    @Test(
        "the claim set matches the official SDK's generate_application_jwt in names, types and lifetime",
        .requires(.venv))
    func matchesVonageSDK() throws {
        let keys = try Fixtures.keys()
        let ours = try signer(keys.pkcs8Path, pinned: false).token()
        let output = try Fixtures.python(
            """
            import jwt, json, sys
            from vonage_jwt import JwtClient
            key = open(sys.argv[2]).read()
            theirs = JwtClient(sys.argv[3], key).generate_application_jwt()
            def describe(token):
                header = jwt.get_unverified_header(token)
                claims = jwt.decode(token, open(sys.argv[4]).read(), algorithms=["RS256"])
                return {"header": header, "types": {k: type(v).__name__ for k, v in claims.items()},
                        "lifetime": claims["exp"] - claims["iat"], "app": claims["application_id"]}
            print(json.dumps({"ours": describe(sys.argv[1]), "theirs": describe(theirs)}, sort_keys=True))
            """, [ours, keys.pkcs8Path, Fixtures.applicationId, keys.pkcs8PublicPath])
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let theirs = try #require(decoded["theirs"] as? NSDictionary)
        let mine = try #require(decoded["ours"] as? NSDictionary)
        #expect(mine == theirs)
        #expect(
            (theirs["types"] as? [String: String]) == [
                "application_id": "str", "iat": "int", "jti": "str",
                "exp": "int",
            ])
        #expect(theirs["lifetime"] as? Int == 900)
    }
}
