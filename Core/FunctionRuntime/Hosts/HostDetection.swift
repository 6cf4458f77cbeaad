/// Which host started this process, so that one executable serves them all: `SMS_HOST` when set, else
/// `AWS_LAMBDA_RUNTIME_API` →
/// Lambda, `GATEWAY_INTERFACE` → CGI, `Http_Method` → OpenFaaS, otherwise one JSON event on stdin.
public enum HostDetection {
    /// The detected host, or an error naming a bad `SMS_HOST`.
    public static func detect(_ environment: [String: String]) throws(ConfigurationError) -> HostKind {
        if let forced = environment["SMS_HOST"], !forced.isEmpty {
            guard let kind = HostKind(rawValue: forced.lowercased()) else {
                throw .invalid("SMS_HOST", "must be one of lambda, cgi, openfaas, event")
            }
            return kind
        }
        if environment["AWS_LAMBDA_RUNTIME_API"]?.isEmpty == false { return .lambda }
        if environment["GATEWAY_INTERFACE"]?.isEmpty == false { return .cgi }
        if environment["Http_Method"]?.isEmpty == false { return .openfaas }
        return .event
    }
}
