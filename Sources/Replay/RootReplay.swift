public import HindsightJSON
public import Projections

/// `hindsight replay` over a bot root in one call: the default pipeline (newest version of every fold), the
/// on-disk log, the snapshot store, exports written under `out` (default: the root itself).
public enum RootReplay {
    public struct Result: Sendable {
        public var summary: ReplaySummary
        /// Export paths (relative) whose bytes changed and were written.
        public var written: [String]
        public var exports: [String]
        public var outDirectory: String
        /// Wall time of the replay (fold loop only, not the export writing), in seconds.
        public var seconds: Double
    }

    public static func run(
        root: String,
        options: ReplayOptions,
        out: String?,
        pipelineConfiguration: PipelineConfiguration = PipelineConfiguration(),
        showProgress: Bool
    ) throws(ReplayError) -> Result {
        let target = PipelineTarget(
            try ReplayCatalog.defaultPipeline(try ReplayCatalog.registry(), configuration: pipelineConfiguration)
        )
        let log = try DiskEventLog(root: root)
        let total = try log.endSequence() ?? 0
        var progress = ProgressBar(label: "replay", total: total, enabled: showProgress && ProgressBar.stderrIsTerminal)
        let directory = out ?? root
        let writer = ExportWriter(directory: directory, dropsAppendsFromCache: true)
        var options = options
        // Snapshots record the append-only files' marks; they describe the root's files only when the
        // exports go to the root.
        if FileIO.canonical(directory) != FileIO.canonical(root) { options.snapshots = .disabled }
        let started = SystemRunClock.monotonicNanoseconds()
        let summary = try ReplayEngine.run(
            target: target,
            log: log,
            options: options,
            store: SnapshotStore(root: root),
            progress: &progress,
            exports: writer,
            exportSource: root
        )
        let seconds = Double(SystemRunClock.monotonicNanoseconds() - started) / 1e9
        let files = try target.exports()
        let written = try writer.write(files)
        let appended = writer.appendMarks.map(\.relativePath)
        return Result(
            summary: summary,
            written: (written + appended).sorted(),
            exports: (files.map(\.relativePath) + appended).sorted(),
            outDirectory: directory,
            seconds: seconds
        )
    }
}

extension RootReplay.Result {
    /// One paragraph for humans.
    public func renderText() -> String {
        var lines: [String] = []
        let s = summary
        let rate = seconds > 0 ? Double(s.eventsFolded) / seconds : 0
        var from = "seq \(s.startSequence)"
        if let snap = s.snapshotSequence { from = "snapshot at seq \(snap)" }
        if s.mode == .from { from = "seq \(s.startSequence) with initial state (--from)" }
        lines.append(
            "replayed \(s.eventsFolded) events (\(from) ..< seq \(s.endSequence)) in "
                + "\(String(format2(seconds))) s, \(Int(rate)) events/s"
        )
        if let first = s.firstEventTime, let last = s.maxEventTime {
            lines.append("event time \(ISOTimestamp.format(first)) .. \(ISOTimestamp.format(last))")
        }
        lines.append("exports: \(exports.count) in \(outDirectory) (\(written.count) changed)")
        if !s.snapshotsWritten.isEmpty || !s.snapshotsPruned.isEmpty {
            lines.append("snapshots: \(s.snapshotsWritten.count) written, \(s.snapshotsPruned.count) pruned")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `--json` summary.
    public func json() -> JSONValue {
        let s = summary
        return [
            "mode": .string(s.mode.rawValue),
            "start_seq": .int(Int64(s.startSequence)),
            "end_seq": .int(Int64(s.endSequence)),
            "events_folded": .int(Int64(s.eventsFolded)),
            "snapshot_seq": s.snapshotSequence.map { .int(Int64($0)) } ?? .null,
            "snapshot_path": JSONValue(s.snapshotPath),
            "first_event_time": s.firstEventTime.map { .string(ISOTimestamp.format($0)) } ?? .null,
            "max_event_time": s.maxEventTime.map { .string(ISOTimestamp.format($0)) } ?? .null,
            "seconds": .double(seconds),
            "events_per_second": .double(seconds > 0 ? Double(s.eventsFolded) / seconds : 0),
            "out": .string(outDirectory),
            "exports": .array(exports.map { .string($0) }),
            "exports_changed": .array(written.map { .string($0) }),
            "snapshots_written": .array(s.snapshotsWritten.map { .string($0) }),
            "snapshots_pruned": .array(s.snapshotsPruned.map { .string($0) }),
            "notices": .array(s.notices.map { .string($0) }),
        ]
    }
}

private func format2(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}
