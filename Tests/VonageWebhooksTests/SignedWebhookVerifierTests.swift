import Foundation
import Primitives
import Testing
import VonageWebhooks

@Suite("SignedWebhookVerifier")
struct SignedWebhookVerifierTests {
    let body = TestTokens.inboundBody
    let verifier = SignedWebhookVerifier(signatureSecret: TestTokens.secret, now: { TestTokens.now })

    /// The error `verify` throws, or `nil` when it accepts.
    private func rejection(_ authorization: String?, body: Data? = nil) -> WebhookAuthError? {
        do {
            _ = try verifier.verify(authorization: authorization, body: body ?? self.body)
            return nil
        } catch {
            return error
        }
    }

    private func expectRejected(
        _ authorization: String?, body: Data? = nil, with expected: WebhookAuthError, status: Int = 401,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(rejection(authorization, body: body) == expected, sourceLocation: sourceLocation)
        #expect(expected.httpStatus == status, sourceLocation: sourceLocation)
    }

    @Test func acceptsAValidVonageTokenAndReturnsItsClaims() throws {
        let claims = try verifier.verify(authorization: TestTokens.bearer(body: body), body: body)
        #expect(
            claims
                == WebhookClaims(
                    issuedAt: TestTokens.now, tokenID: "c5ba8f24-1a14-4c10-bfdf-3fbe8ce511b5", issuer: "Vonage",
                    apiKey: "abc123", applicationID: "aaaaaaaa-bbbb-cccc-dddd-0123456789ab",
                    payloadHash: TestTokens.sha256Hex(body), bodyBinding: .rawBody))
    }

    @Test func acceptsBearerSchemeInAnyCaseAndSurroundingSpaces() throws {
        let token = TestTokens.mint(claims: TestTokens.claims(body: body))
        for authorization in ["bearer  \(token) ", "BEARER \(token)"] {
            let claims = try verifier.verify(authorization: authorization, body: body)
            #expect(claims.payloadHash == TestTokens.sha256Hex(body), "\(authorization)")
            #expect(claims.bodyBinding == .rawBody)
        }
    }

    @Test func rejectsATokenSignedWithAnotherSecret() {
        let token = TestTokens.bearer(body: body, secret: "another-secret-0123456789abcdef")
        expectRejected(token, with: .signatureMismatch)
    }

    @Test func rejectsABodyTamperedAfterSigning() {
        let tampered = Data(String(decoding: body, as: UTF8.self).replacingOccurrences(of: "Hello", with: "Hullo").utf8)
        expectRejected(TestTokens.bearer(body: body), body: tampered, with: .payloadHashMismatch)
    }

    @Test func rejectsATokenWhosePayloadHashWasEditedEvenIfTheBodyMatchesIt() {
        // Re-using the header and signature with new claims must fail on the signature, not pass on the hash.
        let genuine = TestTokens.mint(claims: TestTokens.claims(body: body)).split(separator: ".")
        let forgedClaims = Base64URL.encode(Array(TestTokens.claims(body: Data("{}".utf8)).utf8))
        let forged = "Bearer \(genuine[0]).\(forgedClaims).\(genuine[2])"
        expectRejected(forged, body: Data("{}".utf8), with: .signatureMismatch)
    }

    @Test func acceptsAPrettyPrintedBodyWhoseCompactFormMatchesPayloadHash() throws {
        let pretty = Data(
            """
            {
              "channel" : "sms",
              "text" : "Hello, \\"World\\" { with : spaces }",
              "sms" : { "num_messages" : "1" }
            }
            """.utf8)
        let compact = Data(
            #"{"channel":"sms","text":"Hello, \"World\" { with : spaces }","sms":{"num_messages":"1"}}"#.utf8)
        let token = TestTokens.mint(claims: TestTokens.claims(body: pretty, hash: TestTokens.sha256Hex(compact)))
        let claims = try verifier.verify(authorization: "Bearer \(token)", body: pretty)
        #expect(claims.bodyBinding == .compactJSON)
    }

    @Test func rejectsABodyWhoseKeysWereReorderedAgainstTheSignedHash() {
        let signed = Data(#"{"to":"447700900000","from":"447700900001"}"#.utf8)
        let reordered = Data(#"{"from":"447700900001","to":"447700900000"}"#.utf8)
        let token = TestTokens.mint(claims: TestTokens.claims(body: signed))
        expectRejected("Bearer \(token)", body: reordered, with: .payloadHashMismatch)
    }

    @Test func rejectsWhitespaceThatJoinsTokensWhenCompacted() {
        // "1 2" is not JSON; compacting it to "12" must not let it match a body that says 12.
        let signed = Data(#"{"n":12}"#.utf8)
        let token = TestTokens.mint(claims: TestTokens.claims(body: signed))
        expectRejected("Bearer \(token)", body: Data(#"{"n":1 2}"#.utf8), with: .payloadHashMismatch)
    }

    @Test func acceptsAnUppercaseHexPayloadHash() throws {
        let upper = TestTokens.sha256Hex(body).uppercased()
        let token = TestTokens.mint(claims: TestTokens.claims(body: body, hash: upper))
        #expect(try verifier.verify(authorization: "Bearer \(token)", body: body).bodyBinding == .rawBody)
    }

    @Test func rejectsATokenWithoutPayloadHashForARequestWithABody() {
        let claims = #"{"iat":\#(Int(TestTokens.now.timeIntervalSince1970)),"iss":"Vonage","api_key":"abc123"}"#
        expectRejected("Bearer \(TestTokens.mint(claims: claims))", with: .missingPayloadHash)
    }

    @Test func acceptsATokenWithoutPayloadHashOnlyWhenThereIsNoBody() throws {
        let claims = #"{"iat":\#(Int(TestTokens.now.timeIntervalSince1970)),"iss":"Vonage","api_key":"abc123"}"#
        let result = try verifier.verify(authorization: "Bearer \(TestTokens.mint(claims: claims))", body: Data())
        #expect(result.bodyBinding == .none)
        #expect(result.payloadHash == nil)
    }

    @Test(arguments: [-3600.0, -24 * 3600.0, -25 * 3600.0])
    func acceptsAnIatUpToTwentyFiveHoursOldBecauseVonageRetriesForADay(offset: Double) throws {
        let claims = try verifier.verify(
            authorization: TestTokens.bearer(body: body, iat: TestTokens.now.timeIntervalSince1970 + offset),
            body: body)
        #expect(claims.issuedAt == TestTokens.now.addingTimeInterval(offset))
    }

    @Test(arguments: [-3 * 86_400.0, -25 * 3600.0 - 1])
    func rejectsAnIatOlderThanTheMaximumAge(offset: Double) {
        expectRejected(TestTokens.bearer(body: body, iat: TestTokens.now.timeIntervalSince1970 + offset), with: .tooOld)
    }

    @Test func aShorterMaximumAgeIsHonoured() {
        let strict = SignedWebhookVerifier(
            signatureSecret: TestTokens.secret, policy: .init(maximumAge: 600), now: { TestTokens.now })
        let token = TestTokens.bearer(body: body, iat: TestTokens.now.timeIntervalSince1970 - 601)
        #expect(throws: WebhookAuthError.tooOld) { try strict.verify(authorization: token, body: body) }
    }

    @Test func rejectsATokenOfAnotherApplicationWhenOneIsConfigured() throws {
        func verifier(_ id: String) -> SignedWebhookVerifier {
            SignedWebhookVerifier(
                signatureSecret: TestTokens.secret, policy: .init(applicationID: id), now: { TestTokens.now })
        }
        let token = TestTokens.bearer(body: body)  // application_id aaaaaaaa-bbbb-cccc-dddd-0123456789ab
        #expect(throws: WebhookAuthError.wrongApplication) {
            try verifier("ffffffff-bbbb-cccc-dddd-0123456789ab").verify(authorization: token, body: body)
        }
        #expect(
            try verifier("aaaaaaaa-bbbb-cccc-dddd-0123456789ab").verify(authorization: token, body: body).applicationID
                == "aaaaaaaa-bbbb-cccc-dddd-0123456789ab")
        let iat = Int(TestTokens.now.timeIntervalSince1970)
        let withoutApplication = #"{"iat":\#(iat),"payload_hash":"\#(TestTokens.sha256Hex(body))"}"#
        #expect(throws: WebhookAuthError.wrongApplication) {
            try verifier("aaaaaaaa-bbbb-cccc-dddd-0123456789ab").verify(
                authorization: "Bearer \(TestTokens.mint(claims: withoutApplication))", body: body)
        }
    }

    @Test func rejectsANonStringPayloadHash() {
        let claims = #"{"iat":\#(Int(TestTokens.now.timeIntervalSince1970)),"payload_hash":42}"#
        expectRejected("Bearer \(TestTokens.mint(claims: claims))", with: .payloadHashMismatch)
    }

    @Test(arguments: [
        #"{"alg":"none","typ":"JWT"}"#, #"{"alg":"RS256","typ":"JWT"}"#, #"{"alg":"hs256","typ":"JWT"}"#,
        #"{"alg":"Hs256","typ":"JWT"}"#, #"{"alg":"HS256 ","typ":"JWT"}"#, #"{"alg":"HS384","typ":"JWT"}"#,
        #"{"typ":"JWT"}"#, #"{"alg":null}"#, #"{"alg":["HS256"]}"#,
    ])
    func rejectsEveryAlgorithmButExactlyHS256(header: String) {
        expectRejected(
            "Bearer \(TestTokens.mint(header: header, claims: TestTokens.claims(body: body)))",
            with: .unsupportedAlgorithm)
    }

    @Test func rejectsAnUnsignedAlgNoneTokenWithAnEmptySignature() {
        let header = Base64URL.encode(Array(#"{"alg":"none","typ":"JWT"}"#.utf8))
        let claims = Base64URL.encode(Array(TestTokens.claims(body: body).utf8))
        expectRejected("Bearer \(header).\(claims).", with: .unsupportedAlgorithm)
    }

    @Test func rejectsAnHS256TokenWithAnEmptySignature() {
        let signed = TestTokens.mint(claims: TestTokens.claims(body: body))
        let unsigned = signed[..<(signed.lastIndex(of: ".") ?? signed.endIndex)]
        expectRejected("Bearer \(unsigned).", with: .signatureMismatch)
    }

    @Test func rejectsAnRS256HeadedTokenMACedWithTheSecret() {
        // An RS256-headed token signed by HMAC with the secret (the classic algorithm-confusion forgery).
        let token = TestTokens.mint(header: #"{"alg":"RS256","typ":"JWT"}"#, claims: TestTokens.claims(body: body))
        expectRejected("Bearer \(token)", with: .unsupportedAlgorithm)
    }

    @Test func rejectsCriticalHeaderExtensions() {
        let header = #"{"alg":"HS256","typ":"JWT","crit":["exp"]}"#
        expectRejected(
            "Bearer \(TestTokens.mint(header: header, claims: TestTokens.claims(body: body)))", with: .criticalHeader)
    }

    @Test func rejectsAnIatMoreThanFiveMinutesInTheFuture() {
        let token = TestTokens.bearer(body: body, iat: TestTokens.now.timeIntervalSince1970 + 301)
        expectRejected(token, with: .issuedInFuture)
    }

    @Test(arguments: [200.0, 300.0, 0.0, -86_400.0])
    func acceptsIatWithinTheSkewAllowanceOrADayInThePast(offset: Double) throws {
        let token = TestTokens.bearer(body: body, iat: TestTokens.now.timeIntervalSince1970 + offset)
        let claims = try verifier.verify(authorization: token, body: body)
        #expect(claims.issuedAt == TestTokens.now.addingTimeInterval(offset))
    }

    @Test func acceptsAnExpiredExpBecauseVonageRetriesForADay() throws {
        let iat = Int(TestTokens.now.timeIntervalSince1970) - 3600
        let claims = #"{"iat":\#(iat),"exp":\#(iat + 60),"payload_hash":"\#(TestTokens.sha256Hex(body))"}"#
        let accepted = try verifier.verify(authorization: "Bearer \(TestTokens.mint(claims: claims))", body: body)
        #expect(accepted.issuedAt == Date(timeIntervalSince1970: Double(iat)))
    }

    @Test func rejectsAnNbfFarInTheFuture() {
        let iat = Int(TestTokens.now.timeIntervalSince1970)
        let claims = #"{"iat":\#(iat),"nbf":\#(iat + 3600),"payload_hash":"\#(TestTokens.sha256Hex(body))"}"#
        expectRejected("Bearer \(TestTokens.mint(claims: claims))", with: .notYetValid)
    }

    @Test(arguments: [
        #"{"iss":"Vonage"}"#, #"{"iat":"1738584865","iss":"Vonage"}"#, #"{"iat":null}"#, #"{"iat":true}"#,
    ])
    func rejectsAMissingOrNonNumericIat(claims: String) {
        expectRejected("Bearer \(TestTokens.mint(claims: claims))", with: .missingIssuedAt)
    }

    @Test(arguments: ["Mallory", "vonage", ""])
    func rejectsAnIssuerOtherThanVonage(issuer: String) {
        let token = TestTokens.mint(claims: TestTokens.claims(body: body, iss: issuer))
        expectRejected("Bearer \(token)", with: .wrongIssuer)
    }

    @Test func rejectsANonStringIssuer() {
        let claims = #"{"iat":\#(Int(TestTokens.now.timeIntervalSince1970)),"iss":7}"#
        expectRejected("Bearer \(TestTokens.mint(claims: claims))", with: .wrongIssuer)
    }

    @Test(arguments: [nil, "", "   "] as [String?])
    func answers503WhenTheAuthorizationHeaderIsMissing(header: String?) {
        expectRejected(header, with: .missingAuthorization, status: 503)
    }

    @Test(arguments: [nil, ""] as [String?])
    func answers503WhenTheSignatureSecretIsNotConfigured(secret: String?) {
        let unconfigured = SignedWebhookVerifier(signatureSecret: secret, now: { TestTokens.now })
        #expect(throws: WebhookAuthError.secretNotConfigured) {
            _ = try unconfigured.verify(authorization: TestTokens.bearer(body: body), body: body) as WebhookClaims
        }
        #expect(WebhookAuthError.secretNotConfigured.httpStatus == 503)
    }

    @Test(
        arguments: [
            ("Basic dXNlcjpwYXNz", WebhookAuthError.notBearer),
            ("Bearer", .notBearer),
            ("Bearer ", .notBearer),
            ("Bearer a b.c.d", .notBearer),
            ("Bearertoken.a.b", .notBearer),
            ("Bearer garbage", .wrongSegmentCount),
            ("Bearer aaa.bbb", .wrongSegmentCount),
            ("Bearer a.b.c.d", .wrongSegmentCount),
            ("Bearer ..", .malformedHeader),
            ("Bearer !!!.e30.AAAA", .malformedHeader),
            ("Bearer eyJhbGciOiJIUzI1NiJ9=.e30.AAAA", .malformedHeader),
            ("Bearer bm90IGpzb24.e30.AAAA", .malformedHeader),
            ("Bearer W10.e30.AAAA", .malformedHeader),  // "[]": JSON but not an object
            ("Bearer eyJhbGciOiJIUzI1NiJ9.e30.A+/A", .malformedSignature),
        ] as [(String, WebhookAuthError)])
    func rejectsMalformedAuthorizationHeaders(header: String, expected: WebhookAuthError) {
        expectRejected(header, with: expected, status: expected.httpStatus)
    }

    @Test func rejectsSignedClaimsThatAreNotAJSONObject() {
        expectRejected("Bearer \(TestTokens.mint(claims: "[1,2]"))", with: .malformedClaims)
        expectRejected("Bearer \(TestTokens.mint(claims: "not json"))", with: .malformedClaims)
    }

    @Test func rejectsAHugeTokenBeforeDecodingIt() {
        let huge = "Bearer " + String(repeating: "a", count: 9000) + ".b.c"
        expectRejected(huge, with: .tokenTooLarge)
    }

    @Test func neverEchoesTheTokenOrSecretInErrorDetails() {
        let token = TestTokens.bearer(body: body, secret: "wrong-secret-value-0123456789")
        guard let error = rejection(token) else {
            Issue.record("expected a failure")
            return
        }
        for text in [error.detail, error.title, "\(error)", String(reflecting: error)] {
            #expect(!text.contains(TestTokens.secret))
            #expect(!text.contains("wrong-secret-value"))
            #expect(!text.contains(token.dropFirst("Bearer ".count).prefix(20)))
        }
    }
}
