import Primitives

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The configuration variables a function sees: the process environment, with gaps filled from a `.env` file
/// (`SMS_ENV_FILE`, else `./.env`). The real environment always wins, so a host's settings beat a stray file.
public struct FunctionEnvironment: Sendable, Equatable {
    /// Every variable, merged.
    public let values: [String: String]

    /// Wraps a ready dictionary (tests, or a caller that did its own merging).
    public init(_ values: [String: String]) { self.values = values }

    /// Reads the process environment and the `.env` file once.
    public static func load(processEnvironment: [String: String] = ProcessEnvironment.current())
        -> FunctionEnvironment
    {
        let path = processEnvironment["SMS_ENV_FILE"] ?? ".env"
        guard let data = FileManager.default.contents(atPath: path) else {
            return FunctionEnvironment(processEnvironment)
        }
        let fromFile = DotEnv.parse(String(decoding: data, as: UTF8.self))
        return FunctionEnvironment(processEnvironment.merging(fromFile) { real, _ in real })
    }

    /// The value of `name`, treating an empty string as unset.
    public subscript(name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// The value of `name`, or a `ConfigurationError` naming it.
    public func require(_ name: String) throws(ConfigurationError) -> String {
        guard let value = self[name] else { throw .missing(name) }
        return value
    }

    /// An integer in `range`, `defaultValue` when unset; an error naming the variable when it is not.
    public func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>)
        throws(ConfigurationError)
        -> Int
    {
        guard let text = self[name] else { return defaultValue }
        guard let value = Int(text.trimmingWhitespace()), range.contains(value) else {
            throw .invalid(name, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}

/// `.env` syntax: `KEY=value`, `export KEY=value`, `#` comments, optional single or double quotes
/// (double quotes understand `\n`), blank lines ignored.
public enum DotEnv {
    /// Parses the text of a `.env` file.
    public static func parse(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = rawLine.trimmingWhitespace()
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            if line.hasPrefix("export ") { line = line.dropFirst(7).trimmingWhitespace() }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals].trimmingWhitespace())
            guard !key.isEmpty else { continue }
            var value = String(line[line.index(after: equals)...].trimmingWhitespace())
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast()).replacing("\\n", with: "\n").replacing("\\\"", with: "\"")
            } else if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") {
                value = String(value.dropFirst().dropLast())
            } else if let comment = value.firstRange(of: " #") {
                value = String(value[..<comment.lowerBound].trimmingWhitespace())
            }
            result[key] = value
        }
        return result
    }
}

/// A configuration variable that is missing or invalid. The message names the variable and the rule, never the
/// value (it may be a secret).
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    private enum Code: Equatable, Sendable { case missing, invalid }

    private let code: Code
    /// The variable's name.
    public let variable: String
    /// What is wrong with it.
    public let problem: String

    private init(_ code: Code, _ variable: String, _ problem: String) {
        self.code = code
        self.variable = variable
        self.problem = problem
    }

    /// The variable is not set.
    public static func missing(_ variable: String) -> ConfigurationError { .init(.missing, variable, "is not set") }

    /// The variable is set but unusable.
    public static func invalid(_ variable: String, _ problem: String) -> ConfigurationError {
        .init(.invalid, variable, problem)
    }

    /// `NAME: what is wrong`.
    public var description: String { "\(variable) \(problem)" }
}
