import ArgumentParser

/// `hindsight replay [--to SEQ|TIME] [--out DIR]`: folds the event log through every projection and learner
/// (the newest version of each registered fold) and writes their exports atomically under a bot-root layout.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Fold the event log through every projection and learner and write their exports.",
        discussion: """
            Runs the newest version of every registered fold (see `hindsight learners`) over the whole log, or \
            up to --to, and writes each export atomically (temp + fsync + rename) under --out, laid out like a \
            bot root: DIR/feature_store/*.json, DIR/logs/*.jsonl. The default DIR is the root itself, so the \
            bot reads the files where it always did. The same log always gives byte-identical files.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Stop after this point: a sequence number (inclusive) or an ISO 8601 UTC time.")
    var to: String?
    @Option(help: "Directory to write exports into (default: the root).")
    var out: String?
    @OptionGroup var replay: ReplayPointOptions

    func run() throws {
        try replay.execute(root: global.root, to: to, out: out ?? global.root)
    }
}
