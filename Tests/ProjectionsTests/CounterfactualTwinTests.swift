import EventLog
import HindsightTestSupport
import Projections
import PropertyBased
import Testing

/// A blocked decision logged both as a `signals.jsonl` row and as a blocked-trade record is one counterfactual
/// (`Counterfactual+Twins.swift`): never counted twice, never merged with a different decision.
@Suite struct CounterfactualTwinTests {
    func pipeline(window: Double = 2) -> Pipeline {
        var c = CounterfactualConfiguration()
        c.horizonsSeconds = [300]
        c.twinWindowSeconds = window
        return Pipeline(configuration: PipelineConfiguration(counterfactual: c), folds: [])
    }

    /// Every outcome of `events`, resolved by a late event far past every due time.
    func outcomes(_ events: [Event], window: Double = 2) -> [CounterfactualOutcome] {
        let p = pipeline(window: window)
        p.apply(contentsOf: events)
        var late = events[events.count - 1]
        late.seq += 1
        late.eventTime += 86_400_000_000
        late.payload = .recordRejected(RecordRejected(reason: .invalidJSON, detail: "late"))
        p.apply(late)
        return Array(p.counterfactual.state.recent)
    }

    /// `events` with event `index` moved by `micros`.
    func shifted(_ events: [Event], _ index: Int, by micros: Int64) -> [Event] {
        var e = events
        e[index].eventTime += micros
        return e
    }

    @Test func aSignalsRowAndItsBlockedTradeRecordAreOneDecisionWithBothRecordsFields() throws {
        var b = EventBuilder()
        // The live signals.jsonl writer: whole-second time, no price, no gate; the blocked-trade record 0.4 s
        // later with both.
        b.decision(at: 100, "BTCUSDT", .long, .blocked, price: nil, gate: nil, reason: "time_filter_block")
        b.blocked(at: 100, "BTCUSDT", .long, price: 91_000, gate: "hour_0_utc", reason: "time_filter_block")
        let all = outcomes(shifted(b.events, 1, by: 400_000))
        try #require(all.count == 1)
        let o = all[0]
        #expect(o.decisionSeq == 0)
        #expect(o.twinSeq == 1)
        #expect(o.source == .signals)
        #expect(o.gate == "hour_0_utc")
        #expect(o.entryPrice == 91_000)
        #expect(o.entryPriceSource == "record")
        #expect(o.ofi == 0.5)  // from the signals row
        #expect(o.reason == "time_filter_block")
    }

    @Test func theBlockedTradeFirstWorksTheSameWay() throws {
        var b = EventBuilder()
        b.blocked(at: 100, "ETHUSDT", .short, price: 3000)
        b.decision(at: 101, "ETHUSDT", .short, .blocked, price: nil)
        let all = outcomes(b.events)
        try #require(all.count == 1)
        #expect(all[0].decisionSeq == 0)
        #expect(all[0].twinSeq == 1)
        #expect(all[0].source == .tradeBlocked)
        #expect(all[0].regime == "trend")
    }

    @Test func differentSymbolSideSourceOrTimeAreDifferentDecisions() {
        var b = EventBuilder()
        b.decision(at: 100, "BTCUSDT", .long, .blocked)
        b.blocked(at: 100, "ETHUSDT", .long, price: 1)  // other symbol
        b.blocked(at: 100, "BTCUSDT", .short, price: 1)  // other side
        b.decision(at: 100, "BTCUSDT", .long, .blocked)  // same source: a second signals row
        b.blocked(at: 103, "BTCUSDT", .long, price: 1)  // 3 s later: outside the 2 s window...
        let events = b.events
        let seqs = outcomes(events).map(\.decisionSeq).sorted()
        #expect(seqs == [0, 1, 2, 3, 4])
        #expect(outcomes(events).allSatisfy { $0.twinSeq == nil })
        // ...and 2 s later is inside it: it pairs with the nearer signals row (seq 3 at the same distance as
        // seq 0, lower seq wins: 0).
        let inside = shifted(events, 4, by: -1_000_000)
        let merged = outcomes(inside)
        #expect(merged.count == 4)
        #expect(merged.first { $0.decisionSeq == 0 }?.twinSeq == 4)
    }

    @Test func recordsPairAtMostOnceNearestFirst() throws {
        var b = EventBuilder()
        b.decision(at: 100, "BTCUSDT", .long, .blocked)  // seq 0
        b.decision(at: 101, "BTCUSDT", .long, .blocked)  // seq 1
        b.blocked(at: 101, "BTCUSDT", .long, price: 1)  // seq 2: nearest is seq 1
        b.blocked(at: 101, "BTCUSDT", .long, price: 1)  // seq 3: seq 1 is taken, seq 0 is 1 s away
        b.blocked(at: 101, "BTCUSDT", .long, price: 1)  // seq 4: nobody left
        let all = outcomes(b.events)
        let pairs = all.map { [$0.decisionSeq, $0.twinSeq ?? 99] }.sorted { $0[0] < $1[0] }
        #expect(pairs == [[0, 3], [1, 2], [4, 99]])
    }

    @Test func aZeroWindowCountsEveryRecord() {
        var b = EventBuilder()
        b.decision(at: 100, "BTCUSDT", .long, .blocked)
        b.blocked(at: 100, "BTCUSDT", .long, price: 1)
        #expect(outcomes(b.events, window: 0).count == 2)
        #expect(outcomes(b.events, window: 2).count == 1)
    }

    /// The law: every blocked record is counted exactly once, as a decision or as the twin merged into one;
    /// a twin is always of the other source, the same symbol and side, and within the window.
    @Test func everyRecordIsCountedExactlyOnce() async {
        await propertyCheck(count: 200, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SeededGenerator(seed: seed)
            var b = EventBuilder()
            var t: Int64 = 0
            for _ in 0..<Int.random(in: 1...60, using: &rng) {
                t += Int64.random(in: 0...2, using: &rng)
                let symbol = ["BTCUSDT", "ETHUSDT"].randomElement(using: &rng)!
                let side: Side = Bool.random(using: &rng) ? .long : .short
                if Bool.random(using: &rng) {
                    b.decision(at: t, symbol, side, .blocked)
                } else {
                    b.blocked(at: t, symbol, side, price: 1)
                }
            }
            var events = b.events
            for i in events.indices { events[i].eventTime += Int64.random(in: 0..<1_000_000, using: &rng) }
            // In event-time order, numbered in that order (as ingest's event-time merge appends them).
            events.sort { ($0.eventTime, $0.seq) < ($1.eventTime, $1.seq) }
            for i in events.indices { events[i].seq = UInt64(i) }
            let all = outcomes(events)
            let counted = all.map(\.decisionSeq) + all.compactMap(\.twinSeq)
            #expect(counted.sorted() == events.map(\.seq).sorted())
            let bySeq = Dictionary(uniqueKeysWithValues: events.map { ($0.seq, $0) })
            for o in all {
                guard let twin = o.twinSeq.flatMap({ bySeq[$0] }), let own = bySeq[o.decisionSeq] else { continue }
                #expect(twin.source != own.source)
                #expect(abs(twin.eventTime - own.eventTime) <= 2_000_000)
                #expect(o.symbol == symbolAndSide(twin).0)
                #expect(o.side == symbolAndSide(twin).1)
            }
        }
    }

    func symbolAndSide(_ e: Event) -> (String, Side) {
        switch e.payload {
        case .decisionLogged(let d): (d.symbol, d.side)
        case .tradeBlocked(let b): (b.symbol, b.side)
        default: ("", .neutral)
        }
    }
}
