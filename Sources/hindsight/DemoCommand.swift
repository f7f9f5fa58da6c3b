import ArgumentParser
import EventLog
import Foundation
import HindsightJSON
import Ingest
import Replay
import Simulator

/// `hindsight demo`: the main job on a bot root in one command (what `make demo` runs on the committed sample):
/// ingest every complete record exactly once, fold the log through every projection and learner, write the
/// exports where the bot reads them, and print a summary a trader can read, with the planted truth next to what
/// was learned when the root is a simulated one (`truth.json`).
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Ingest a bot root, fold it, write the exports and print a summary (planted truth vs learned).",
        discussion: """
            Equivalent to `hindsight ingest --once`, then `hindsight replay`, then a summary. Running it again \
            appends nothing (every record is already in the log) and writes byte-identical exports.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Planted truth to compare with (default: ROOT/truth.json when it exists).")
    var truth: String?

    func run() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: global.root, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            printError("hindsight demo: the root \(global.root) is not a directory")
            throw ExitCode(1)
        }
        print("== 1. ingest (exactly once) from \(global.root)")
        let summary = try ingest()
        for line in summary.textLines { print("  " + line) }

        print("\n== 2. replay every projection and learner, write the exports")
        let replay: RootReplay.Result
        do {
            replay = try RootReplay.run(root: global.root, options: ReplayOptions(), out: nil, showProgress: false)
        } catch {
            printError("hindsight demo: \(error)")
            throw ExitCode(1)
        }
        for line in replay.renderText().split(separator: "\n") { print("  " + line) }

        print("\n== 3. what the log holds")
        let statistics: EventLogStatistics
        do {
            statistics = try EventLogStatistics.compute(
                directory: EventLogConfiguration.directory(forRoot: global.root)
            )
        } catch {
            printError("hindsight demo: \(error)")
            throw ExitCode(1)
        }
        print("  \(statistics.events) events")
        printTable(statistics.eventsByKind.map { [$0.name, String($0.count)] }, indent: "    ")
        if statistics.rejectionsByReason.isEmpty {
            print("  no rejected records")
        } else {
            print("  rejected records by reason (see `hindsight log cat --json` for file, byte range and bytes):")
            printTable(statistics.rejectionsByReason.map { [$0.name, String($0.count)] }, indent: "    ")
        }

        let truthPath = truth ?? global.root + "/truth.json"
        guard FileManager.default.fileExists(atPath: truthPath) else {
            print("\n(no \(truthPath): not a simulated root, so there is no planted truth to compare with)")
            return
        }
        try compare(truthPath: truthPath)
    }

    private func ingest() throws -> IngestSummary {
        do {
            let log = try EventLogIngestLog(
                directory: EventLogConfiguration.directory(forRoot: global.root),
                configuration: EventLogConfiguration()
            )
            if let report = log.writer.recoveryReport { printError("hindsight: recovered the event log: \(report)") }
            let clock = SystemRunClock()
            let ingester = try Ingester(
                configuration: IngestConfiguration(root: global.root),
                log: log,
                clock: { clock.wallMicros() }
            )
            try ingester.runOnce()
            try log.close()
            return ingester.summary
        } catch {
            printError("hindsight demo: \(error.message)")
            throw ExitCode(error.code == .invalidLog ? 2 : 1)
        }
    }

    private func compare(truthPath: String) throws {
        let planted: PlantedTruth
        do {
            planted = try PlantedTruth.load(from: truthPath)
        } catch {
            printError("hindsight demo: \(error)")
            throw ExitCode(1)
        }
        var exports: [String: JSONValue] = [:]
        let parser = JSONParser()
        for path in TruthComparison.exportPaths {
            guard let data = FileManager.default.contents(atPath: global.root + "/" + path) else { continue }
            exports[path] = try? parser.value(Array(data))
        }
        let comparison = TruthComparison(truth: planted, exports: exports)
        print("\n== 4. planted truth (\(truthPath)) next to what was learned")
        for section in comparison.sections {
            print("  \(section.title)")
            let rows = section.rows.map { row in
                [row.subject, row.planted, row.learned, row.agrees.map { $0 ? "ok" : "MISSED" } ?? ""]
            }
            printTable([["", "planted", "learned", ""]] + rows, indent: "    ")
        }
        let (agreeing, judged) = comparison.score
        print("\n  recovered \(agreeing) of \(judged) planted facts that can be judged")
    }

    private func printTable(_ rows: [[String]], indent: String) {
        guard let columns = rows.map(\.count).max() else { return }
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        for row in rows {
            let cells = row.enumerated().map { c, cell in
                c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
            }
            print(indent + cells.joined(separator: "  "))
        }
    }
}
