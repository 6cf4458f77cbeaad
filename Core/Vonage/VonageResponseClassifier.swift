#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Turns one Messages API response into a message uuid or a `VonageError`.
public enum VonageResponseClassifier {
    private struct Accepted: Decodable {
        // Vonage's field name on the wire.
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let message_uuid: String
    }

    /// The message uuid of a 2xx answer, or the error the status and RFC 7807 body describe.
    public static func classify(_ response: HTTPResponse) -> Result<String, VonageError> {
        let problem = VonageProblemDetails.parse(body: response.body, contentType: response.header("Content-Type"))
        switch response.status {
        case 200..<300:
            guard
                let accepted = try? JSONDecoder().decode(Accepted.self, from: response.body),
                !accepted.message_uuid.isEmpty
            else { return .failure(.acceptedWithoutMessageUUID) }
            return .success(accepted.message_uuid)
        case 401, 403:
            return .failure(.unauthorized(status: response.status))
        case 402:
            return .failure(.insufficientBalance)
        case 422:
            return .failure(.invalidParameters(problem?.invalidParameters ?? [], detail: problem?.detail))
        case 429:
            return .failure(.rateLimited(retryAfter: response.retryAfterSeconds))
        case 400..<500:
            return .failure(.rejected(status: response.status, title: problem?.title))
        case 500..<600:
            return .failure(.server(status: response.status))
        default:
            return .failure(.invalidResponse)
        }
    }

    /// Whether a failure may succeed when the same request is sent again: throttling and server errors only.
    /// Other 4xx answers would fail identically, and retrying them only burns the time budget.
    public static func isRetryable(_ error: VonageError) -> Bool {
        switch error {
        case .rateLimited, .server, .unavailable: return true
        default: return false
        }
    }
}
