import HindsightJSON
import HindsightTestSupport
import Testing

@Suite("JSON fuzz on real lines")
struct JSONFuzzTests {
    @Test("every real line parses and survives a JSONValue → writer → parser round trip")
    func realLinesRoundTrip() throws {
        let parser = JSONParser()
        for name in [
            "strategy_signals.f1f5ab65.head3000.jsonl", "conviction_gate.f1f5ab65.head1500.jsonl",
            "fee_entry_blocks.f1f5ab65.jsonl", "executed_trades.f1f5ab65.jsonl",
        ] {
            let lines = RealData.lines(name)
            #expect(lines.count > 300)
            for line in lines {
                let value = try parser.value(line)
                #expect(try parser.value(JSONWriter.compact.bytes(value)) == value)
            }
        }
        let positions = try parser.value(RealData.bytes("positions_futures.f1f5ab65.json"))
        #expect(positions["open_positions"]?.arrayValue?.count == 10)
        #expect(positions["closed_positions"]?.arrayValue?.count == 34)
    }

    @Test("mutated real lines never crash the parser; failures are JSONErrors with a message", arguments: [1, 2])
    func mutatedRealLines(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let parser = JSONParser(maxDepth: 64)
        let lines =
            RealData.lines("strategy_signals.f1f5ab65.head3000.jsonl")
            + RealData.lines("conviction_gate.f1f5ab65.head1500.jsonl")
        var accepted = 0
        var rejected = 0
        for _ in 0..<10_000 {
            var bytes = lines[Int(rng.next() % UInt64(lines.count))]
            JSONGenerator.mutate(&bytes, rng: &rng)
            do {
                let value = try parser.value(bytes)
                _ = JSONWriter.compact.bytes(value)
                accepted += 1
            } catch {
                #expect(!error.message.isEmpty)
                rejected += 1
            }
        }
        #expect(accepted > 100 && rejected > 100)
    }
}
