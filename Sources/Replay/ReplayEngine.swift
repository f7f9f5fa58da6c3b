import EventLog
import Foundation

/// What to replay. At most one of `from` and `at`; `at` and `to` both name the end, so only one of them.
public struct ReplayOptions: Sendable, Equatable {
    /// Re-learn from this point: folds start from their initial state at this event (no snapshot is used).
    public var from: LogPoint?
    /// Time travel: the state as of this point, starting from the nearest valid snapshot at or before it.
    public var at: LogPoint?
    /// The last point folded (default: the end of the log).
    public var to: LogPoint?
    /// Cadence and retention of the snapshots a full replay writes (`.disabled` for none).
    public var snapshots: SnapshotConfiguration

    public init(
        from: LogPoint? = nil,
        at: LogPoint? = nil,
        to: LogPoint? = nil,
        snapshots: SnapshotConfiguration = SnapshotConfiguration()
    ) {
        self.from = from
        self.at = at
        self.to = to
        self.snapshots = snapshots
    }
}

/// What a replay did, for the human summary and `--json`.
public struct ReplaySummary: Sendable, Equatable {
    public enum Mode: String, Sendable { case full, from, at }
    public var mode: Mode
    /// Sequence of the first event folded by this run (after a snapshot, if one was used).
    public var startSequence: UInt64
    /// One past the last event folded: the states are "as of" every event with `seq < endSequence`.
    public var endSequence: UInt64
    public var eventsFolded: UInt64
    /// The snapshot time travel started from (its `nextSequence` and path), if any.
    public var snapshotSequence: UInt64?
    public var snapshotPath: String?
    public var snapshotsWritten: [String]
    public var snapshotsPruned: [String]
    /// Snapshots skipped and why (stale identity, damage): never silent.
    public var notices: [String]
    public var firstEventTime: Int64?
    public var lastEventTime: Int64?
    /// The event-time watermark (max event time) over the events folded by this run.
    public var maxEventTime: Int64?
}

/// Replays a log through a `ReplayTarget`: the one loop behind `replay`, `replay --from/--at/--to` and
/// `snapshot export`.
public enum ReplayEngine {
    /// Finalized rows are handed to the export writer at least this often (events), so they do not pile up.
    static let appendEveryEvents: UInt64 = 65_536

    /// - Parameters:
    ///   - exports: where append-only rows go while folding (the caller writes the whole files after); nil
    ///     keeps them in the target (tests, diff).
    ///   - exportSource: the directory whose append-only files the snapshots' marks describe (the bot root);
    ///     time travel resumes from a snapshot only if those files still start with the recorded bytes, and
    ///     copies that prefix when `exports` writes elsewhere. Default: `exports.directory`.
    public static func run<Log: EventLogAccess>(
        target: some ReplayTarget,
        log: Log,
        options: ReplayOptions,
        store: SnapshotStore?,
        progress: inout ProgressBar,
        exports: ExportWriter? = nil,
        exportSource: String? = nil
    ) throws(ReplayError) -> ReplaySummary {
        let source = exportSource ?? exports?.directory
        if options.from != nil && options.at != nil {
            throw ReplayError(
                .invalidArgument,
                "--from and --at cannot be combined (re-learn from a point, or travel to one)"
            )
        }
        if options.at != nil && options.to != nil {
            throw ReplayError(.invalidArgument, "--at already names the end point; drop --to")
        }
        let endPoint = options.at ?? options.to
        let end = try endPoint.map { (p: LogPoint) throws(ReplayError) -> UInt64 in try LogRange.end(of: p, in: log) }
        var summary = ReplaySummary(
            mode: options.at != nil ? .at : options.from != nil ? .from : .full,
            startSequence: 0,
            endSequence: 0,
            eventsFolded: 0,
            snapshotsWritten: [],
            snapshotsPruned: [],
            notices: []
        )
        var start: UInt64 = 0
        if let from = options.from {
            start = try LogRange.start(of: from, in: log)
            if let end, end < start {
                throw ReplayError(.invalidArgument, "--from \(from) starts after the end point \(endPoint!)")
            }
        } else if options.at != nil, let store, let end {
            let lookup = try store.bestSnapshot(atOrBefore: end, identities: target.identities) { snapshot in
                guard exports != nil, let source else { return nil }
                return ExportWriter.mismatch(snapshot.exportMarks, in: source)
            }
            summary.notices += lookup.notices
            if let snapshot = lookup.snapshot {
                try exports?.resume(snapshot.exportMarks, from: source)
                try target.restoreStates(snapshot.entries)
                start = snapshot.nextSequence
                summary.snapshotSequence = snapshot.nextSequence
                summary.snapshotPath = lookup.path
            }
        }
        summary.startSequence = start
        summary.endSequence = start
        // Finalized rows are rendered and written on a thread of their own while this one folds on.
        let background = exports.map { BackgroundExportWriter(writer: $0, monotonicMilliseconds: { 0 }) }
        do throws(ReplayError) {
            let snapshots = SnapshotPaths()
            try fold(target, log, options, store, &progress, background, snapshots, start: start, end: end, &summary)
            try background?.finish()
            summary.snapshotsWritten = snapshots.paths
            if summary.mode == .full, let store, options.snapshots != .disabled {
                summary.snapshotsPruned = try store.prune(options.snapshots)
            }
        } catch {
            _ = try? background?.finish()
            throw error
        }
        return summary
    }

