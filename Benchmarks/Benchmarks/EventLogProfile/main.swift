import EventLog
import EventLogBenchmarkData
import Foundation

// A plain loop over the benchmark's append and read, for `perf record` (the benchmark runner needs its host
// process). Usage: EventLogProfile append|read|read-decode [rounds]
// `read` iterates lazily (envelope + original slice, payload left encoded); `read-decode` also decodes every
// payload (what a replay does, once per event).
let mode = CommandLine.arguments.dropFirst().first ?? "read"
let rounds = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 5 : 5
let directory = BenchmarkData.temporaryDirectory("profile")
defer { try? FileManager.default.removeItem(atPath: directory) }
let writer = try EventLogWriter(directory: directory, configuration: .init(durability: .never))
for batch in BenchmarkData.batches { try writer.append(batch, checkpoints: []) }
try writer.close()
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
let start = ContinuousClock.now
let cpuStart = cpuSeconds()
var total = 0
for round in 0..<rounds {
    if mode == "append" {
        let dir = directory + "/append-\(round)"
        let w = try EventLogWriter(directory: dir, configuration: .init(durability: .never))
        for batch in BenchmarkData.batches { try w.append(batch, checkpoints: []) }
        try w.close()
        try? FileManager.default.removeItem(atPath: dir)
    } else if mode == "read-decode" {
        var cursor = try EventLogReader(directory: directory).cursor(from: 0)
        while let event = try cursor.next() {
            total += event.original.count
            if case .unknown = try event.decodedPayload() { fatalError("event \(event.seq): payload is unknown") }
        }
    } else {
        var cursor = try EventLogReader(directory: directory).cursor(from: 0)
        while let event = try cursor.next() { total += event.original.count }
    }
}
let elapsed = ContinuousClock.now - start
let cpu = cpuSeconds() - cpuStart
let megabytes = Double(BenchmarkData.originalBytes * rounds) / 1e6
print(
    "\(mode): \(rounds) x \(BenchmarkData.originalBytes) bytes: wall \(elapsed), CPU \(cpu) s = "
        + "\(Int(megabytes / cpu)) MB/s per CPU second (checksum \(total))"
)
