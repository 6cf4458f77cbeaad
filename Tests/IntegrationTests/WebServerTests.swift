import Foundation
import TestSupport
import Testing

/// The functions behind real Apache (mod_cgid) and real nginx + fcgiwrap, started from deploy/ configs.
@Suite("Real web servers from deploy/", .serialized, .requires(.apache, .nginx))
struct WebServerTests {
    @Test(arguments: WebServerKind.allCases)
    func healthIsServedOnItsRoute(kind: WebServerKind) throws {
        let server = try WebServer(
            kind, environment: ["LOG_LEVEL": "info", "DATABASE_URL": "sqlite://@DATA@/sms.sqlite"])
        defer { server.stop() }
        let response = try TestHTTP.request("GET", server.baseURL + "/health")
        #expect(response.status == 200, "\(server.errorLog)")
        #expect(response.headers["content-type"] == "application/json")
        #expect(try response.json()["status"] as? String == "ok")

        let wrongMethod = try TestHTTP.request("DELETE", server.baseURL + "/health")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.headers["allow"] == "GET, HEAD")
        #expect(wrongMethod.headers["content-type"] == "application/problem+json")

        // Routes match whole paths: a neighbour of a route is not that function.
        #expect(try TestHTTP.request("GET", server.baseURL + "/healthz").status == 404)
    }
}
