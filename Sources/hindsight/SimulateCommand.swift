import ArgumentParser
import Simulator
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Set by SIGINT/SIGTERM during `simulate --live` (a C signal handler can only touch globals).
private let stopRequested = Atomic<Bool>(false)

/// `hindsight simulate`: writes a bot root from a seeded market whose truth is known.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write a simulated bot root (logs/, state/, truth.json) from a seeded market with planted truth.",
        discussion: """
            Batch mode writes logs/signals.jsonl, logs/signal_outcomes.jsonl, state/blocked_trades.jsonl, \
            logs/positions_futures.json and truth.json into --out, byte-identical for the same arguments. \
            --live keeps appending at --rate records/s (simulated time starts now, mapped to wall time by \
            --speed) and replaces the positions document atomically, until SIGINT/SIGTERM. \
            See docs/simulator.md.
            """
    )

    @Option(name: .long, help: "Directory to write the bot root into (created if missing).")
    var out: String

    @Option(name: .long, help: "Root seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Simulated days (batch mode).")
    var days: Double = 7

    @Option(name: .long, help: "Number of symbols.")
    var symbols: Int = 8

    @Option(name: .long, help: "Bot evaluations per simulated hour over all symbols (batch mode).")
    var evaluationsPerHour: Double = 30

    @Option(name: .long, help: "Live mode: records per second of wall time.")
    var rate: Double?

    @Option(name: .long, help: "Live mode: simulated seconds per wall-clock second.")
    var speed: Double = 1

    @Flag(name: .long, help: "Keep writing like a running bot until stopped (SIGINT/SIGTERM).")
    var live = false

    @Flag(name: .long, help: "Use the committed sample's configuration (ignores --seed/--days/--symbols).")
    var sample = false

    func validate() throws {
        guard symbols > 0, days >= 0, evaluationsPerHour > 0, speed > 0 else {
            throw ValidationError("--symbols, --evaluations-per-hour and --speed must be positive, --days ≥ 0")
        }
        if let rate, rate <= 0 { throw ValidationError("--rate must be positive") }
        if rate != nil && !live { throw ValidationError("--rate applies to --live runs only") }
    }

    func run() throws {
        var config =
            sample
            ? SimulatorConfiguration.committedSample
            : SimulatorConfiguration(
                seed: seed,
                days: days,
                symbolCount: symbols,
                evaluationsPerHour: evaluationsPerHour
            )
        do {
            if live {
                signal(SIGINT) { _ in stopRequested.store(true, ordering: .relaxed) }
                signal(SIGTERM) { _ in stopRequested.store(true, ordering: .relaxed) }
                config.days = 1
                let run = LiveBotRun(configuration: config, root: out, recordsPerSecond: rate ?? 20, speed: speed)
                let truth = try run.run(clock: SystemLiveClock()) { stopRequested.load(ordering: .relaxed) }
                let written = truth.files.values.reduce(0) { $0 + $1.records }
                print("simulate --live: stopped after \(written) records; truth in \(out)/truth.json")
            } else {
                let (truth, bytes) = try BotSimulator.writeBotRoot(configuration: config, root: out)
                let records = truth.files.keys.sorted().map { "\($0)=\(truth.files[$0]!.records)" }
                print(
                    "simulate: wrote \(bytes) bytes to \(out) (\(records.joined(separator: ", "))); truth in \(out)/truth.json"
                )
            }
        } catch {
            StandardError.emit("hindsight simulate: \(error.message)\n")
            throw ExitCode(1)
        }
    }
}

/// Writes one line to stderr without Foundation.
enum StandardError {
    static func emit(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }
}
