/// The one error type of the Projections module: a stable `code` for programs and a one-line `message` for people.
public struct ProjectionsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, stable across releases (scripts and tests match on it).
    public enum Code: String, Sendable, Equatable {
        /// No fold with that name (and version) is registered.
        case unknownFold = "unknown_fold"
        /// Two registered folds share a `name@version`, or two folds export the same path.
        case duplicate = "duplicate"
        /// A configuration override names a key the configuration does not have.
        case unknownConfigurationKey = "unknown_configuration_key"
        /// A configuration (or an override value) could not be encoded or decoded.
        case invalidConfiguration = "invalid_configuration"
        /// A snapshot of a fold's state could not be encoded or decoded.
        case invalidState = "invalid_state"
        /// An export could not be written.
        case writeFailed = "write_failed"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
