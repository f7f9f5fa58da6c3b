import EventLog

/// What `run` did, for the final summary (and the latency figures of the benchmark script).
public struct RunSummary: Sendable {
    /// Where folding resumed: the snapshot's next sequence (nil: from seq 0) and the notices for snapshots
    /// skipped.
    public var resumedFromSnapshot: UInt64?
    public var notices: [String] = []
    /// Events folded at start-up (catching up with the log) and while following it.
    public var catchUpEvents: UInt64 = 0
    public var liveEvents: UInt64 = 0
    public var nextSequence: UInt64 = 0
    public var exportWrites: Int = 0
    public var snapshotsWritten: Int = 0
    public var shutdownSignal: Int32 = 0
    /// Wall time of applying a live event minus its event time, for `TradeBlocked` events, whose event time is
    /// the moment the record was written, to the microsecond (`ts` as float epoch seconds): record appended →
    /// effect in the projection state.
    public var latency = LatencyHistogram()
    /// The same for `DecisionLogged`: its event time is the signals.jsonl `ts`, integer epoch seconds (as the
    /// real bot writes it), so this includes up to 1 s of timestamp truncation on top of the real latency.
    public var wholeSecondLatency = LatencyHistogram()
    /// Wall time of applying a live event minus its ingest time (when the tailer read the record): the part of
    /// the latency spent inside hindsight; the rest is the wait for the next poll (≤ one round + poll interval)
    /// and, in `latency`, any delay of the writer between the record's timestamp and its append.
    public var ingestLatency = LatencyHistogram()
    /// Wall time spent in ingest rounds, folding, and building + writing exports (ms): where latency goes.
    public var ingestMilliseconds: Int64 = 0
    public var foldMilliseconds: Int64 = 0
    public var exportMilliseconds: Int64 = 0
    public var rounds: Int = 0
}

/// Tail-and-process: resume from the newest valid snapshot plus the log, then alternate one ingest round,
/// folding every newly appended event, debounced exports and snapshots, until asked to stop. On stop it
/// folds what the log holds, writes exports and a snapshot, and returns.
///
/// Folding happens on the calling thread; exports are built from a copy of the state (`forkForExports`) and
/// written by a `BackgroundExportWriter` thread, so a record arriving while exports are fsynced is folded at
/// once instead of waiting for the write. The only state is the target (folds) and the log, so a kill at any
/// point restarts from the last snapshot plus the log: nothing is lost, and exports are a pure function of the
/// log prefix folded (the same bytes a batch `replay` writes).
public final class RunLoop<Log: EventLogAccess> {
    public let configuration: RunConfiguration
    private let target: any ReplayTarget
    private let log: Log
    private let store: SnapshotStore
    private let exports: BackgroundExportWriter
    private let clock: any RunClock
    private let ingest: () throws(ReplayError) -> Bool
    private var stream: Log.Stream?
    private var summary = RunSummary()
    private var dirty = false
    private var lastExportAt: Int64 = .min
    private var sinceSnapshot: UInt64 = 0
    private var watermark: Int64 = .min
    private var lastSnapshotWatermark: Int64?

    /// - Parameter ingest: one ingest round (appends new input to the log); returns true when more input is
    ///   ready right away. Pass `{ false }` to follow a log written by another process.
    public init(
        target: some ReplayTarget,
        log: Log,
        store: SnapshotStore,
        exports: ExportWriter,
        configuration: RunConfiguration = RunConfiguration(),
        clock: some RunClock,
        ingest: @escaping () throws(ReplayError) -> Bool
    ) {
        self.target = target
        self.log = log
        self.store = store
        self.exports = BackgroundExportWriter(writer: exports, monotonicMilliseconds: SystemRunClock.monotonic)
        self.configuration = configuration
        self.clock = clock
        self.ingest = ingest
    }

    /// Restores the newest valid snapshot, folds the rest of the log, writes exports. Returns the notices of
    /// snapshots refused (stale identity, damage) so the caller prints them.
    @discardableResult
    public func start() throws(ReplayError) -> [String] {
        let directory = exports.writer.directory
        let lookup = try store.bestSnapshot(atOrBefore: .max, identities: target.identities) { snapshot in
            ExportWriter.mismatch(snapshot.exportMarks, in: directory)
        }
        summary.notices = lookup.notices
        var next: UInt64 = 0
        if let snapshot = lookup.snapshot {
            try exports.writer.resume(snapshot.exportMarks)
            try target.restoreStates(snapshot.entries)
            next = snapshot.nextSequence
            summary.resumedFromSnapshot = next
            watermark = snapshot.lastEventTime ?? .min
            lastSnapshotWatermark = snapshot.lastEventTime
        }
        summary.nextSequence = next
        stream = try log.stream(from: next)
        summary.catchUpEvents = try drain(live: false)
        try submitExports()
        try exports.flush()
        return lookup.notices
    }

