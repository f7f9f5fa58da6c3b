import ArgumentParser
import HindsightJSON
import Replay

/// `hindsight run`: ingest continuously, fold incrementally, write exports when they change, snapshot, and
/// resume after a restart from the last snapshot plus the log. SIGINT/SIGTERM: finish the current frame,
/// write exports, exit 0.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Tail the bot's files and keep every export up to date (until SIGINT/SIGTERM)."
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("debounce-ms"), help: "Write exports at most this long after a change.")
    var debounceMilliseconds: Int64 = 1000
    @Option(name: .customLong("poll-ms"), help: "Sleep between rounds when nothing new arrived.")
    var pollMilliseconds: Int64 = 10
    @Option(name: .customLong("snapshot-every"), help: "Snapshot after this many events (0: off).")
    var snapshotEvery: UInt64 = 1_000_000
    @Option(name: .customLong("snapshot-every-hours"), help: "Snapshot after this many hours of event time (0: off).")
    var snapshotEveryHours: Int64 = 720
    @Option(name: .customLong("keep-snapshots"), help: "Keep this many newest snapshots (plus one per day).")
    var keepSnapshots: Int = 3
    @Option(name: .customLong("keep-daily-days"), help: "Keep the newest snapshot of each of this many days.")
    var keepDailyDays: Int = 30
    @Flag(name: .customLong("no-ingest"), help: "Follow a log written by another `hindsight ingest` process.")
    var noIngest = false
    @Flag(help: "Print the final summary as JSON (with latency percentiles).") var json = false

    func run() throws {
        ShutdownSignal.install()
        let snapshots = SnapshotConfiguration(
            everyEvents: snapshotEvery > 0 ? snapshotEvery : nil,
            everyEventTime: snapshotEveryHours > 0 ? snapshotEveryHours * 3_600_000_000 : nil,
            keepLast: keepSnapshots,
            keepDailyDays: keepDailyDays
        )
        do throws(ReplayError) {
            let pipeline = try ReplayCatalog.defaultPipeline(try ReplayCatalog.registry())
            let session = try RunSession(
                root: global.root,
                pipeline: pipeline,
                configuration: RunConfiguration(
                    exportDebounceMilliseconds: debounceMilliseconds,
                    pollIntervalMilliseconds: pollMilliseconds,
                    snapshots: snapshots
                ),
                ingest: !noIngest
            )
            for notice in try session.loop.start() { ReplayCLI.notice(notice) }
            let resumed = session.loop.currentSummary
            if !json {
                let from = resumed.resumedFromSnapshot.map { "snapshot at seq \($0)" } ?? "the start of the log"
                ReplayCLI.notice(
                    "run: resumed from \(from), caught up \(resumed.catchUpEvents) events; following \(global.root)"
                )
            }
            let summary = try session.loop.run(until: { ShutdownSignal.isRequested })
            try session.close()
            let p50 = summary.latency.percentile(0.5)
            let p99 = summary.latency.percentile(0.99)
            if json {
                ReplayCLI.printJSON([
                    "resumed_from_snapshot": summary.resumedFromSnapshot.map { .int(Int64($0)) } ?? .null,
                    "catch_up_events": .int(Int64(summary.catchUpEvents)),
                    "live_events": .int(Int64(summary.liveEvents)),
                    "next_seq": .int(Int64(summary.nextSequence)),
                    "export_writes": .int(Int64(summary.exportWrites)),
                    "snapshots_written": .int(Int64(summary.snapshotsWritten)),
                    "signal": .int(Int64(ShutdownSignal.received)),
                    "latency_samples": .int(Int64(summary.latency.count)),
                    "latency_p50_ms": .double(Double(p50) / 1000),
                    "latency_p99_ms": .double(Double(p99) / 1000),
                    "latency_max_ms": .double(Double(summary.latency.maxMicros) / 1000),
                    "decision_whole_second_ts_latency_p50_ms": .double(
                        Double(summary.wholeSecondLatency.percentile(0.5)) / 1000
                    ),
                    "decision_whole_second_ts_latency_p99_ms": .double(
                        Double(summary.wholeSecondLatency.percentile(0.99)) / 1000
                    ),
                    "ingest_to_effect_p50_ms": .double(Double(summary.ingestLatency.percentile(0.5)) / 1000),
                    "ingest_to_effect_p99_ms": .double(Double(summary.ingestLatency.percentile(0.99)) / 1000),
                    "ingest_to_effect_max_ms": .double(Double(summary.ingestLatency.maxMicros) / 1000),
                    "rounds": .int(Int64(summary.rounds)),
                    "ingest_ms": .int(summary.ingestMilliseconds),
                    "fold_ms": .int(summary.foldMilliseconds),
                    "export_ms": .int(summary.exportMilliseconds),
                ])
            } else {
                ReplayCLI.notice(
                    "run: stopped by signal \(ShutdownSignal.received); \(summary.liveEvents) live events folded, "
                        + "log at seq \(summary.nextSequence), exports written, snapshot saved; "
                        + "append-to-effect latency p50 \(Double(p50) / 1000) ms, p99 \(Double(p99) / 1000) ms "
                        + "(\(summary.latency.count) samples)"
                )
            }
        } catch {
            throw ReplayCLI.fail(error)
        }
    }
}
