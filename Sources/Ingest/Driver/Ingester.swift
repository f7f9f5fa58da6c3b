public import EventLog

/// The ingest loop: one writer, every source, one frame per batch.
///
/// Exactly-once argument (details in docs/ingest.md): the only durable state is the log. Every frame holds
/// the events of a batch AND every source's position after that batch, written by one atomic append. On
/// start the positions come from the last valid frame (`IngestLog.checkpoints`), and the positions-diff
/// state and each source's last event time are folded from the events already in the log. A kill at any
/// moment either loses the whole frame (its records are read again) or keeps it (they are not).
public final class Ingester {
    // The per-record state below is `@exclusivity(unchecked)`: the ingester is used from one thread and never
    // holds two accesses to one of these at once, and the dynamic checks of class properties were ~2 % of
    // ingest CPU (several accesses per record in the merge).
    public let configuration: IngestConfiguration
    private let log: any IngestLog
    private let normalizers: (LineFormat) -> LineNormalizer
    private let clock: @Sendable () -> Int64
    @exclusivity(unchecked) private var lineSources:
        [(spec: SourceSpec, tailer: FileTailer, normalize: LineNormalizer, encode: LineEncoder?)] =
            []
    private var documents: [(spec: SourceSpec, follower: PositionsFollower)] = []
    /// Index in `summary.sources` (configuration order) of each line source and of each document.
    @exclusivity(unchecked) private var lineSummaryIndex: [Int] = []
    @exclusivity(unchecked) private var documentSummaryIndex: [Int] = []
    /// Event time of each line source's latest event: the time of rejections without a timestamp and of resets.
    @exclusivity(unchecked) private var lineLastEventTime: [Int64] = []
    private var committed: [SourceCheckpoint]
    /// Records read from each line source but not yet appended, with the checkpoint that precedes each.
    @exclusivity(unchecked) private var lineQueues: [DraftQueue] = []
    /// Events of a positions diff not yet appended, and the document checkpoint committed before that diff.
    @exclusivity(unchecked) private var documentQueues: [DraftQueue] = []
    private var documentCheckpointsBefore: [SourceCheckpoint?] = []
    /// The frame being assembled (kept between steps so its storage is reused, not re-faulted per frame), and
    /// the summary index of each of its drafts' source.
    @exclusivity(unchecked) private var frame: [EventDraft] = []
    @exclusivity(unchecked) private var frameSources: [Int] = []
    /// Items of one tailer poll (reused).
    @exclusivity(unchecked) private var items: [TailItem] = []
    /// Scratch of the encoding path (reused): the payloads of one refill, each item's verdict and the end of
    /// its payload in `payloads`.
    @exclusivity(unchecked) private var payloads = PayloadWriter()
    @exclusivity(unchecked) private var encodedVerdicts: [EncodedLineVerdict?] = []
    @exclusivity(unchecked) private var payloadEnds: [Int] = []
    public private(set) var summary: IngestSummary

    /// - Parameters:
    ///   - normalizers: the JSONL normalizer of each format.
    ///   - encoders: when given, the JSONL sources use these instead of `normalizers` (same events, payloads
    ///     encoded straight from the parsed JSON: ingest's hot path, `RecordNormalizer.lineEncoder(for:)`).
    ///   - positions: how to read the positions document (parser of the whole document and of one record).
    ///   - clock: wall clock for `ingestTime` only, in UTC microseconds (folds never read it).
    public init(
        configuration: IngestConfiguration,
        log: any IngestLog,
        normalizers: @escaping (LineFormat) -> LineNormalizer,
        encoders: ((LineFormat) -> LineEncoder)? = nil,
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
                lineSources.append((spec, tailer, normalizers(format), encoders?(format)))
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
        lineLastEventTime = lineSources.map { lastTimes[$0.spec.id] ?? 0 }
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
        lineSummaryIndex = lineSources.map { source in ids.firstIndex(of: source.spec.id)! }
        documentSummaryIndex = documents.map { document in ids.firstIndex(of: document.spec.id)! }
        lineQueues = Array(repeating: DraftQueue(), count: lineSources.count)
        documentQueues = Array(repeating: DraftQueue(), count: documents.count)
        documentCheckpointsBefore = Array(repeating: nil, count: documents.count)
    }

