import ArgumentParser
import HindsightJSON
import Replay

/// `hindsight diff A B`: replays two learner versions (or configurations) over the same events in one pass.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two learner versions or configurations over the same events.",
        discussion: """
            Each side is name@version (or name for the newest), e.g. `hindsight diff allocation@1 allocation@2` \
            or `hindsight diff signal_weights@1 signal_weights@1 --set-b maxChangePct=0.1`. The report shows the \
            first divergent event and its record, the final differences per key, the divergence per day, and \
            an outcome-based comparison on the realized history. See docs/diff.md and `hindsight learners`.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Side A: name@version.") var a: String
    @Argument(help: "Side B: name@version.") var b: String

    @Option(name: .customLong("set-a"), help: "Override a configuration key of side A (key=value, repeatable).")
    var setA: [String] = []
    @Option(name: .customLong("set-b"), help: "Override a configuration key of side B (key=value, repeatable).")
    var setB: [String] = []
    @Option(name: .customLong("config-a"), help: "JSON file of configuration keys for side A.")
    var configA: String?
    @Option(name: .customLong("config-b"), help: "JSON file of configuration keys for side B.")
    var configB: String?
    @Option(help: "First event: SEQ or ISO time (default: the start of the log).") var from: String?
    @Option(help: "Last event: SEQ or ISO time (default: the end of the log).") var to: String?
    @Flag(help: "Print the report as JSON.") var json = false

    func run() throws {
        do throws(ReplayError) {
            let registry = try ReplayCatalog.registry()
            let sideA = try ReplayCatalog.diffSide(
                a,
                overrides: try ReplayCLI.overrides(setA, file: configA, option: "--set-a"),
                registry: registry
            )
            let sideB = try ReplayCatalog.diffSide(
                b,
                overrides: try ReplayCLI.overrides(setB, file: configB, option: "--set-b"),
                registry: registry
            )
            let log = try DiskEventLog(root: global.root)
            let fromPoint = try ReplayCLI.point(from, option: "--from")
            let toPoint = try ReplayCLI.point(to, option: "--to")
            var progress = ProgressBar(
                label: "diff",
                total: (try log.endSequence()) ?? 0,
                enabled: !json && ProgressBar.stderrIsTerminal
            )
            let report = try DiffEngine.run(
                a: sideA,
                b: sideB,
                log: log,
                from: fromPoint,
                to: toPoint,
                progress: &progress
            )
            if json {
                ReplayCLI.printJSON(report.json())
            } else {
                print(report.renderText(), terminator: "")
            }
        } catch {
            throw ReplayCLI.fail(error)
        }
    }
}
