/// When the bot's outcome resolver (a 60-second worker, reference §2.2) assigns each horizon's price.
///
/// The resolver runs every 60 s at a fixed phase and takes the *current* price for every horizon whose target
/// time has passed; during an outage nothing resolves, so several horizons later share one price, and signals
/// older than 7,200 s at the first cycle after the outage are cleaned up as `partial` (the simulator's model:
/// cleanup runs before resolution in that cycle; documented in docs/simulator.md).
struct ResolverSchedule {
    static let cycleMicros: Int64 = 60_000_000
    static let staleMicros: Int64 = 7_200_000_000

    let phaseMicros: Int64
    let outagesPerDay: Double
    private var rng: SeededGenerator
    private var outages: [(start: Int64, end: Int64)] = []
    private var generatedUntil: Int64

    init(startMicros: Int64, outagesPerDay: Double, rng: SeededGenerator) {
        var rng = rng
        phaseMicros = Int64(rng.below(60)) * 1_000_000 + Int64(rng.below(1_000_000))
        self.outagesPerDay = outagesPerDay
        self.rng = rng
        generatedUntil = startMicros
    }

    /// The first cycle at or after `micros`.
    func cycle(atOrAfter micros: Int64) -> Int64 {
        let k = (micros - phaseMicros + ResolverSchedule.cycleMicros - 1) / ResolverSchedule.cycleMicros
        return phaseMicros + k * ResolverSchedule.cycleMicros
    }

    /// When a horizon whose target is `target` gets its price, and whether an outage delayed it.
    mutating func resolution(target: Int64) -> (time: Int64, delayed: Bool) {
        generate(through: target + 3 * 3_600_000_000)
        let r = cycle(atOrAfter: target)
        // Drop outages that ended long before anything still pending (keeps the list short in long runs).
        while let first = outages.first, first.end < target - 4 * 3_600_000_000 { outages.removeFirst() }
        for outage in outages where outage.start <= r && r < outage.end {
            return (cycle(atOrAfter: outage.end), true)
        }
        return (r, false)
    }

    private mutating func generate(through micros: Int64) {
        guard outagesPerDay > 0 else { return }
        while generatedUntil < micros {
            let gapDays = -logarithm(max(rng.unit(), 1e-12)) / outagesPerDay
            let start = generatedUntil + Int64(gapDays * 86_400_000_000)
            let duration = Int64(rng.uniform(20, 150) * 60_000_000)
            outages.append((start, start + duration))
            generatedUntil = start + duration
        }
    }
}

/// Ways the simulator breaks a line on purpose (ingest must reject each with a reason).
enum BrokenRecords {
    static let kindNames = ["truncated", "invalid_json", "wrong_type"]

    /// Mutates a complete JSON line (no terminator) into a broken one of the given kind.
    static func corrupt(_ bytes: inout [UInt8], kind: Int) {
        switch kind {
        case 0:
            // A writer killed mid-line: keep a prefix (the newline the simulator adds ends the torn record).
            bytes.removeLast(bytes.count - max(1, bytes.count / 2))
        case 1:
            // Drop the separator after the first value: `{"a": 1 "b": …` is not JSON.
            if let i = firstIndex(of: Array(", \"".utf8), in: bytes) {
                bytes.remove(at: i)
            } else {
                bytes.append(UInt8(ascii: "}"))
            }
        default:
            // `"symbol": "BTCUSDT"` → `"symbol": 42`: every source requires a string symbol.
            let key = Array("\"symbol\": \"".utf8)
            if let i = firstIndex(of: key, in: bytes) {
                let valueStart = i + key.count - 1
                var j = valueStart + 1
                while j < bytes.count, bytes[j] != UInt8(ascii: "\"") { j += 1 }
                bytes.replaceSubrange(valueStart...min(j, bytes.count - 1), with: Array("42".utf8))
            }
        }
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        outer: for i in 0...(haystack.count - needle.count) {
            for k in 0..<needle.count where haystack[i + k] != needle[k] { continue outer }
            return i
        }
        return nil
    }
}
