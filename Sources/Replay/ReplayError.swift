/// The one error type of the Replay module: a stable `code` for scripts and exit-code mapping, and a
/// message that names the file, position or fold involved so that a user can act on it.
public struct ReplayError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case invalidArgument, io, corruptSnapshot, staleSnapshot, eventLog, fold, export
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A point, range or fold name given by the user could not be understood or is out of range.
        public static let invalidArgument = Code(.invalidArgument)
        /// A file or directory could not be read or written.
        public static let io = Code(.io)
        /// A snapshot file failed its checksum or structure checks.
        public static let corruptSnapshot = Code(.corruptSnapshot)
        /// A snapshot was written by folds whose identity differs from the running code.
        public static let staleSnapshot = Code(.staleSnapshot)
        /// The event log could not be opened or read.
        public static let eventLog = Code(.eventLog)
        /// A fold could not be built, restored or encoded.
        public static let fold = Code(.fold)
        /// An export could not be produced or written.
        public static let export = Code(.export)

        public var description: String {
            switch kind {
            case .invalidArgument: "invalid_argument"
            case .io: "io"
            case .corruptSnapshot: "corrupt_snapshot"
            case .staleSnapshot: "stale_snapshot"
            case .eventLog: "event_log"
            case .fold: "fold"
            case .export: "export"
            }
        }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