    /// Every source's position as it would be committed now, sorted by source.
    /// A source with queued (read but not yet appended) records commits the position of its first queued
    /// record, so a crash re-reads exactly what the log does not hold.
    public var checkpoints: [SourceCheckpoint] {
        var all: [SourceCheckpoint] = []
        for i in lineSources.indices {
            all.append(lineQueues[i].firstBefore ?? lineSources[i].tailer.checkpoint)
        }
        for i in documents.indices {
            all.append(documentQueues[i].isEmpty ? documents[i].follower.checkpoint : documentCheckpointsBefore[i]!)
        }
        all.sort { $0.source < $1.source }
        return all
    }

    /// One round over every source: reads what is ready, merges it across sources by event time and appends
    /// at most one frame of about `maxBatchBytes` source bytes.
    /// Returns true when the batch limit stopped it (more input is ready now).
    ///
    /// Why merge: folds schedule learning cycles on event time. A backlog read source after source would
    /// put every signal before every outcome, so the cycles would all run before any outcome arrived and
    /// learn nothing. Each source is consumed in its own file order (so a checkpoint is always a prefix of
    /// it); among the sources, the head with the smallest event time goes first (ties: configuration order).
    @discardableResult
    public func step() throws(IngestError) -> Bool {
        frame.removeAll(keepingCapacity: true)
        frameSources.removeAll(keepingCapacity: true)
        var frameBytes = 0
        var dry = [Bool](repeating: false, count: lineSources.count)
        var documentsDry = [Bool](repeating: false, count: documents.count)
        var limited = false
        merging: while true {
            // Refill every source that has nothing queued and may still have input.
            for i in lineSources.indices where lineQueues[i].isEmpty && !dry[i] {
                dry[i] = try refillLines(i) == 0
            }
            for i in documents.indices where documentQueues[i].isEmpty && !documentsDry[i] {
                documentsDry[i] = try refillDocument(i) == 0
            }
            if frameBytes >= configuration.maxBatchBytes {
                limited = lineQueues.contains { !$0.isEmpty } || documentQueues.contains { !$0.isEmpty }
                break merging
            }
            // Take the earliest head; stop only when every source is drained and dry.
            guard let taken = takeEarliestHead() else { break merging }
            frameBytes += max(taken, 1)
        }
        let positions = checkpoints
        if !frame.isEmpty || positions != committed {
            try log.append(frame, checkpoints: positions)
            committed = positions
            summary.framesAppended += 1
            countAppended()
            for i in documents.indices where documentQueues[i].isEmpty {
                documents[i].follower.committed()
                documentCheckpointsBefore[i] = nil
            }
        }
        return limited
    }

    /// Moves the queued draft with the smallest event time (ties: line sources in configuration order, then
    /// documents) to the end of `frame` and returns its original's byte count; nil when every queue is empty.
    private func takeEarliestHead() -> Int? {
        var bestLine: Int?
        var bestTime = Int64.max
        for i in lineQueues.indices {
            if let time = lineQueues[i].firstEventTime, bestLine == nil || time < bestTime {
                bestLine = i
                bestTime = time
            }
        }
        var bestDocument: Int?
        for i in documentQueues.indices {
            if let time = documentQueues[i].firstEventTime, time < bestTime || (bestLine == nil && bestDocument == nil)
            {
                bestDocument = i
                bestTime = time
            }
        }
        if let bestDocument {
            frameSources.append(documentSummaryIndex[bestDocument])
            return documentQueues[bestDocument].moveFirst(to: &frame)
        }
        if let bestLine {
            frameSources.append(lineSummaryIndex[bestLine])
            return lineQueues[bestLine].moveFirst(to: &frame)
        }
        return nil
    }

    /// Ingests everything complete that is present now (`hindsight ingest --once`).
    public func runOnce() throws(IngestError) {
        while try step() {}
    }