    /// Runs rounds until `shouldStop()` is true (checked between rounds, so the current frame is always
    /// finished), then finishes: folds what is in the log, writes exports and a snapshot.
    public func run(until shouldStop: () -> Bool) throws(ReplayError) -> RunSummary {
        if stream == nil { try start() }
        while !shouldStop() {
            let t0 = clock.monotonicMilliseconds()
            let more = try ingest()
            let t1 = clock.monotonicMilliseconds()
            let folded = try drain(live: true)
            let now = clock.monotonicMilliseconds()
            summary.rounds += 1
            summary.ingestMilliseconds += t1 - t0
            summary.foldMilliseconds += now - t1
            if dirty, lastExportAt == .min || now - lastExportAt >= configuration.exportDebounceMilliseconds {
                try submitExports()
            }
            if !more && folded == 0 {
                var pause = configuration.pollIntervalMilliseconds
                if dirty { pause = min(pause, max(0, lastExportAt + configuration.exportDebounceMilliseconds - now)) }
                clock.sleep(milliseconds: pause)
            }
        }
        _ = try drain(live: true)
        try submitExports()
        try exports.flush()
        if summary.nextSequence > (summary.resumedFromSnapshot ?? 0) || sinceSnapshot > 0 { try takeSnapshot() }
        try exports.finish()
        return currentSummary
    }

    /// The summary so far (export figures as of the writer's last finished job).
    public var currentSummary: RunSummary {
        var current = summary
        (current.exportWrites, current.exportMilliseconds) = exports.statistics
        return current
    }

    private func drain(live: Bool) throws(ReplayError) -> UInt64 {
        var folded: UInt64 = 0
        while let event = try stream!.next() {
            target.apply(event)
            folded += 1
            sinceSnapshot += 1
            summary.nextSequence = event.seq &+ 1
            if event.eventTime > watermark { watermark = event.eventTime }
            if live {
                summary.liveEvents += 1
                switch event.kind {
                case .tradeBlocked:
                    let now = clock.wallMicros()
                    summary.latency.record(now - event.eventTime)
                    summary.ingestLatency.record(now - event.ingestTime)
                case .decisionLogged:
                    let now = clock.wallMicros()
                    summary.wholeSecondLatency.record(now - event.eventTime)
                    summary.ingestLatency.record(now - event.ingestTime)
                default: break
                }
            }
            let elapsed = watermark == .min ? nil : watermark - (lastSnapshotWatermark ?? watermark)
            if configuration.snapshots.isDue(eventsSinceLast: sinceSnapshot, eventTimeSinceLast: elapsed) {
                try takeSnapshot()
            }
        }
        if folded > 0 { dirty = true }
        return folded
    }

    /// Hands the rows finalized so far and a frozen copy of the state to the writer thread (built on this
    /// thread when the target cannot be copied).
    private func submitExports() throws(ReplayError) {
        let appends = target.takeFinalizedRows()
        if let fork = target.forkForExports() {
            try exports.submit(.init(appends: appends, build: { () throws(ReplayError) in try fork.exports() }))
        } else {
            let files = try target.exports()
            try exports.submit(.init(appends: appends, build: { files }))
        }
        lastExportAt = clock.monotonicMilliseconds()
        dirty = false
    }

    /// Writes a snapshot after every row finalized before it is on disk, recording the append-only files'
    /// marks (so a resume can check and cut them back).
    private func takeSnapshot() throws(ReplayError) {
        try exports.submit(.init(appends: target.takeFinalizedRows(), build: nil))
        try exports.flush()
        let snapshot = try ReplayEngine.makeSnapshot(
            target,
            next: summary.nextSequence,
            lastEventTime: watermark == .min ? nil : watermark,
            exportMarks: exports.writer.appendMarks
        )
        try store.write(snapshot)
        try store.prune(configuration.snapshots)
        summary.snapshotsWritten += 1
        sinceSnapshot = 0
        lastSnapshotWatermark = snapshot.lastEventTime
    }
}
