public import EventLog

/// The ingest loop: one writer, every source, one frame per batch.
///
/// Exactly-once argument (details in docs/ingest.md): the only durable state is the log. Every frame holds
/// the events of a batch AND every source's position after that batch, written by one atomic append. On
/// start the positions come from the last valid frame (`IngestLog.checkpoints`), and the positions-diff
/// state and each source's last event time are folded from the events already in the log. A kill at any
/// moment either loses the whole frame (its records are read again) or keeps it (they are not).
public final class Ingester {
    public let configuration: IngestConfiguration
    private let log: any IngestLog
    private let normalizers: (LineFormat) -> LineNormalizer
    private let clock: @Sendable () -> Int64
    private var lineSources: [(spec: SourceSpec, tailer: FileTailer, normalize: LineNormalizer)] = []
    private var documents: [(spec: SourceSpec, follower: PositionsFollower)] = []
    /// Event time of each source's latest event: the time of rejections without a timestamp and of resets.
    private var lastEventTime: [SourceID: Int64] = [:]
    private var committed: [SourceCheckpoint]
    public private(set) var summary: IngestSummary

    /// - Parameters:
    ///   - normalizers: the JSONL normalizer of each format.
    ///   - positions: how to read the positions document (parser of the whole document and of one record).
    ///   - clock: wall clock for `ingestTime` only, in UTC microseconds (folds never read it).
    public init(
        configuration: IngestConfiguration,
        log: any IngestLog,
        normalizers: @escaping (LineFormat) -> LineNormalizer,
        positions: PositionsCodec,
        clock: @escaping @Sendable () -> Int64
    ) throws(IngestError) {
        let ids = configuration.sources.map(\.id)
        guard Set(ids).count == ids.count else {
            throw IngestError(.configuration, "two sources share one id in \(ids)")
        }
        self.configuration = configuration
        self.log = log
        self.normalizers = normalizers
        self.clock = clock
        self.summary = IngestSummary(sources: ids)
        self.committed = log.checkpoints
        let stored = Dictionary(log.checkpoints.map { ($0.source, $0) }, uniquingKeysWith: { a, _ in a })
        var folds: [SourceID: PositionsFold] = [:]
        for spec in configuration.sources {
            let path = configuration.resolvedPath(of: spec)
            switch spec.kind {
            case .lines(let format):
                let tailer = FileTailer(
                    source: spec.id,
                    path: path,
                    checkpoint: stored[spec.id],
                    configuration: configuration.tailer
                )
                lineSources.append((spec, tailer, normalizers(format)))
            case .positionsDocument:
                folds[spec.id] = PositionsFold(codec: positions)
            }
        }
        // Rebuild what the log already knows: never from a side file that could disagree with it.
        var lastTimes: [SourceID: Int64] = [:]
        try log.forEachEvent { event in
            lastTimes[event.source] = event.eventTime
            folds[event.source]?.apply(event)
        }
        lastEventTime = lastTimes
        for spec in configuration.sources where spec.kind == .positionsDocument {
            let follower = PositionsFollower(
                source: spec.id,
                path: configuration.resolvedPath(of: spec),
                checkpoint: stored[spec.id],
                fold: folds[spec.id] ?? PositionsFold(codec: positions),
                codec: positions
            )
            documents.append((spec, follower))
        }
    }

    /// Every source's position as it would be committed now, sorted by source.
    public var checkpoints: [SourceCheckpoint] {
        var all = lineSources.map(\.tailer.checkpoint) + documents.map(\.follower.checkpoint)
        all.sort { $0.source < $1.source }
        return all
    }

    /// One round over every source. Appends at most one frame per `maxBatchBytes` read.
    /// Returns true when a batch limit stopped it (more input is ready now).
    @discardableResult
    public func step() throws(IngestError) -> Bool {
        var drafts: [EventDraft] = []
        var budget = configuration.maxBatchBytes
        var limited = false
        for (spec, tailer, normalize) in lineSources where budget > 0 {
            var items: [TailItem] = []
            let blanks = tailer.blankLines
            limited = try tailer.poll(budget: &budget, items: &items) || limited
            summary.update(spec.id) { $0.blankLines += tailer.blankLines - blanks }
            for item in items {
                drafts.append(makeDraft(item, source: spec.id, normalize: normalize))
            }
        }
        if budget <= 0 { limited = true }
        for (spec, follower) in documents {
            let now = clock()
            let outcome = try follower.poll(ingestTime: now)
            switch outcome {
            case .unchanged:
                break
            case .unreadable:
                summary.update(spec.id) { $0.documentParseFailures += 1 }
            case .changed(let diff, let recordsRead):
                summary.update(spec.id) { $0.recordsRead += recordsRead }
                for draft in diff { count(draft) }
                drafts += diff
            }
        }
        let positions = checkpoints
        if !drafts.isEmpty || positions != committed {
            try log.append(drafts, checkpoints: positions)
            committed = positions
            summary.framesAppended += 1
            for (_, follower) in documents { follower.committed() }
        }
        return limited
    }

    /// Ingests everything complete that is present now (`hindsight ingest --once`).
    public func runOnce() throws(IngestError) {
        while try step() {}
    }

    private func makeDraft(_ item: TailItem, source: SourceID, normalize: LineNormalizer) -> EventDraft {
        let now = clock()
        let draft: EventDraft
        switch item {
        case .reset(let reset):
            draft = EventDraft(
                eventTime: lastEventTime[source] ?? 0,
                ingestTime: now,
                source: source,
                position: .none,
                payload: .sourceReset(reset),
                original: []
            )
        case .record(let record, let file):
            let position = SourcePosition.fileRange(file: file, start: record.start, end: record.end)
            summary.update(source) { $0.recordsRead += 1 }
            let verdict: LineVerdict
            if record.kind == .tooLong {
                verdict = .rejected(
                    RecordRejected(
                        reason: .lineTooLong,
                        detail: "line of \(record.end - record.start) bytes exceeds the limit of "
                            + "\(configuration.tailer.maxLineBytes) bytes; original holds its first "
                            + "\(record.bytes.count) bytes"
                    ),
                    eventTime: nil
                )
            } else {
                verdict = normalize(record.bytes)
            }
            switch verdict {
            case .event(let time, let payload):
                draft = EventDraft(
                    eventTime: time,
                    ingestTime: now,
                    source: source,
                    position: position,
                    payload: payload,
                    original: record.bytes
                )
            case .rejected(let rejection, let time):
                draft = EventDraft(
                    eventTime: time ?? lastEventTime[source] ?? 0,
                    ingestTime: now,
                    source: source,
                    position: position,
                    payload: .recordRejected(rejection),
                    original: record.bytes
                )
            }
        }
        lastEventTime[source] = draft.eventTime
        count(draft)
        return draft
    }

    private func count(_ draft: EventDraft) {
        summary.update(draft.source) { s in
            s.eventsAppended += 1
            s.eventsByKind[draft.payload.kind, default: 0] += 1
            switch draft.payload {
            case .recordRejected(let r): s.rejections[r.reason, default: 0] += 1
            case .sourceReset(let r): s.resets[r.reason, default: 0] += 1
            default: break
            }
        }
    }
}
