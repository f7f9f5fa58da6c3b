import EventLog
import HindsightJSON
import HindsightTestSupport
import Ingest
import Testing

/// The repository has no real signals.jsonl or signal_outcomes.jsonl (trading-bot-formats.md §4); these are the real
/// files whose shapes the normalizers accept, and none of their well-formed records may be rejected.
@Suite("Normalize: real files")
struct NormalizeRealFilesTests {
    @Test(
        "real JSONL files normalize without rejection",
        arguments: [
            ("conviction_gate.f1f5ab65.head1500.jsonl", LineFormat.blockedTrades, BlockedTradeVariant.convictionGate),
            ("fee_entry_blocks.f1f5ab65.jsonl", .blockedTrades, .hindsight),
        ]
    )
    func jsonl(name: String, format: LineFormat, variant: BlockedTradeVariant) {
        var normalizer = RecordNormalizer()
        let lines = RealData.lines(name)
        #expect(lines.count >= 320)
        for line in lines {
            guard case .event(let time, .tradeBlocked(let blocked)) = normalizer.normalize(line, as: format) else {
                Issue.record("\(name): \(normalizer.normalize(line, as: format))")
                continue
            }
            #expect(blocked.variant == variant)
            #expect(time > 1_765_000_000_000_000 && time < 1_766_000_000_000_000)
            #expect(!blocked.symbol.isEmpty && blocked.side != .neutral)
        }
    }

    @Test(
        "real pending signals read as (unresolved or partly resolved) signal outcomes",
        arguments: ["pending_signals.f1f5ab65.json", "pending_signals.6609cd99.json"]
    )
    func pending(name: String) throws {
        // Python wrote NaN into these files: the normalizers' parser accepts it (as null), strict parsing does not.
        #expect(throws: JSONError.self) { try JSONParser().value(RealData.bytes(name)) }
        let document = try JSONParser(acceptsPythonNonFinite: true).value(RealData.bytes(name))
        var normalizer = RecordNormalizer()
        let records = try #require(document.objectValue)
        #expect(records.count > 200)
        var withPrices = 0
        for (_, record) in records {
            let line = JSONWriter.pythonLine.bytes(record)
            guard
                case .event(let time, .signalOutcomeResolved(let outcome)) = normalizer.normalize(
                    line,
                    as: .signalOutcomes
                )
            else {
                Issue.record("\(normalizer.normalize(line, as: .signalOutcomes))")
                continue
            }
            #expect(time == outcome.signalTime + (outcome.horizons.last?.horizon.seconds ?? 0) * 1_000_000)
            if !outcome.horizons.isEmpty { withPrices += 1 }
        }
        #expect(withPrices > 50)
    }
}
