import ArgumentParser
import HindsightJSON
import Projections
import Replay

/// `hindsight snapshot export|list`.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Export the state as of a point, or list the saved snapshots.",
        subcommands: [SnapshotExportCommand.self, SnapshotListCommand.self]
    )
}

/// `hindsight snapshot export [--at SEQ|TIME] --out DIR`: every export as of that point, written atomically.
struct SnapshotExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every export (feature_store/*.json, JSONL exports) as of a point into DIR.",
        discussion: """
            Starts from the nearest valid snapshot at or before the point (stale or damaged snapshots are \
            skipped with a notice) and folds forward. Each file is written atomically (temp + fsync + rename).
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "The point: SEQ or ISO time (default: the end of the log).") var at: String?
    @Option(help: "Directory to write the exports into (created if missing).") var out: String
    @Flag(help: "Print a JSON summary.") var json = false

    func run() throws {
        do throws(ReplayError) {
            let registry = try ReplayCatalog.registry()
            let target = PipelineTarget(try ReplayCatalog.defaultPipeline(registry))
            let log = try DiskEventLog(root: global.root)
            let end = try log.endSequence() ?? 0
            guard end > 0 else { throw ReplayError(.invalidArgument, "the event log is empty: nothing to export") }
            let point = try ReplayCLI.point(at, option: "--at") ?? .sequence(end - 1)
            var progress = ProgressBar(label: "export", total: 0, enabled: !json && ProgressBar.stderrIsTerminal)
            let writer = ExportWriter(directory: out)
            let summary = try ReplayEngine.run(
                target: target,
                log: log,
                options: ReplayOptions(at: point),
                store: SnapshotStore(root: global.root),
                progress: &progress,
                exports: writer,
                exportSource: global.root
            )
            for notice in summary.notices { ReplayCLI.notice(notice) }
            let whole = try target.exports()
            try writer.write(whole)
            let files = (whole.map(\.relativePath) + writer.appendMarks.map(\.relativePath)).sorted()
            if json {
                ReplayCLI.printJSON([
                    "at": .string(point.description),
                    "end_seq": .int(Int64(summary.endSequence)),
                    "snapshot_seq": summary.snapshotSequence.map { .int(Int64($0)) } ?? .null,
                    "events_folded": .int(Int64(summary.eventsFolded)),
                    "out": .string(out),
                    "files": .array(files.map { .string($0) }),
                    "notices": .array(summary.notices.map { .string($0) }),
                ])
            } else {
                let from = summary.snapshotSequence.map { "snapshot at seq \($0)" } ?? "the start of the log"
                print(
                    "state as of seq \(summary.endSequence) - 1 (\(point)), from \(from) + \(summary.eventsFolded) events"
                )
                for file in files { print("  \(out)/\(file)") }
            }
        } catch {
            throw ReplayCLI.fail(error)
        }
    }
}

/// `hindsight snapshot list`: the snapshots on disk and whether the running code can use them.
struct SnapshotListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List saved snapshots.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        do throws(ReplayError) {
            let store = SnapshotStore(root: global.root)
            let identities = PipelineTarget(try ReplayCatalog.defaultPipeline(try ReplayCatalog.registry())).identities
            var rows: [JSONValue] = []
            for info in try store.list() {
                // Usable = the running code's identities and the root's append-only exports still match it.
                let usable = try store.bestSnapshot(atOrBefore: info.nextSequence, identities: identities) {
                    ExportWriter.mismatch($0.exportMarks, in: global.root)
                }
                let ok = usable.snapshot?.nextSequence == info.nextSequence
                rows.append([
                    "path": .string(info.path),
                    "next_seq": .int(Int64(info.nextSequence)),
                    "event_time": info.lastEventTime.map { .string(ISOTimestamp.format($0)) } ?? .null,
                    "usable": .bool(ok),
                    "notice": ok ? .null : .string(usable.notices.first ?? "not usable"),
                ])
                if !json {
                    let time = info.lastEventTime.map(ISOTimestamp.format) ?? "-"
                    print(
                        "\(info.nextSequence)\t\(time)\t\(ok ? "usable" : "refused: " + (usable.notices.first ?? ""))\t\(info.path)"
                    )
                }
            }
            if json { ReplayCLI.printJSON(["snapshots": .array(rows)]) }
        } catch {
            throw ReplayCLI.fail(error)
        }
    }
}
