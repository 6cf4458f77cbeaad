/// A Vonage client setting that is missing or unusable.
///
/// The message names the variable (or setting) and what is wrong with it, never its value: values include private
/// keys and application ids, and this text ends up in logs and Lambda `/init/error` reports.
public struct VonageConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    private enum Code: Equatable, Sendable {
        case missing
        case invalid
    }

    private let code: Code
    /// The environment variable or setting at fault, e.g. `VONAGE_PRIVATE_KEY_PATH`.
    public let variable: String
    /// What is wrong, safe to log: it never quotes the value.
    public let problem: String

    private init(_ code: Code, variable: String, problem: String) {
        self.code = code
        self.variable = variable
        self.problem = problem
    }

    /// `variable: problem`, the one line reported for a bad configuration.
    public var description: String { "\(variable): \(problem)" }

    /// The setting is required but absent or empty.
    public static func missing(_ variable: String) -> Self {
        Self(.missing, variable: variable, problem: "is required but not set")
    }

    /// The setting is present but unusable; `problem` must not contain the value.
    public static func invalid(_ variable: String, _ problem: String) -> Self {
        Self(.invalid, variable: variable, problem: problem)
    }

    /// True when the setting was absent rather than wrong.
    public var isMissing: Bool { code == .missing }
}
