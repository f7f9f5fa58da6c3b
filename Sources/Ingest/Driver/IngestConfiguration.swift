public import EventLog

/// The record format of an append-only source: which normalizer reads its lines.
public enum LineFormat: String, Sendable, Equatable, CaseIterable {
    case signals
    case signalOutcomes = "signal_outcomes"
    case blockedTrades = "blocked_trades"
}

/// One configured input.
public struct SourceSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// An append-only JSONL file.
        case lines(LineFormat)
        /// A JSON document rewritten in place (`positions_futures.json`).
        case positionsDocument
    }
    public var id: SourceID
    /// Path relative to the root (or absolute).
    public var path: String
    public var kind: Kind

    public init(id: SourceID, path: String, kind: Kind) {
        self.id = id
        self.path = path
        self.kind = kind
    }

    /// The four sources a bot root has, at their usual paths.
    public static let defaults: [SourceSpec] = [
        SourceSpec(id: .signals, path: "logs/signals.jsonl", kind: .lines(.signals)),
        SourceSpec(id: .signalOutcomes, path: "logs/signal_outcomes.jsonl", kind: .lines(.signalOutcomes)),
        SourceSpec(id: .blockedTrades, path: "state/blocked_trades.jsonl", kind: .lines(.blockedTrades)),
        SourceSpec(id: .positions, path: "logs/positions_futures.json", kind: .positionsDocument),
    ]
}

/// Everything ingest can be told. Defaults suit a live bot root.
public struct IngestConfiguration: Sendable, Equatable {
    public var root: String
    public var sources: [SourceSpec]
    public var tailer: TailerConfiguration
    /// A frame is cut once this many source bytes were read in a round (bounds latency and frame size).
    public var maxBatchBytes: Int
    /// How many bytes a source reads ahead at a time for the event-time merge (memory per source is about this).
    public var refillBytes: Int
    /// How often `follow` looks at the sources.
    public var pollIntervalMilliseconds: Int

    public init(
        root: String,
        sources: [SourceSpec] = SourceSpec.defaults,
        tailer: TailerConfiguration = TailerConfiguration(),
        maxBatchBytes: Int = 4 << 20,
        refillBytes: Int = 256 << 10,
        pollIntervalMilliseconds: Int = 200
    ) {
        self.refillBytes = refillBytes
        self.root = root
        self.sources = sources
        self.tailer = tailer
        self.maxBatchBytes = maxBatchBytes
        self.pollIntervalMilliseconds = pollIntervalMilliseconds
    }

    /// The absolute (or root-relative) path of a source.
    public func resolvedPath(of spec: SourceSpec) -> String {
        if spec.path.hasPrefix("/") { return spec.path }
        return root.hasSuffix("/") ? root + spec.path : root + "/" + spec.path
    }
}
