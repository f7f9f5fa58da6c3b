import ArgumentParser
import EventLog
import Glibc
import HindsightJSON
import Ingest
import Synchronization

/// Set by SIGINT/SIGTERM; the follow loop finishes its round, commits and exits 0.
private let stopRequested = Atomic<Bool>(false)

/// `hindsight ingest`: appends every new record of the bot's files to the event log, exactly once.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Append the bot's new records to the event log, exactly once.",
        discussion: """
            Reads logs/signals.jsonl, logs/signal_outcomes.jsonl, state/blocked_trades.jsonl (append-only, \
            only complete lines) and logs/positions_futures.json (rewritten in place; diffed against the log). \
            Every record becomes one event or one RecordRejected event. Source positions are committed in the \
            same frame as their events, so a kill at any moment loses and doubles nothing.

            With --once: ingest every complete record present, print a summary per source and exit. Without it: \
            follow the sources until SIGINT/SIGTERM, then commit and exit 0 (the summary goes to stderr).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Ingest what is present now and exit.")
    var once = false

    @Flag(name: .long, help: "Print the summary as JSON.")
    var json = false

    @Option(name: .long, help: "Event log directory (default: <root>/logs/events).")
    var log: String?

    @Option(name: .long, help: "Path of signals.jsonl, relative to --root or absolute.")
    var signals = "logs/signals.jsonl"

    @Option(name: .customLong("signal-outcomes"), help: "Path of signal_outcomes.jsonl.")
    var signalOutcomes = "logs/signal_outcomes.jsonl"

    @Option(name: .customLong("blocked-trades"), help: "Path of blocked_trades.jsonl.")
    var blockedTrades = "state/blocked_trades.jsonl"

    @Option(name: .long, help: "Path of positions_futures.json.")
    var positions = "logs/positions_futures.json"

    @Option(name: .customLong("poll-interval-ms"), help: "How often sources are looked at when following.")
    var pollIntervalMilliseconds = 200

    @Option(name: .customLong("max-line-bytes"), help: "Longer lines are rejected as line_too_long.")
    var maxLineBytes = 1 << 20

    @Option(
        name: .customLong("compression-level"),
        parsing: .unconditional,
        help: """
            zstd level of new frames: 3 (default); 1 or a negative level (e.g. -1) costs less CPU and more disk; \
            higher compresses more, slower.
            """
    )
    var compressionLevel: Int32 = 3

    @Option(name: .long, help: "When frames are fsynced: every-frame, never, or a group-commit interval in ms.")
    var fsync = "every-frame"

    func validate() throws {
        guard pollIntervalMilliseconds > 0 else { throw ValidationError("--poll-interval-ms must be positive") }
        guard maxLineBytes > 0 else { throw ValidationError("--max-line-bytes must be positive") }
        let levels = EventLogConfiguration.supportedCompressionLevels
        guard levels.contains(compressionLevel) else {
            throw ValidationError("--compression-level must be in \(levels.lowerBound)...\(levels.upperBound)")
        }
        guard durability != nil else {
            throw ValidationError("--fsync must be every-frame, never or a number of milliseconds")
        }
    }

    private var durability: EventLogConfiguration.Durability? {
        switch fsync {
        case "every-frame": .everyFrame
        case "never": .never
        default: Int(fsync).flatMap { $0 > 0 ? .interval(milliseconds: $0) : nil }
        }
    }

    func run() throws {
        let sources = [
            SourceSpec(id: .signals, path: signals, kind: .lines(.signals)),
            SourceSpec(id: .signalOutcomes, path: signalOutcomes, kind: .lines(.signalOutcomes)),
            SourceSpec(id: .blockedTrades, path: blockedTrades, kind: .lines(.blockedTrades)),
            SourceSpec(id: .positions, path: positions, kind: .positionsDocument),
        ]
        let configuration = IngestConfiguration(
            root: global.root,
            sources: sources,
            tailer: TailerConfiguration(maxLineBytes: maxLineBytes),
            pollIntervalMilliseconds: pollIntervalMilliseconds
        )
        let directory = log ?? EventLogConfiguration.directory(forRoot: global.root)
        var isDirectory = stat()
        guard stat(global.root, &isDirectory) == 0, (isDirectory.st_mode & S_IFMT) == S_IFDIR else {
            printError("hindsight ingest: the root \(global.root) is not a directory")
            throw ExitCode(1)
        }
        do {
            let eventLog = try EventLogIngestLog(
                directory: directory,
                configuration: EventLogConfiguration(
                    compressionLevel: compressionLevel,
                    durability: durability ?? .everyFrame
                )
            )
            if let report = eventLog.writer.recoveryReport {
                printError("hindsight: recovered the event log: \(report)")
            }
            let ingester = try Ingester(
                configuration: configuration,
                log: eventLog,
                clock: wallClockMicroseconds
            )
            if once {
                try ingester.runOnce()
            } else {
                try follow(ingester)
            }
            try eventLog.close()
            report(ingester.summary, toStandardError: false)
        } catch {
            printError("hindsight ingest: \(error.message)")
            throw ExitCode(error.code == .invalidLog ? 2 : 1)
        }
    }

    private func follow(_ ingester: Ingester) throws(IngestError) {
        signal(SIGINT) { _ in stopRequested.store(true, ordering: .relaxed) }
        signal(SIGTERM) { _ in stopRequested.store(true, ordering: .relaxed) }
        while !stopRequested.load(ordering: .relaxed) {
            if try ingester.step() { continue }
            usleep(UInt32(min(pollIntervalMilliseconds, 60_000)) * 1000)
        }
        try ingester.step()
    }

    private func report(_ summary: IngestSummary, toStandardError: Bool) {
        let text = json ? JSONWriter.compact.string(summary.jsonValue) : summary.textLines.joined(separator: "\n")
        if toStandardError { printError(text) } else { print(text) }
    }
}

private let wallClockMicroseconds: @Sendable () -> Int64 = {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
}
