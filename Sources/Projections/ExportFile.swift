/// One file a fold produces, as bytes, relative to the bot root (`feature_store/signal_weights_gate.json`).
public struct ExportFile: Sendable, Equatable {
    /// Relative path with `/` separators; never absolute, never containing `..`.
    public var relativePath: String
    public var bytes: [UInt8]

    public init(relativePath: String, bytes: [UInt8]) {
        self.relativePath = relativePath
        self.bytes = bytes
    }

    public init(relativePath: String, text: String) {
        self.init(relativePath: relativePath, bytes: Array(text.utf8))
    }
}

/// Everything a fold may read while building its exports: the final fold context and every fold's report
/// (sorted by identity), so that e.g. the health export can show the last learning cycle of each learner.
public struct ExportContext: Sendable {
    public var fold: FoldContext
    public var reports: [FoldReport]

    public init(fold: FoldContext = FoldContext(), reports: [FoldReport] = []) {
        self.fold = fold
        self.reports = reports
    }

    /// The event-time watermark (UTC µs) exports use as their `updated_at`/`generated_at`: the newest event
    /// time folded, never the wall clock, so that two replays of one log write the same bytes.
    public var asOf: Int64 { fold.watermark }
}
