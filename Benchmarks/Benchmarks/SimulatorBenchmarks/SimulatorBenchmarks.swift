import Benchmark
import Foundation
import Simulator

#if canImport(Glibc)
import Glibc
#endif

/// Generation throughput of the simulator (MB/s of bot-root bytes written), next to a baseline measured in the
/// same run: Foundation `JSONSerialization` encoding the same outcome records (the obvious way to write JSON
/// without the simulator's byte-level writer). See docs/benchmarks.md.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [
            .wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, megabytesPerSecond, megabytesPerCPUSecond,
        ],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 5
    )

    Benchmark("generate in memory: 2 days, 8 symbols, 60 evaluations/h") { benchmark in
        var sink = InMemoryBotRoot()
        var simulator = BotSimulator(configuration: SimulatorBenchmarkData.configuration)
        let start = Span()
        benchmark.startMeasurement()
        _ = try simulator.generate(into: &sink)
        benchmark.stopMeasurement()
        report(benchmark, bytes: sink.totalBytes, since: start)
    }

    Benchmark("generate to disk (BotSimulator.writeBotRoot): same configuration") { benchmark in
        let root = SimulatorBenchmarkData.temporaryDirectory("disk")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let start = Span()
        benchmark.startMeasurement()
        let (_, bytes) = try BotSimulator.writeBotRoot(configuration: SimulatorBenchmarkData.configuration, root: root)
        benchmark.stopMeasurement()
        report(benchmark, bytes: bytes, since: start)
    }

    Benchmark(
        "baseline: JSONSerialization encoding the same outcome records",
        configuration: .init(setup: { _ = SimulatorBenchmarkData.outcomeObjects })
    ) { benchmark in
        let objects = SimulatorBenchmarkData.outcomeObjects
        var bytes = 0
        let start = Span()
        benchmark.startMeasurement()
        for object in objects {
            bytes += try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).count + 1
        }
        benchmark.stopMeasurement()
        report(benchmark, bytes: bytes, since: start)
    }
}

let megabytesPerSecond = BenchmarkMetric.custom("MB/s (wall)", polarity: .prefersLarger, useScalingFactor: false)
/// The machine is shared (2 vCPUs, other builds running): wall clock includes waiting for a core, so the
/// CPU-time figure (this thread's CPU time for the work) is the one-core throughput.
let megabytesPerCPUSecond = BenchmarkMetric.custom(
    "MB/s (CPU)",
    polarity: .prefersLarger,
    useScalingFactor: false
)

/// Start of a measured span: wall clock and this thread's CPU time.
struct Span {
    let wall = ContinuousClock.now
    let cpu = Span.threadCPU()

    static func threadCPU() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

private func report(_ benchmark: Benchmark, bytes: Int, since start: Span) {
    let elapsed = ContinuousClock.now - start.wall
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    benchmark.measurement(megabytesPerSecond, Int(Double(bytes) / 1_000_000 / seconds))
    benchmark.measurement(
        megabytesPerCPUSecond,
        Int(Double(bytes) / 1_000_000 / max(Span.threadCPU() - start.cpu, 1e-6))
    )
}

enum SimulatorBenchmarkData {
    static let configuration = SimulatorConfiguration(seed: 1, days: 2, symbolCount: 8, evaluationsPerHour: 60)

    /// The outcome records of one generated root, parsed once (the baseline's input).
    nonisolated(unsafe) static let outcomeObjects: [Any] = {
        var sink = InMemoryBotRoot()
        var simulator = BotSimulator(configuration: configuration)
        _ = try? simulator.generate(into: &sink)
        return sink.bytes(.signalOutcomes).split(separator: UInt8(ascii: "\n")).compactMap {
            try? JSONSerialization.jsonObject(with: Data($0))
        }
    }()

    static func temporaryDirectory(_ name: String) -> String {
        NSTemporaryDirectory() + "hindsight-simbench-\(name)-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    }
}
