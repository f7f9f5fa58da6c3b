public import EventLog

/// Counters of one ingest run, per source. Accounting law: `recordsRead == eventsAppended - resets -
/// synthesized + rejections` for append-only sources, i.e. every record read became exactly one event.
public struct SourceSummary: Sendable, Equatable {
    public var source: SourceID
    /// Complete records read (lines, or elements of the positions document that were new or changed).
    public var recordsRead: Int = 0
    /// Events appended for this source (normalized events + rejections + resets + position diffs).
    public var eventsAppended: Int = 0
    /// Blank lines skipped (consumed, not records).
    public var blankLines: Int = 0
    public var rejections: [RejectionReason: Int] = [:]
    public var resets: [ResetReason: Int] = [:]
    /// Events by kind (sorted output is the printer's job).
    public var eventsByKind: [EventKind: Int] = [:]
    /// Positions document reads that failed to parse (caught mid-write) and were retried.
    public var documentParseFailures: Int = 0

    public init(source: SourceID) { self.source = source }

    public var rejectionCount: Int { rejections.values.reduce(0, +) }
    public var resetCount: Int { resets.values.reduce(0, +) }
}

/// Counters of one ingest run.
public struct IngestSummary: Sendable, Equatable {
    /// One entry per configured source, in configuration order.
    public var sources: [SourceSummary]
    /// Frames appended (including checkpoint-only frames).
    public var framesAppended: Int = 0

    public init(sources: [SourceID]) { self.sources = sources.map { SourceSummary(source: $0) } }

    mutating func update(_ source: SourceID, _ body: (inout SourceSummary) -> Void) {
        guard let i = sources.firstIndex(where: { $0.source == source }) else { return }
        body(&sources[i])
    }
}
