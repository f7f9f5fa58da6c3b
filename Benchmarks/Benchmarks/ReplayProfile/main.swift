import EventLog
import Foundation
import Projections
import Replay
import ReplayBenchmarkData

// A plain loop over the replay benchmark's in-memory fold, for `perf record -g` (the benchmark runner needs its
// host process) and for quick before/after figures in thread CPU time. Usage:
//   ReplayProfile [all|shared|FOLD_NAME...] [--rounds N] [--keep-rows]
// `all` (default) folds the 500k benchmark events through `ReplayCatalog.defaultPipeline`; `shared` runs the
// pipeline with no folds (price marks + counterfactual only); fold names run the shared projections plus those
// folds of the default pipeline. Prints the best round's thread CPU time and events per CPU second, next to a
// baseline loop over the same events in the same run.
var arguments = Array(CommandLine.arguments.dropFirst())
var rounds = 3
if let index = arguments.firstIndex(of: "--rounds"), index + 1 < arguments.count {
    rounds = Int(arguments[index + 1]) ?? 3
    arguments.removeSubrange(index...(index + 1))
}
let takeRows = !arguments.contains("--keep-rows")
arguments.removeAll { $0 == "--keep-rows" }
let selection = arguments.isEmpty ? ["all"] : arguments

func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func makePipeline() throws -> Pipeline {
    let full = try ReplayCatalog.defaultPipeline(try ReplayCatalog.registry())
    if selection == ["all"] { return full }
    let folds = full.folds.filter { selection.contains($0.identity.name) }
    return Pipeline(configuration: full.configuration, folds: folds)
}

let events = ReplayBenchmarkData.events
let names = try makePipeline().folds.map(\.identity.description)
print("folds: \(names.isEmpty ? "none (shared projections only)" : names.joined(separator: ", "))")

/// The events are a parameter (not the top-level global), so each one is passed borrowed, not copied.
/// Like `ReplayEngine`, finalized rows are taken every 65,536 events, so that they do not pile up in the state,
/// and rendered as JSON Lines through a 1 MiB `ExportSink` as the export writer renders them (here on the same
/// thread, and not written anywhere: fold + render cost); `--keep-rows` leaves them in the state (the fold cost
/// alone, growing memory, as the replay benchmarks measure it).
func fold(_ events: [Event], into pipeline: Pipeline) -> Int {
    var bytes = 0
    var sink = ExportSink(chunkSize: 1 << 20) { bytes += $0.count }
    func render(_ appends: [ExportAppend]) {
        for append in appends { append.render(into: &sink) }
        sink.drain()
    }
    for i in events.indices {
        pipeline.apply(events[i])
        if takeRows, i & 0xFFFF == 0xFFFF { render(pipeline.takeFinalizedRows()) }
    }
    if takeRows { render(pipeline.takeFinalizedRows()) }
    return bytes
}

/// Minor page faults of the process so far (first touches of fresh heap memory cost the fold ~15 % here).
func minorFaults() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_minflt
}

var faultsPerRound = 0
var baselineBest = Double.infinity
var foldBest = Double.infinity
var checksum: Int64 = 0
for _ in 0..<rounds {
    let baselineStart = threadCPUSeconds()
    for event in events { checksum &+= event.eventTime &+ Int64(event.kind.rawValue) }
    baselineBest = min(baselineBest, threadCPUSeconds() - baselineStart)

    let pipeline = try makePipeline()
    let faultsBefore = minorFaults()
    let start = threadCPUSeconds()
    checksum &+= Int64(fold(events, into: pipeline))
    faultsPerRound = minorFaults() - faultsBefore
    foldBest = min(foldBest, threadCPUSeconds() - start)
    checksum &+= Int64(pipeline.context.eventCount)
    if let enriched = pipeline.folds.lazy.compactMap({ $0.unwrap(as: EnrichedDecisions.self) }).first {
        let s = enriched.state
        print(
            "enriched_decisions state: \(s.decisions.count) decisions, \(s.outcomes.count) outcomes, "
                + "\(s.positions.count) positions, \(s.finalized.count) finalized rows"
        )
    }
}

func line(_ label: String, _ seconds: Double) -> String {
    let rate = Double(events.count) / seconds
    return "\(label): \(String(format: "%.3f", seconds)) CPU-s = \(Int(rate).formatted()) events/CPU-s"
}
print(line("baseline loop", baselineBest))
print(line("pipeline", foldBest) + " (best of \(rounds), \(events.count) events, checksum \(checksum))")
print("minor page faults in the last round's fold: \(faultsPerRound.formatted())")