    /// Reads the next records of line source `i` into its queue; returns how many were queued.
    private func refillLines(_ i: Int) throws(IngestError) -> Int {
        let (spec, tailer, normalize, encode) = lineSources[i]
        items.removeAll(keepingCapacity: true)
        let blanks = tailer.blankLines
        // A line longer than one refill (or a run of blank lines) yields no item per poll: keep reading until
        // something is queued or the source has nothing more now, or `--once` would stop in the middle of it.
        var more = true
        while items.isEmpty && more {
            var budget = configuration.refillBytes
            more = try tailer.poll(budget: &budget, items: &items)
        }
        // One wall-clock reading per refill: every record of it was read at that moment.
        let now = clock()
        // Encoding path: every payload of the refill goes into one array, which the drafts slice.
        let storage = encode.map { encodePayloads($0) } ?? []
        var records = 0
        for index in items.indices {
            let before: SourceCheckpoint
            let draft: EventDraft
            switch items[index] {
            case .record(let record, let file):
                before = SourceCheckpoint(source: spec.id, file: file, offset: record.start)
                let position = SourcePosition.fileRange(file: file, start: record.start, end: record.end)
                if let verdict = encodedVerdicts.isEmpty ? nil : encodedVerdicts[index] {
                    let payloadStart = index == 0 ? 0 : payloadEnds[index - 1]
                    draft = encodedDraft(
                        verdict,
                        payload: payloadStart..<payloadEnds[index],
                        of: storage,
                        record: record,
                        position: position,
                        source: i,
                        ingestTime: now
                    )
                } else {
                    draft = makeDraft(record, position: position, source: i, normalize: normalize, ingestTime: now)
                }
                records += 1
            case .reset(let reset):
                before = SourceCheckpoint(source: spec.id, file: reset.previous, offset: reset.previousOffset)
                draft = EventDraft(
                    eventTime: lineLastEventTime[i],
                    ingestTime: now,
                    source: spec.id,
                    position: .none,
                    payload: .sourceReset(reset),
                    original: []
                )
            }
            lineLastEventTime[i] = draft.eventTime
            lineQueues[i].append(consume draft, before: before)
        }
        let read = records
        summary.sources[lineSummaryIndex[i]].recordsRead += read
        summary.sources[lineSummaryIndex[i]].blankLines += tailer.blankLines - blanks
        let queued = items.count
        items.removeAll(keepingCapacity: true)
        encodedVerdicts.removeAll(keepingCapacity: true)
        return queued
    }

    /// Runs `encode` over the records in `items`, their payloads into `payloads`; fills `encodedVerdicts` and
    /// `payloadEnds` (one entry per item; nil verdict for resets) and returns the payloads as one array.
    private func encodePayloads(_ encode: LineEncoder) -> [UInt8] {
        payloads.removeAll()
        encodedVerdicts.removeAll(keepingCapacity: true)
        payloadEnds.removeAll(keepingCapacity: true)
        for index in items.indices {
            if case .record(let record, _) = items[index] {
                if record.kind == .tooLong {
                    encodedVerdicts.append(.rejected(tooLongRejection(record), eventTime: nil))
                } else {
                    let verdict = record.bytes.withUnsafeBytes { encode($0, record.isPaddedForParsing, &payloads) }
                    encodedVerdicts.append(verdict)
                }
            } else {
                encodedVerdicts.append(nil)
            }
            payloadEnds.append(payloads.count)
        }
        return payloads.makeArray()
    }

    /// The draft of a record whose verdict came from a `LineEncoder` (its payload is `storage[payload]`).
    private func encodedDraft(
        _ verdict: EncodedLineVerdict,
        payload: Range<Int>,
        of storage: [UInt8],
        record: LineRecord,
        position: SourcePosition,
        source: Int,
        ingestTime: Int64
    ) -> EventDraft {
        let id = lineSources[source].spec.id
        switch verdict {
        case .event(let time, let kind):
            return EventDraft(
                eventTime: time,
                ingestTime: ingestTime,
                source: id,
                position: position,
                encodedPayload: PayloadWriter.encodedPayload(kind: kind, storage, payload),
                original: record.bytes
            )
        case .rejected(let rejection, let time):
            return EventDraft(
                eventTime: time ?? lineLastEventTime[source],
                ingestTime: ingestTime,
                source: id,
                position: position,
                payload: .recordRejected(rejection),
                original: record.bytes
            )
        }
    }

