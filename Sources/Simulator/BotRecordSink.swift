/// The four files a bot root holds, relative to the root.
public enum BotFile: Int, Sendable, CaseIterable, CustomStringConvertible {
    case signals
    case signalOutcomes
    case blockedTrades
    case positions

    public var relativePath: String {
        switch self {
        case .signals: "logs/signals.jsonl"
        case .signalOutcomes: "logs/signal_outcomes.jsonl"
        case .blockedTrades: "state/blocked_trades.jsonl"
        case .positions: "logs/positions_futures.json"
        }
    }

    public var description: String { relativePath }
}

/// Where a simulation's records go: files (batch or live), memory (tests), or a benchmark's counter.
public protocol BotRecordSink {
    /// One complete JSONL line, terminator included. `micros` is the simulated time it was written.
    mutating func append(_ line: [UInt8], to file: BotFile, at micros: Int64) throws(SimulatorError)
    /// Live sinks want every version of the positions document (the bot rewrites it on each change); batch
    /// sinks only the final one.
    var wantsEveryPositionsVersion: Bool { get }
    /// The whole positions document (indent=2, like the bot's `atomic_json_save`).
    mutating func replacePositions(_ document: [UInt8], at micros: Int64) throws(SimulatorError)
}

/// Collects everything in memory: for tests and in-process benchmarks.
public struct InMemoryBotRoot: BotRecordSink, Sendable {
    public var files: [BotFile: [UInt8]] = [:]
    public var positionsVersions = 0
    public var wantsEveryPositionsVersion: Bool

    public init(keepEveryPositionsVersion: Bool = false) { wantsEveryPositionsVersion = keepEveryPositionsVersion }

    public mutating func append(_ line: [UInt8], to file: BotFile, at micros: Int64) {
        files[file, default: []].append(contentsOf: line)
    }

    public mutating func replacePositions(_ document: [UInt8], at micros: Int64) {
        files[.positions] = document
        positionsVersions += 1
    }

    public func bytes(_ file: BotFile) -> [UInt8] { files[file] ?? [] }
    public var totalBytes: Int { BotFile.allCases.reduce(0) { $0 + (files[$1]?.count ?? 0) } }
}

/// The simulator module's one error type.
public struct SimulatorError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public static let io = Code("io")
        public static let invalidConfiguration = Code("invalid_configuration")
        public static let invalidTruth = Code("invalid_truth")
        public var description: String { name }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
