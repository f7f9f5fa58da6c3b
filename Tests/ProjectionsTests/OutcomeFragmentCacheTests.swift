import EventLog
import Testing

@testable import Projections

/// The cache of rendered outcome elements reuses bytes only for an outcome that prints the same, and its
/// output always equals rendering every element afresh.
@Suite struct OutcomeFragmentCacheTests {
    private func outcome(seq: UInt64, confidence: Double, partial: Bool = false) -> EnrichedDecisions.Outcome {
        var results = EnrichedDecisions.HorizonResults([])
        results.r1m = 0.012_345
        results.h1m = true
        return EnrichedDecisions.Outcome(
            seq: seq,
            signalTime: 1_764_547_390_000_000,
            symbol: "BTCUSDT",
            side: .long,
            signalName: "ofi",
            confidence: confidence,
            priceAtSignal: 97_000.5,
            results: results,
            evContribution: 0.001,
            partial: partial
        )
    }

    /// A stand-in renderer printing every field the cache compares, counting its calls.
    private func render(_ o: EnrichedDecisions.Outcome, _ out: inout JSONLineBuilder, _ calls: inout Int) {
        calls += 1
        out.beginObject()
        out.key("seq")
        out.int(Int64(o.seq))
        out.key("confidence")
        out.double(o.confidence)
        out.key("partial")
        out.bool(o.partial)
        out.endObject()
    }

    private func array(_ outcomes: [EnrichedDecisions.Outcome], capacity: Int) -> (String, Int) {
        var cache = OutcomeFragmentCache(capacity: capacity)
        var out = JSONLineBuilder()
        var calls = 0
        out.beginArray()
        for o in outcomes { cache.write(o, into: &out) { render($0, &$1, &calls) } }
        out.endArray()
        return (String(decoding: out.bytes, as: UTF8.self), calls)
    }

    @Test("identical outcomes reuse bytes; a copy that prints differently (-0.0, partial) is rendered again")
    func reusesOnlyIdenticalOutcomes() {
        let a = outcome(seq: 7, confidence: 0)
        let negativeZero = outcome(seq: 7, confidence: -0.0)
        let partial = outcome(seq: 7, confidence: 0, partial: true)
        let other = outcome(seq: 8, confidence: 0.5)
        let sequence = [a, a, other, a, negativeZero, negativeZero, partial, a, other]
        let (text, calls) = array(sequence, capacity: 1 << 20)
        var expected = JSONLineBuilder()
        var uncached = 0
        expected.beginArray()
        for o in sequence { render(o, &expected, &uncached) }
        expected.endArray()
        #expect(text == String(decoding: expected.bytes, as: UTF8.self))
        #expect(text.contains("\"confidence\": -0.0"))
        // Rendered: a, other, -0.0, partial, a (replaced by partial under seq 7); reused: the other four.
        #expect(calls == 5)
    }

    @Test("a full cache is cleared, and the output stays the same")
    func boundedCapacity() {
        let outcomes = (0..<50).map { outcome(seq: UInt64($0 % 10), confidence: Double($0 % 10) / 8) }
        let (small, smallCalls) = array(outcomes, capacity: 64)
        let (large, largeCalls) = array(outcomes, capacity: 1 << 20)
        #expect(small == large)
        #expect(largeCalls == 10)
        #expect(smallCalls > largeCalls)
    }
}
