import Benchmark
import EventLog
import Foundation
import Projections
import Replay
import ReplayBenchmarkData

/// Replay throughput through every projection and learner (the default pipeline `replay` and `run` use), from
/// memory and from the on-disk log, next to a baseline loop over the same events without folds (same run);
/// plus `diff` of the two allocation versions and a snapshot capture. Figures: events/s; see docs/benchmarks.md.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, eventsPerSecond],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 5
    )

    Benchmark("replay: every projection and learner, events in memory") { benchmark in
        let events = ReplayBenchmarkData.events
        let target = PipelineTarget(try ReplayCatalog.defaultPipeline(try ReplayCatalog.registry()))
        let start = ContinuousClock.now
        benchmark.startMeasurement()
        fold(events, into: target)
        benchmark.stopMeasurement()
        report(benchmark, events: events.count, since: start)
        blackHole(target)
    }

    Benchmark("baseline: the same loop without folds (iterate + touch each event)") { benchmark in
        let events = ReplayBenchmarkData.events
        var sum: Int64 = 0
        let start = ContinuousClock.now
        benchmark.startMeasurement()
        for event in events { sum &+= event.eventTime &+ Int64(event.kind.rawValue) }
        benchmark.stopMeasurement()
        report(benchmark, events: events.count, since: start)
        blackHole(sum)
    }

    Benchmark(
        "replay from the on-disk log (zstd + decode + every fold), ReplayEngine",
        configuration: .init(setup: { logSetup() })
    ) { benchmark in
        let target = PipelineTarget(try ReplayCatalog.defaultPipeline(try ReplayCatalog.registry()))
        var progress = ProgressBar(label: "", total: 0, enabled: false)
        let log = try DiskEventLog(directory: logDirectory)
        let start = ContinuousClock.now
        benchmark.startMeasurement()
        let summary = try ReplayEngine.run(
            target: target,
            log: log,
            options: ReplayOptions(snapshots: .disabled),
            store: nil,
            progress: &progress
        )
        benchmark.stopMeasurement()
        report(benchmark, events: Int(summary.eventsFolded), since: start)
    }

    Benchmark("diff allocation@1 vs allocation@2, events in memory") { benchmark in
        let registry = try ReplayCatalog.registry()
        let a = try ReplayCatalog.diffSide("allocation@1", overrides: [:], registry: registry)
        let b = try ReplayCatalog.diffSide("allocation@2", overrides: [:], registry: registry)
        var progress = ProgressBar(label: "", total: 0, enabled: false)
        let log = InMemoryEventLog(ReplayBenchmarkData.events)
        let start = ContinuousClock.now
        benchmark.startMeasurement()
        let diff = try DiffEngine.run(a: a, b: b, log: log, progress: &progress)
        benchmark.stopMeasurement()
        report(benchmark, events: diff.events, since: start)
    }

    Benchmark("snapshot: capture + encode + decode every state after the replay") { benchmark in
        let target = PipelineTarget(try ReplayCatalog.defaultPipeline(try ReplayCatalog.registry()))
        for event in ReplayBenchmarkData.events { target.apply(event) }
        // Finalized rows go to the append-only exports before a snapshot (as ReplayEngine and run do).
        blackHole(target.takeFinalizedRows().count)
        benchmark.startMeasurement()
        let snapshot = try ReplayEngine.makeSnapshot(
            target,
            next: UInt64(ReplayBenchmarkData.count),
            lastEventTime: nil
        )
        let bytes = SnapshotCodec.encode(snapshot)
        let decoded = try SnapshotCodec.decode(bytes, name: "bench")
        try target.restoreStates(decoded.entries)
        benchmark.stopMeasurement()
        blackHole(bytes.count)
    }
}

/// Folds every event, each passed borrowed from the array (a `for event in events` loop copies every event,
/// retaining its strings: harness cost, not replay cost; events read from the log are fresh values).
private func fold(_ events: [Event], into target: PipelineTarget) {
    for i in events.indices { target.apply(events[i]) }
}

let eventsPerSecond = BenchmarkMetric.custom("events/s (K)", polarity: .prefersLarger, useScalingFactor: false)

private func report(_ benchmark: Benchmark, events: Int, since start: ContinuousClock.Instant) {
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    benchmark.measurement(eventsPerSecond, Int(Double(events) / 1000 / seconds))
}

nonisolated(unsafe) private var logDirectory = ""

private func logSetup() {
    guard logDirectory.isEmpty else { return }
    logDirectory = ReplayBenchmarkData.temporaryDirectory("log")
    do {
        let writer = try EventLogWriter(directory: logDirectory, configuration: .init(durability: .never))
        let events = ReplayBenchmarkData.events
        var index = 0
        while index < events.count {
            let batch = events[index..<min(index + 512, events.count)].map {
                EventDraft(
                    eventTime: $0.eventTime,
                    ingestTime: $0.ingestTime,
                    source: $0.source,
                    position: $0.position,
                    payload: $0.payload,
                    original: $0.original
                )
            }
            try writer.append(batch, checkpoints: [])
            index += 512
        }
        try writer.close()
    } catch {
        fatalError("cannot build the replay benchmark's log: \(error)")
    }
}