    /// Diffs a changed positions document into its queue (earliest event first); returns how many were queued.
    private func refillDocument(_ i: Int) throws(IngestError) -> Int {
        let (spec, follower) = documents[i]
        let before = follower.checkpoint
        switch try follower.poll(ingestTime: clock()) {
        case .unchanged:
            return 0
        case .unreadable:
            summary.update(spec.id) { $0.documentParseFailures += 1 }
            return 0
        case .changed(let diff, let recordsRead):
            summary.update(spec.id) { $0.recordsRead += recordsRead }
            documentCheckpointsBefore[i] = before
            // Stable: the diff's own order breaks ties between events of the same instant.
            let ordered = diff.enumerated().sorted {
                ($0.element.eventTime, $0.offset) < ($1.element.eventTime, $1.offset)
            }
            for entry in ordered { documentQueues[i].append(entry.element) }
            return diff.count
        }
    }

    /// The event of one record of line source `source` (value path).
    private func makeDraft(
        _ record: LineRecord,
        position: SourcePosition,
        source: Int,
        normalize: LineNormalizer,
        ingestTime: Int64
    ) -> EventDraft {
        let id = lineSources[source].spec.id
        let verdict: LineVerdict =
            record.kind == .tooLong ? .rejected(tooLongRejection(record), eventTime: nil) : normalize(record.bytes)
        switch verdict {
        case .event(let time, let payload):
            return EventDraft(
                eventTime: time,
                ingestTime: ingestTime,
                source: id,
                position: position,
                payload: payload,
                original: record.bytes
            )
        case .rejected(let rejection, let time):
            return EventDraft(
                eventTime: time ?? lineLastEventTime[source],
                ingestTime: ingestTime,
                source: id,
                position: position,
                payload: .recordRejected(rejection),
                original: record.bytes
            )
        }
    }

    private func tooLongRejection(_ record: LineRecord) -> RecordRejected {
        RecordRejected(
            reason: .lineTooLong,
            detail: "line of \(record.end - record.start) bytes exceeds the limit of "
                + "\(configuration.tailer.maxLineBytes) bytes; original holds its first "
                + "\(record.bytes.count) bytes"
        )
    }

    /// Adds the events of the frame just appended to the summary.
    /// Counted in a flat per-source, per-kind array first and added to the summary's dictionaries once per
    /// frame (a dictionary update per event was ~2 % of ingest CPU); drafts are read in place, not copied.
    private func countAppended() {
        let kinds = 256
        var tally = [Int](repeating: 0, count: summary.sources.count * kinds)
        frame.withUnsafeBufferPointer { drafts in
            for i in drafts.indices {
                let s = frameSources[i]
                let raw = drafts[i].kindRawValue
                tally[s * kinds + Int(raw)] += 1
                // Only these two kinds are looked into (an encoded payload would be decoded to read it).
                guard raw == EventKind.recordRejected.rawValue || raw == EventKind.sourceReset.rawValue else {
                    continue
                }
                switch drafts[i].payload {
                case .recordRejected(let r): summary.sources[s].rejections[r.reason, default: 0] += 1
                case .sourceReset(let r): summary.sources[s].resets[r.reason, default: 0] += 1
                default: break
                }
            }
        }
        for s in summary.sources.indices {
            for raw in 0..<kinds where tally[s * kinds + raw] > 0 {
                guard let kind = EventKind(rawValue: UInt8(raw)) else { continue }
                summary.sources[s].eventsAppended += tally[s * kinds + raw]
                summary.sources[s].eventsByKind[kind, default: 0] += tally[s * kinds + raw]
            }
        }
    }
}
