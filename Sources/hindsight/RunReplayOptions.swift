import ArgumentParser
import Replay

/// The replay options owned by Replay (`--from`, `--at`, `--json`, `--no-progress`), for the `replay` command
/// (whose file belongs to Projections) to include with `@OptionGroup var replay: ReplayPointOptions` and run
/// with `replay.execute(root:to:out:)`.
struct ReplayPointOptions: ParsableArguments {
    @Option(help: "Re-learn from this point (SEQ or ISO time): folds start from their initial state there.")
    var from: String?
    @Option(help: "Time travel: the state as of this point (SEQ or ISO time), from the nearest valid snapshot.")
    var at: String?
    @Flag(help: "Print a JSON summary instead of text.")
    var json = false
    @Flag(name: .customLong("no-progress"), help: "No progress bar (it only shows on a terminal anyway).")
    var noProgress = false

    /// Runs the replay and prints the summary; `to` and `out` come from the `replay` command's own options.
    func execute(root: String, to: String?, out: String?) throws {
        do throws(ReplayError) {
            let options = ReplayOptions(
                from: try ReplayCLI.point(from, option: "--from"),
                at: try ReplayCLI.point(at, option: "--at"),
                to: try ReplayCLI.point(to, option: "--to")
            )
            let result = try RootReplay.run(root: root, options: options, out: out, showProgress: !json && !noProgress)
            for notice in result.summary.notices { ReplayCLI.notice(notice) }
            if json {
                ReplayCLI.printJSON(result.json())
            } else {
                print(result.renderText(), terminator: "")
            }
        } catch {
            throw ReplayCLI.fail(error)
        }
    }
}
