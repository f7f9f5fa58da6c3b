import Benchmark
import EventLog
import EventLogBenchmarkData
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Append and read throughput of the event log on real bot records, next to the zstd CLI on the same bytes
/// (measured in the same run). Figures are MB/s of original record bytes (the JSONL lines as read) and
/// events/s; see docs/benchmarks.md.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [
            .wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, originalMBps, originalMBpsCPU,
            eventsPerSecond,
        ],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 8
    )

    Benchmark("append (encode + zstd -3 + CRC32C + write), no fsync") { benchmark in
        try appendAll(benchmark, durability: .never)
    }

    Benchmark("append, fsync every frame (default durability)") { benchmark in
        try appendAll(benchmark, durability: .everyFrame)
    }

    // (a) What `log cat --from`, seeks, stats by kind and replay filters do: decompress, check, decode each
    // event's envelope, hand out `original` as a slice; payloads stay encoded.
    Benchmark(
        "read lazily (decompress + CRC32C + envelope + original slice + iterate)",
        configuration: .init(setup: { readSetup() })
    ) { benchmark in
        var cursor = try EventLogReader(directory: readDirectory).cursor(from: 0)
        let start = Span()
        var bytes = 0
        var events = 0
        benchmark.startMeasurement()
        while let event = try cursor.next() {
            bytes += event.original.count
            events += 1
        }
        benchmark.stopMeasurement()
        report(benchmark, bytes: bytes, events: events, since: start)
        precondition(bytes == BenchmarkData.originalBytes)
    }

    // (b) (a) plus decoding every payload (what a replay does, once per event).
    Benchmark(
        "read + decode every payload",
        configuration: .init(setup: { readSetup() })
    ) { benchmark in
        var cursor = try EventLogReader(directory: readDirectory).cursor(from: 0)
        let start = Span()
        var bytes = 0
        var events = 0
        var unknown = 0
        benchmark.startMeasurement()
        while let event = try cursor.next() {
            bytes += event.original.count
            events += 1
            if case .unknown = try event.decodedPayload() { unknown += 1 }
        }
        benchmark.stopMeasurement()
        report(benchmark, bytes: bytes, events: events, since: start)
        precondition(bytes == BenchmarkData.originalBytes && unknown == 0)
    }

    Benchmark(
        "baseline: zstd CLI -3 -T1 on the same original bytes",
        configuration: .init(metrics: [.wallClock, originalMBps, originalMBpsCPU], setup: { baselineSetup() })
    ) { benchmark in
        let start = Span()
        try runZstd(["-3", "-T1", "-q", "-f", "-o", baselineFile + ".zst", baselineFile])
        report(
            benchmark,
            bytes: BenchmarkData.originalBytes,
            events: BenchmarkData.drafts.count,
            since: start,
            child: true
        )
    }

    Benchmark(
        "baseline: zstd CLI -d on the same bytes",
        configuration: .init(metrics: [.wallClock, originalMBps, originalMBpsCPU], setup: { baselineSetup() })
    ) { benchmark in
        let start = Span()
        try runZstd(["-d", "-q", "-f", "-o", baselineFile + ".out", baselineFile + ".zst"])
        report(
            benchmark,
            bytes: BenchmarkData.originalBytes,
            events: BenchmarkData.drafts.count,
            since: start,
            child: true
        )
    }
}

let originalMBps = BenchmarkMetric.custom("original MB/s (wall)", polarity: .prefersLarger, useScalingFactor: false)
/// The machine is shared (2 vCPUs, other builds running), so wall clock is inflated by waiting for a core;
/// CPU time of the work itself is the "one core" figure.
let originalMBpsCPU = BenchmarkMetric.custom("original MB/s (CPU)", polarity: .prefersLarger, useScalingFactor: false)
let eventsPerSecond = BenchmarkMetric.custom("K events/s (CPU)", polarity: .prefersLarger, useScalingFactor: false)

/// Start of a measured span: wall clock, this thread's CPU time, and CPU time of waited-for children.
struct Span {
    let wall = ContinuousClock.now
    let cpu = Span.threadCPU()
    let children = Span.childrenCPU()

    static func threadCPU() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func childrenCPU() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}

private func report(_ benchmark: Benchmark, bytes: Int, events: Int, since start: Span, child: Bool = false) {
    let elapsed = ContinuousClock.now - start.wall
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let cpu = child ? Span.childrenCPU() - start.children : Span.threadCPU() - start.cpu
    benchmark.measurement(originalMBps, Int(Double(bytes) / 1_000_000 / seconds))
    benchmark.measurement(originalMBpsCPU, Int(Double(bytes) / 1_000_000 / max(cpu, 1e-6)))
    benchmark.measurement(eventsPerSecond, Int(Double(events) / 1000 / max(cpu, 1e-6)))
}

private func appendAll(_ benchmark: Benchmark, durability: EventLogConfiguration.Durability) throws {
    let batches = BenchmarkData.batches
    let directory = BenchmarkData.temporaryDirectory("append")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let writer = try EventLogWriter(directory: directory, configuration: .init(durability: durability))
    let checkpoint = SourceCheckpoint(source: .signals, file: nil, offset: 0)
    let start = Span()
    benchmark.startMeasurement()
    for batch in batches {
        try writer.append(batch, checkpoints: [checkpoint])
    }
    try writer.close()
    benchmark.stopMeasurement()
    report(benchmark, bytes: BenchmarkData.originalBytes, events: BenchmarkData.drafts.count, since: start)
}

nonisolated(unsafe) private var readDirectory = ""

private func readSetup() {
    guard readDirectory.isEmpty else { return }
    readDirectory = BenchmarkData.temporaryDirectory("read")
    do {
        let writer = try EventLogWriter(directory: readDirectory, configuration: .init(durability: .never))
        for batch in BenchmarkData.batches { try writer.append(batch, checkpoints: []) }
        try writer.close()
    } catch {
        fatalError("cannot build the read benchmark's log: \(error)")
    }
}

nonisolated(unsafe) private var baselineFile = ""

private func baselineSetup() {
    guard baselineFile.isEmpty else { return }
    baselineFile = BenchmarkData.temporaryDirectory("zstd") + "/originals.jsonl"
    do {
        try BenchmarkData.writeOriginalsFile(to: baselineFile)
        try runZstd(["-3", "-T1", "-q", "-f", "-o", baselineFile + ".zst", baselineFile])
    } catch {
        fatalError("cannot prepare the zstd baseline: \(error)")
    }
}

private func runZstd(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/zstd")
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    precondition(process.terminationStatus == 0, "zstd \(arguments) failed")
}
