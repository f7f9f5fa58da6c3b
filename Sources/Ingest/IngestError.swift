/// The one error type of the Ingest module. `message` is a complete one-line sentence naming the file,
/// offset or source involved, ready for the CLI to print.
public struct IngestError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case io, log, configuration, invalidLog
        }
        private let value: Value
        /// Reading a source failed (permissions, I/O error).
        public static let io = Code(value: .io)
        /// The event log refused an append or a read.
        public static let log = Code(value: .log)
        /// The ingest configuration is unusable (e.g. two sources with one id).
        public static let configuration = Code(value: .configuration)
        /// The log contains something ingest cannot resume from.
        public static let invalidLog = Code(value: .invalidLog)
        public var description: String {
            switch value {
            case .io: "io"
            case .log: "log"
            case .configuration: "configuration"
            case .invalidLog: "invalid_log"
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
