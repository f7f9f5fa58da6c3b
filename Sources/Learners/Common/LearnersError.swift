/// The one error type of the Learners module. Learners are pure folds and rarely fail; the errors are about
/// configurations that cannot work (they are checked once, before any event is folded).
public struct LearnersError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in a form callers can switch on. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Value: Hashable, Sendable {
            case invalidConfiguration
            case unknownLearner
        }
        fileprivate var value: Value
        /// A configuration value is out of its domain (e.g. a negative cadence, a floor that cannot sum to 1).
        public static let invalidConfiguration = Code(value: .invalidConfiguration)
        /// A learner name@version that the registry does not know.
        public static let unknownLearner = Code(value: .unknownLearner)
        public var description: String {
            switch value {
            case .invalidConfiguration: "invalid_configuration"
            case .unknownLearner: "unknown_learner"
            }
        }
    }

    public var code: Code
    /// One line for the user naming the field and the problem.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
