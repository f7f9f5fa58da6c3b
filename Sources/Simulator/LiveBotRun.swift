#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock access for live runs, injected so the library itself never reads the clock.
public protocol LiveClock {
    /// Current wall-clock time, UTC microseconds.
    func nowMicros() -> Int64
    /// Blocks the calling thread for about `micros`.
    func sleep(micros: Int64)
}

/// The real clock (`CLOCK_REALTIME` and `nanosleep`); the CLI passes it to live runs.
public struct SystemLiveClock: LiveClock, Sendable {
    public init() {}

    public func nowMicros() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }

    public func sleep(micros: Int64) {
        guard micros > 0 else { return }
        var request = timespec(tv_sec: Int(micros / 1_000_000), tv_nsec: Int(micros % 1_000_000) * 1000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { return }
    }
}

/// `hindsight simulate --live`: a bot that keeps writing until stopped.
///
/// Simulated time starts at the wall clock's now and is mapped to wall time with `speed` (1 = real time, so
/// every record carries the current time; 60 = an hour of bot activity per minute, so outcomes, which the
/// resolver writes an hour after their signal, show up sooner). The evaluation rate is derived from `rate`
/// (records per second of wall time). Lines are appended one `write(2)` each; the positions document is
/// replaced atomically after every change.
public struct LiveBotRun: Sendable {
    public var configuration: SimulatorConfiguration
    public var root: String
    public var recordsPerSecond: Double
    public var speed: Double

    public init(configuration: SimulatorConfiguration, root: String, recordsPerSecond: Double, speed: Double = 1) {
        self.configuration = configuration
        self.root = root
        self.recordsPerSecond = recordsPerSecond
        self.speed = speed
    }

    /// Runs until `shouldStop()` returns true (polled between records and during pacing sleeps), then writes
    /// `truth.json` and returns it. `truth.json` is also written (planted facts, nothing realized yet) at start.
    public func run(clock: some LiveClock, shouldStop: @escaping () -> Bool) throws(SimulatorError) -> PlantedTruth {
        guard recordsPerSecond > 0, speed > 0 else {
            throw SimulatorError(.invalidConfiguration, "--rate and --speed must be positive")
        }
        var config = configuration
        config.startMicros = clock.nowMicros()
        config.evaluationsPerHour = recordsPerSecond * 3600 / (SimulatorConfiguration.recordsPerEvaluation * speed)
        config.days = 1  // only fixes the outcome `Z` cutover (after 30 % of a day); live runs have no end
        let files = try BotRootFileSink(root: root, live: true)
        var simulator = BotSimulator(configuration: config)
        var empty = InMemoryBotRoot()
        var preview = BotSimulator(configuration: config)
        let planted = try preview.generate(into: &empty, until: config.startMicros)
        try BotRootFileSink.replaceAtomically(planted.encoded(), path: root + "/truth.json")

        var sink = PacedSink(
            files: files,
            clock: clock,
            simStart: config.startMicros,
            wallStart: clock.nowMicros(),
            speed: speed,
            shouldStop: shouldStop
        )
        let truth = try simulator.generate(into: &sink, until: .max, shouldStop: shouldStop)
        try BotRootFileSink.replaceAtomically(truth.encoded(), path: root + "/truth.json")
        return truth
    }
}

/// Delays each record until its simulated time maps to the present, then writes it through.
private struct PacedSink<Clock: LiveClock>: BotRecordSink {
    let files: BotRootFileSink
    let clock: Clock
    let simStart: Int64
    let wallStart: Int64
    let speed: Double
    let shouldStop: () -> Bool
    var stopped = false
    var wantsEveryPositionsVersion: Bool { true }

    mutating func append(_ line: [UInt8], to file: BotFile, at micros: Int64) throws(SimulatorError) {
        let deadline = wallStart + Int64(Double(micros - simStart) / speed)
        while !stopped {
            let wait = deadline - clock.nowMicros()
            if wait <= 0 { break }
            clock.sleep(micros: min(wait, 50_000))
            if shouldStop() { stopped = true }
        }
        try files.append(line, to: file, at: micros)
    }

    mutating func replacePositions(_ document: [UInt8], at micros: Int64) throws(SimulatorError) {
        try files.replacePositions(document, at: micros)
    }
}