    /// The fold loop of `run`, from `start` to `end`, with snapshots when `summary.mode` is `.full`.
    private static func fold<Log: EventLogAccess>(
        _ target: some ReplayTarget,
        _ log: Log,
        _ options: ReplayOptions,
        _ store: SnapshotStore?,
        _ progress: inout ProgressBar,
        _ exports: BackgroundExportWriter?,
        _ snapshots: SnapshotPaths,
        start: UInt64,
        end: UInt64?,
        _ summary: inout ReplaySummary
    ) throws(ReplayError) {
        // Only a replay from seq 0 produces the canonical state that snapshots promise.
        let snapshotsEnabled = summary.mode == .full && store != nil && options.snapshots != .disabled
        let stream = ReadAheadStream(try log.stream(from: start), readAhead: Log.readsAhead)
        defer { stream.cancel() }
        var sinceSnapshot: UInt64 = 0
        var lastSnapshotTime: Int64?
        while let event = try stream.next() {
            if let end, event.seq >= end { break }
            target.apply(event)
            summary.eventsFolded &+= 1
            if let exports, summary.eventsFolded % appendEveryEvents == 0 {
                try exports.submit(.init(appends: target.takeFinalizedRows(), build: nil), waitingForRoom: true)
            }
            summary.endSequence = event.seq &+ 1
            if summary.firstEventTime == nil { summary.firstEventTime = event.eventTime }
            summary.lastEventTime = event.eventTime
            if event.eventTime > (summary.maxEventTime ?? .min) { summary.maxEventTime = event.eventTime }
            progress.update(summary.eventsFolded)
            guard snapshotsEnabled else { continue }
            sinceSnapshot &+= 1
            if lastSnapshotTime == nil { lastSnapshotTime = event.eventTime }
            let elapsed = (summary.maxEventTime ?? event.eventTime) - (lastSnapshotTime ?? event.eventTime)
            if options.snapshots.isDue(eventsSinceLast: sinceSnapshot, eventTimeSinceLast: elapsed) {
                try writeSnapshot(target, next: summary.endSequence, summary, store!, exports, snapshots)
                sinceSnapshot = 0
                lastSnapshotTime = summary.maxEventTime
            }
        }
        progress.finish()
        if snapshotsEnabled, let store, sinceSnapshot > 0 {
            try writeSnapshot(target, next: summary.endSequence, summary, store, exports, snapshots)
        } else {
            try exports?.submit(.init(appends: target.takeFinalizedRows(), build: nil), waitingForRoom: true)
        }
    }

    /// The snapshot of `target` after every event before `next`.
    public static func makeSnapshot(
        _ target: some ReplayTarget,
        next: UInt64,
        lastEventTime: Int64?,
        exportMarks: [ExportMark] = []
    ) throws(ReplayError) -> Snapshot {
        Snapshot(
            nextSequence: next,
            lastEventTime: lastEventTime,
            entries: try target.captureStates(),
            exportMarks: exportMarks
        )
    }

    /// Hands finalized rows to `exports` first, so the snapshot's marks cover every row finalized before it.
    /// With a writer thread and a target that forks, the snapshot of the fork (a copy-on-write copy of the
    /// states) is encoded and written on that thread after those rows, while this thread folds on; else here.
    private static func writeSnapshot(
        _ target: some ReplayTarget,
        next: UInt64,
        _ summary: ReplaySummary,
        _ store: SnapshotStore,
        _ exports: BackgroundExportWriter?,
        _ snapshots: SnapshotPaths
    ) throws(ReplayError) {
        let lastEventTime = summary.maxEventTime
        // Without an export writer, finalized rows stay in the target (tests and diff read them there).
        guard let exports else {
            return snapshots.append(try store.write(makeSnapshot(target, next: next, lastEventTime: lastEventTime)))
        }
        let appends = target.takeFinalizedRows()
        // Forked after the rows were taken: the fork's states are exactly what this snapshot must hold.
        if let fork = target.forkForExports() {
            let writer = exports.writer
            let write = { () throws(ReplayError) in
                let snapshot = try makeSnapshot(
                    fork,
                    next: next,
                    lastEventTime: lastEventTime,
                    exportMarks: writer.appendMarks
                )
                snapshots.append(try store.write(snapshot))
            }
            return try exports.submit(.init(appends: appends, build: nil, afterAppends: [write]), waitingForRoom: true)
        }
        try exports.submit(.init(appends: appends, build: nil), waitingForRoom: true)
        var snapshot = try makeSnapshot(target, next: next, lastEventTime: lastEventTime)
        try exports.flush()
        snapshot.exportMarks = exports.writer.appendMarks
        snapshots.append(try store.write(snapshot))
    }
}

/// Paths of the snapshots a replay wrote, in order (appended on the export writer thread).
final class SnapshotPaths: @unchecked Sendable {
    private let lock = NSLock()
    private var written: [String] = []

    func append(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        written.append(path)
    }

    var paths: [String] {
        lock.lock()
        defer { lock.unlock() }
        return written
    }
}
