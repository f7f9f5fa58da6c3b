import EventLog
import Foundation
import HindsightTestSupport
import Ingest
import Testing

/// Fuzz + accounting: ≥ 100k mutated real lines through the full ingest (tailer, real normalizers, real event
/// log). No crash, and every record is exactly one event or one rejection, in file order, with its bytes.
@Suite struct FuzzAccountingTests {
    static func seedLines() -> [[UInt8]] {
        var seeds: [[UInt8]] = [
            Array(
                #"{"ts": 1765823600, "ts_iso": "2025-12-15T18:33:20.512345", "symbol": "DOGEUSDT", "side": "LONG", "disposition": "blocked", "entry_price": null, "intelligence": {"ofi": 0.42, "ofi_raw": null, "ensemble": 0.0777, "mtf_confidence": 0.0014, "regime": "unknown", "volatility": 0.0, "market_intel": {"fear_greed": 30}, "fear_greed": 30, "taker_ratio": 0.9084, "liquidation_bias": -0.8021}, "block_reason": "Alpha thresholds not met", "block_gate": null, "context": {}, "counterfactual_pending": true}"#
                    .utf8
            ),
            Array(
                #"{"ts": "2025-12-11T20:21:28.918595Z", "symbol": "XRPUSDT", "signal_name": "funding", "direction": "LONG", "confidence": 1.0, "price_at_signal": 2.0141, "prices": {"1m": 2.0178, "5m": 2.0129}, "returns": {"1m": 0.001837, "5m": -0.000596}, "hits": {"1m": true, "5m": false}, "ev_contribution": 0.003192, "partial": false}"#
                    .utf8
            ),
            Array(
                #"{"ts": "2025-12-26T18:38:32.220467", "symbol": "BNBUSDT", "direction": "LONG", "block_reason": "OFI 0.312 below required 0.500 for LONG", "weighted_score": 0.1054, "expected_edge": 0.00065, "score_breakdown": {"liquidation": -0.049}, "signals": {"hurst": {"direction": "SHORT", "confidence": 0.13}}, "price_at_block": null, "paper_mode": true}"#
                    .utf8
            ),
        ]
        for name in [
            "strategy_signals.f1f5ab65.head3000.jsonl", "fee_entry_blocks.f1f5ab65.jsonl",
            "executed_trades.f1f5ab65.jsonl",
        ] {
            let path = RealData.path(name)
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            seeds += Array(data).split(separator: 10).prefix(100).map { Array($0) }
        }
        return seeds
    }

    /// One random edit that a broken writer, a bad disk or a hostile file could make.
    static func mutate(_ line: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = line
        let nasty: [UInt8] = [
            0, 13, 34, 44, 58, 91, 93, 123, 125, 92, 0xC3, 0xFF, 0x80, 0xED, 0xA0, 110, 116, 49, 45, 46, 101,
        ]
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            guard !b.isEmpty else { break }
            let i = Int.random(in: 0..<b.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0: b[i] = nasty.randomElement(using: &rng)!
            case 1: b.remove(at: i)
            case 2: b.insert(nasty.randomElement(using: &rng)!, at: i)
            case 3: b.removeSubrange(i..<min(b.count, i + Int.random(in: 1...40, using: &rng)))
            case 4: b = Array(b[..<i])
            case 5: b.insert(contentsOf: b[i..<min(b.count, i + 30)], at: i)
            default: b[i] = UInt8.random(in: 0...255, using: &rng)
            }
        }
        return b.filter { $0 != 10 }  // keep one record per line: the newline is the tailer's business
    }

    @Test func hundredThousandMutatedLinesAreAllAccountedFor() throws {
        let seeds = Self.seedLines()
        #expect(seeds.count > 100)
        var rng = SplitMix64(seed: 42)
        let dir = TempDirectory("fuzz")
        defer { dir.remove() }
        let files = ["logs/signals.jsonl", "logs/signal_outcomes.jsonl", "state/blocked_trades.jsonl"]
        var expected: [[[UInt8]]] = [[], [], []]
        var buffers: [[UInt8]] = [[], [], []]
        let total = 100_000
        for n in 0..<total {
            let f = Int.random(in: 0..<3, using: &rng)
            var line = Self.mutate(seeds[n % seeds.count], &rng)
            if n % 997 == 0 { line = Array(repeating: UInt8(ascii: "x"), count: 2000) }
            let crlf = Bool.random(using: &rng)
            let blank = line.allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 }
            if !blank {
                // The record is the line without its terminator: `\r\n`, or `\n` with one `\r` before it.
                var content = line
                if !crlf && content.last == 13 { content.removeLast() }
                expected[f].append(content)
            }
            buffers[f] += line + (crlf ? [13, 10] : [10])
        }
        for i in 0..<3 { dir.append(files[i], buffers[i]) }
        let log = try EventLogIngestLog(
            directory: dir.file("logs/events"),
            configuration: EventLogConfiguration(compressionLevel: 1, durability: .never)
        )
        let sources = [
            SourceSpec(id: .signals, path: files[0], kind: .lines(.signals)),
            SourceSpec(id: .signalOutcomes, path: files[1], kind: .lines(.signalOutcomes)),
            SourceSpec(id: .blockedTrades, path: files[2], kind: .lines(.blockedTrades)),
        ]
        let ingester = try Ingester(
            configuration: IngestConfiguration(
                root: dir.path,
                sources: sources,
                tailer: TailerConfiguration(maxLineBytes: 1000)
            ),
            log: log,
            clock: { 0 }
        )
        try ingester.runOnce()
        try log.close()

        var got: [SourceID: [Event]] = [:]
        var cursor = try EventLogReader(directory: dir.file("logs/events")).cursor(from: 0)
        while let e = try cursor.next() { got[e.source, default: []].append(e) }
        #expect(expected.map(\.count).reduce(0, +) >= 99_000)
        for (i, spec) in sources.enumerated() {
            let events = got[spec.id] ?? []
            let summary = ingester.summary.sources[i]
            #expect(summary.recordsRead == expected[i].count)
            #expect(summary.eventsAppended == expected[i].count)
            #expect(events.count == expected[i].count)
            #expect(summary.rejectionCount + events.filter { $0.kind != .recordRejected }.count == expected[i].count)
            let originals = events.map { Array($0.original) }
            let want = expected[i].map { $0.count > 1000 ? Array($0.prefix(1000)) : $0 }
            let mismatch = Array(zip(originals, want)).firstIndex { $0.0 != $0.1 }
            #expect(mismatch == nil, "\(spec.id): first differing original at record \(mismatch ?? -1)")
        }
        // The fuzz must actually exercise both paths.
        let all = got.values.flatMap { $0 }
        #expect(all.contains { $0.kind == .recordRejected })
        #expect(all.contains { $0.kind != .recordRejected })
    }
}
