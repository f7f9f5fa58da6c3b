/// The saved state of a set of folds at one log position: what lets `replay --at` and `run` start from the
/// middle of the log instead of from seq 0.
///
/// Every fold's state is stamped with its identity (`name@version` + configuration hash). A snapshot is only
/// used for folds whose identity matches the running code exactly (see `SnapshotStore.load`): a changed
/// learner must never resume from state computed by other logic.
public struct Snapshot: Sendable, Equatable {
    /// One fold's saved state.
    public struct Entry: Sendable, Equatable {
        /// The fold's full identity, e.g. `allocation@2#9f3c0a1b2c3d4e5f`.
        public var identity: String
        /// The fold's state, as the fold encoded it.
        public var state: [UInt8]

        public init(identity: String, state: [UInt8]) {
            self.identity = identity
            self.state = state
        }

        /// The `name` part of `name@version#hash`.
        public var foldName: String { String(identity.prefix { $0 != "@" && $0 != "#" }) }
    }

    /// Every event with `seq < nextSequence` is folded into the states, none after.
    public var nextSequence: UInt64
    /// Event time of the last folded event; nil when no event was folded.
    public var lastEventTime: Int64?
    /// Sorted by identity.
    public var entries: [Entry]
    /// How far each append-only export had been written when the snapshot was taken (sorted by path): a
    /// resume needs the file to start with exactly those bytes (see `ExportWriter.resume`).
    public var exportMarks: [ExportMark]

    public init(nextSequence: UInt64, lastEventTime: Int64?, entries: [Entry], exportMarks: [ExportMark] = []) {
        self.nextSequence = nextSequence
        self.lastEventTime = lastEventTime
        self.entries = entries.sorted { $0.identity < $1.identity }
        self.exportMarks = exportMarks.sorted { $0.relativePath < $1.relativePath }
    }

    public func entry(identity: String) -> Entry? { entries.first { $0.identity == identity } }
}
