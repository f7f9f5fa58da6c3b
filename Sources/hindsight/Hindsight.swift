import ArgumentParser

/// The `hindsight` command: parses arguments and prints results; all work happens in the library modules.
@main
struct Hindsight: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hindsight",
        abstract: "An event-sourced learning engine beside a trading bot.",
        discussion: """
            hindsight tails the files a trading bot writes, appends every record exactly once to a \
            zstd-compressed event log, and folds that log into the learned parameters the bot reads.

            Exit codes: 0 success; 1 runtime error (I/O, unreadable input); 2 the log or its input is \
            invalid (verification failed, corruption found); 64 usage error.
            """,
        subcommands: [
            // Each command lives in its own file; add yours here.
            DemoCommand.self,
            IngestCommand.self,
            LogCommand.self,
            ReplayCommand.self,
            RunCommand.self,
            DiffCommand.self,
            SnapshotCommand.self,
            LearnersCommand.self,
            SimulateCommand.self,
        ]
    )
}
