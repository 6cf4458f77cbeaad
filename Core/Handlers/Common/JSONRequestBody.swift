import FunctionRuntime
import JSON
import Primitives

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The JSON body of a request, checked the same way for every endpoint so callers see one behaviour: 415 when it
/// is not JSON, 400 when it is malformed or not an object.
public enum JSONRequestBody {
    /// The body as a JSON object.
    public static func object(of request: FunctionRequest) throws(HTTPError) -> [String: JSONValue] {
        let type = request.headers["Content-Type"]?.split(separator: ";").first?.trimmingWhitespace().lowercased() ?? ""
        guard type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json")) else {
            throw .unsupportedMediaType()
        }
        guard !request.body.isEmpty else { throw .badRequest("The body is empty; send a JSON object.") }
        let value: JSONValue
        do {
            value = try JSONParser.parse(request.body)
        } catch {
            throw .badRequest("The body is not valid JSON.")
        }
        guard let object = value.object else { throw .badRequest("The body must be a JSON object.") }
        return object
    }
}
