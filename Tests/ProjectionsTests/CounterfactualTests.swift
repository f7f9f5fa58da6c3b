import EventLog
import Foundation
import HindsightJSON
import Projections
import Testing

@Suite struct CounterfactualTests {
    @Test func pnlFormulaByHand() {
        // Long 100 → 101, fee 0.06 %/side, slippage 0.03 %: fills 100.03 and 100.9697.
        let net = CounterfactualPnL.netReturn(side: .long, entry: 100, exit: 101, fee: 0.0006, slippage: 0.0003)
        let expected = (100.9697 - 100.03) / 100.03 - 0.0006 * (1 + 100.9697 / 100.03)
        #expect(abs(net - expected) < 1e-12)
        #expect(abs(net - 0.008_188_61) < 1e-7)
        // Short 100 → 99: fills 99.97 and 99.0297; gain (99.97 − 99.0297)/99.97.
        let short = CounterfactualPnL.netReturn(side: .short, entry: 100, exit: 99, fee: 0.0006, slippage: 0.0003)
        let expectedShort = (99.97 - 99.0297) / 99.97 - 0.0006 * (1 + 99.0297 / 99.97)
        #expect(abs(short - expectedShort) < 1e-12)
        #expect(CounterfactualPnL.grossReturn(side: .short, entry: 100, exit: 99) == 0.01)
        // No costs: net = gross.
        #expect(CounterfactualPnL.netReturn(side: .long, entry: 100, exit: 102, fee: 0, slippage: 0) == 0.02)
    }

    func config(_ change: (inout CounterfactualConfiguration) -> Void = { _ in }) -> PipelineConfiguration {
        var c = CounterfactualConfiguration()
        c.horizonsSeconds = [300, 3600]
        c.takerFee = 0
        c.slippage = 0
        change(&c)
        return PipelineConfiguration(counterfactual: c)
    }

    /// The counterfactual remembers each symbol's series id in the price marks (a look-up without hashing);
    /// restoring the shared state on the same pipeline numbers the symbols anew (sorted), so a remembered id
    /// may name another symbol's series: it must be checked, and the outcomes must equal a fold without the
    /// restore.
    @Test func restoredPriceMarksWithRenumberedSymbolsPriceTheSameOutcomes() throws {
        var b = EventBuilder()
        // ZZZ gets its series first (id 0), AAA second (id 1); a restored state numbers AAA 0 and ZZZ 1.
        for k in 0..<4 {
            let t = Int64(k) * 8000
            b.blocked(at: t, "ZZZUSDT", .long, price: 100 + Double(k))
            b.blocked(at: t + 1, "AAAUSDT", .short, price: 10 + Double(k))
            b.blocked(at: t + 300, "ZZZUSDT", .long, price: 103 + Double(k))
            b.blocked(at: t + 301, "AAAUSDT", .short, price: 9 + Double(k))
            b.blocked(at: t + 3600, "ZZZUSDT", .long, price: 97 + Double(k))
            b.blocked(at: t + 3601, "AAAUSDT", .short, price: 12 + Double(k))
        }
        let events = b.events
        let full = Pipeline(configuration: config(), folds: [])
        var expected: [CounterfactualOutcome] = []
        for e in events {
            full.apply(e)
            expected += full.context.resolvedCounterfactuals
        }
        let restored = Pipeline(configuration: config(), folds: [])
        var outcomes: [CounterfactualOutcome] = []
        for (i, e) in events.enumerated() {
            if i == events.count / 2 {
                // Resolved the first decisions (their ids are remembered), then the shared state comes back
                // through the snapshot encoding onto this same pipeline.
                #expect(!outcomes.isEmpty)
                var context = restored.context
                context.priceMarks.state = try StateCoding.decode(
                    PriceMarks.State.self,
                    from: StateCoding.encode(context.priceMarks.state)
                )
                restored.restoreShared(context: context, counterfactual: restored.counterfactual.state)
            }
            restored.apply(e)
            outcomes += restored.context.resolvedCounterfactuals
        }
        #expect(outcomes.count == expected.count && outcomes.count > 2)
        #expect(outcomes == expected)
        // Both symbols' decisions resolved after the restore were priced from their series.
        let pricedAfterRestore = outcomes.filter {
            $0.decisionTime >= EventBuilder.micros(8000) && $0.horizons.allSatisfy { $0.exitPrice != nil }
        }
        #expect(Set(pricedAfterRestore.map(\.symbol)) == ["ZZZUSDT", "AAAUSDT"])
    }

    @Test func resolvesWhenTheWatermarkPassesTheLastHorizonAndClassifies() {
        var b = EventBuilder()
        b.blocked(at: 0, "BTCUSDT", .long, price: 100)  // seq 0: will gain 2 % at 5m, 1 % at 60m
        b.blocked(at: 0, "ETHUSDT", .short, price: 10)  // seq 1: price rises: loss at both horizons
        b.decision(at: 0, "SOLUSDT", .long, .blocked, price: nil, gate: "fee_gate")  // seq 2: price from mark
        b.decision(at: 0, "XRPUSDT", .long, .warned, price: 1)  // warned: not a blocked decision by default
        b.decision(at: 0, "ADAUSDT", .long, .blocked, price: nil)  // no price at all
        b.blocked(at: 10, "SOLUSDT", .long, price: 50)  // a mark 10 s after seq 2 (within staleness)
        b.blocked(at: 300, "BTCUSDT", .long, price: 102)
        b.blocked(at: 3600, "BTCUSDT", .long, price: 101)
        b.blocked(at: 300, "ETHUSDT", .long, price: 10.1)
        b.blocked(at: 3650, "ETHUSDT", .long, price: 10.2)
        b.blocked(at: 3600, "SOLUSDT", .long, price: 50.01)
        let pipeline = Pipeline(configuration: config(), folds: [])
        // Due = 3600 + 300 staleness + 3600 settle = 7500 s after the decision.
        var resolvedAt: [Int: [UInt64]] = [:]
        var events = b.events
        for (i, s) in [7499, 7500].enumerated() {
            var e = events[0]
            e.seq = UInt64(events.count)
            e.eventTime = EventBuilder.micros(Int64(s))
            e.payload = .recordRejected(RecordRejected(reason: .invalidJSON, detail: "x"))
            events.append(e)
            _ = i
        }
        for e in events {
            pipeline.apply(e)
            if !pipeline.context.resolvedCounterfactuals.isEmpty {
                resolvedAt[Int(e.seq)] = pipeline.context.resolvedCounterfactuals.map(\.decisionSeq)
            }
        }
        let last = events.count - 1
        #expect(resolvedAt == [last: [0, 1, 2, 4]])
        let byseq = Dictionary(
            uniqueKeysWithValues: pipeline.counterfactual.state.resolved.map { ($0.decisionSeq, $0) }
        )
        let btc = byseq[0]!
        #expect(btc.horizons.map(\.exitPrice) == [102, 101])
        #expect(btc.bestNetReturn == 0.02)
        #expect(btc.bestHorizonSeconds == 300)
        #expect(btc.classification == .missedOpportunity)
        #expect(btc.weight == 0.5)
        let eth = byseq[1]!
        #expect(abs(eth.horizons[0].netReturn! + 0.01) < 1e-12)
        #expect(abs(eth.horizons[1].netReturn! + 0.02) < 1e-12)
        #expect(eth.classification == .avoidedLoss)
        let sol = byseq[2]!
        #expect(sol.entryPrice == 50)
        #expect(sol.entryPriceSource == "mark")
        #expect(sol.horizons[0].exitPrice == nil)  // no mark within 300..600 s
        #expect(sol.classification == .neutral)  // +0.02 % < 0.1 % threshold, not a loss
        #expect(byseq[4]!.classification == .unpriced)
    }

    /// A 2 h gain after a 5 m loss: priced and listed, but the block is judged on the reference's checks only
    /// (the best of exit times chosen afterwards would call it a win).
    @Test func longerHoldsArePricedButNotJudged() throws {
        var b = EventBuilder()
        b.blocked(at: 0, "BTCUSDT", .long, price: 100)
        b.blocked(at: 300, "BTCUSDT", .short, price: 99)  // mark: the 5m check loses 1 %
        b.blocked(at: 7200, "BTCUSDT", .short, price: 103)  // mark: the 2h hold would gain 3 %
        b.blocked(at: 100_000, "ETHUSDT", .long, price: 1)  // moves the watermark past every due time
        let pipeline = Pipeline(configuration: config { $0.horizonsSeconds = [300, 7200] }, folds: [])
        pipeline.apply(contentsOf: b.events)
        let o = try #require(pipeline.counterfactual.state.recent.first { $0.decisionSeq == 0 })
        #expect(o.horizons.map(\.exitPrice) == [99, 103])
        #expect(o.horizons[1].netReturn == 0.03)
        #expect(o.bestNetReturn == -0.01)
        #expect(o.bestHorizonSeconds == 300)
        #expect(o.classification == .avoidedLoss)
        // Judged on every horizon, the same block is a missed opportunity.
        let all = Pipeline(
            configuration: config {
                $0.horizonsSeconds = [300, 7200]
                $0.judgedHorizonsSeconds = [300, 7200]
            },
            folds: []
        )
        all.apply(contentsOf: b.events)
        #expect(all.counterfactual.state.recent.first { $0.decisionSeq == 0 }?.classification == .missedOpportunity)
    }

    /// Resolved entries stay in the pending queue until it is compacted (and are saved with it); their strings
    /// move to the resolved outcome, yet each still reads, compares and encodes as the decision registered.
    @Test func resolvedPrefixOfThePendingQueueIsTheDecisionsAsRegistered() throws {
        var b = EventBuilder()
        b.blocked(at: 0, "BTCUSDT", .long, price: 100, gate: "g", reason: "r")
        b.decision(at: 5, "SOLUSDT", .short, .blocked, price: nil, gate: "fee_gate")  // priced from a mark
        b.blocked(at: 6, "SOLUSDT", .long, price: 50)
        b.blocked(at: 300, "BTCUSDT", .short, price: 101)
        let registered = Pipeline(configuration: config(), folds: [])
        registered.apply(contentsOf: b.events)
        let before = registered.counterfactual.state
        #expect(before.pendingStart == 0)
        b.blocked(at: 100_000, "ETHUSDT", .long, price: 1)  // moves the watermark past the first four
        let resolved = Pipeline(configuration: config(), folds: [])
        resolved.apply(contentsOf: b.events)
        let after = resolved.counterfactual.state
        #expect(after.pendingStart == 4)
        #expect(after.resolved.map(\.decisionSeq) == [0, 1, 2, 3])
        #expect(after.resolved[1].entryPriceSource == "mark")
        for i in 0..<4 {
            #expect(after.pending[i] == before.pending[i])
            #expect(after.pending[i].outcome.symbol == before.pending[i].outcome.symbol)
            #expect(after.pending[i].outcome.gate == before.pending[i].outcome.gate)
            #expect(after.pending[i].outcome.entryPrice == before.pending[i].outcome.entryPrice)
            #expect(try StateCoding.encode(after.pending[i]) == StateCoding.encode(before.pending[i]))
        }
        let decoded = try StateCoding.decode(Counterfactual.State.self, from: StateCoding.encode(after))
        #expect(decoded == after)
        #expect(try StateCoding.encode(decoded) == StateCoding.encode(after))
    }

    @Test func warnedCountsWhenConfigured() {
        var b = EventBuilder()
        b.decision(at: 0, "XRPUSDT", .long, .warned, price: 1)
        b.blocked(at: 10_000, "BTCUSDT", .long, price: 1)
        let pipeline = Pipeline(configuration: config { $0.blockingDispositions = ["blocked", "warned"] }, folds: [])
        pipeline.apply(contentsOf: b.events)
        #expect(pipeline.counterfactual.state.resolved.map(\.disposition) == ["warned"])
    }
}

@Suite struct CounterfactualLearningsTests {
    /// n blocked decisions on `gate`/`symbol` at minute offsets, each followed by an exit mark 5 min later that wins
    /// (+1 %) or loses (−1 %) for a long.
    func add(_ b: inout EventBuilder, gate: String, symbol: String, wins: Int, losses: Int, at start: Int64) {
        for i in 0..<(wins + losses) {
            let t = start + Int64(i) * 600
            b.blocked(at: t, symbol, .long, price: 100, gate: gate, reason: "r")
            b.add(
                at: t + 300,
                source: .signals,
                .decisionLogged(
                    DecisionLogged(
                        symbol: symbol,
                        side: .long,
                        sideRaw: "LONG",
                        disposition: .executed,
                        dispositionRaw: "EXECUTED",
                        entryPrice: i < wins ? 101 : 99
                    )
                )
            )
        }
    }

    @Test func loosenTightenAndSymbolRulesByHand() throws {
        var c = CounterfactualConfiguration()
        c.horizonsSeconds = [300]
        var b = EventBuilder()
        add(&b, gate: "loose_gate", symbol: "AAA", wins: 3, losses: 2, at: 0)  // 60 % > 40 → loosen
        add(&b, gate: "tight_gate", symbol: "BBB", wins: 0, losses: 5, at: 10_000)  // 0 % < 15 → tighten
        add(&b, gate: "small_gate", symbol: "CCC", wins: 4, losses: 0, at: 20_000)  // 4 < 5 blocks: nothing
        add(&b, gate: "mid_gate", symbol: "DDD", wins: 1, losses: 4, at: 30_000)  // 20 %: neither
        b.blocked(at: 100_000, "ZZZ", .long, price: 1, gate: "x")  // advances the watermark past every due time
        let pipeline = Pipeline(configuration: PipelineConfiguration(counterfactual: c), folds: [])
        pipeline.apply(contentsOf: b.events)
        let file = try #require(try pipeline.exports().first { $0.relativePath == Counterfactual.learningsPath })
        let text = String(decoding: file.bytes, as: UTF8.self)
        let loosen = text.components(separatedBy: "\"gates_to_tighten\"")[0]
        let tighten = text.components(separatedBy: "\"gates_to_tighten\"")[1].components(
            separatedBy: "\"symbol_adjustments\""
        )[0]
        let symbols = text.components(separatedBy: "\"symbol_adjustments\"")[1].components(
            separatedBy: "\"window_days\""
        )[0]
        #expect(loosen.contains(#""gate": "loose_gate""#) && loosen.contains(#""would_win_pct": 60.0"#))
        #expect(!loosen.contains("small_gate") && !loosen.contains("mid_gate") && !loosen.contains("tight_gate"))
        #expect(tighten.contains(#""gate": "tight_gate""#) && !tighten.contains("mid_gate"))
        // Symbols: ≥ 3 blocks and > 50 %: AAA (60 %) and CCC (100 %); missed P&L = Σ best pnl_pct of the wins.
        #expect(symbols.contains(#""symbol": "AAA""#) && symbols.contains(#""symbol": "CCC""#))
        #expect(!symbols.contains("BBB") && !symbols.contains("DDD"))
        let win = CounterfactualPnL.netReturn(side: .long, entry: 100, exit: 101, fee: c.takerFee, slippage: c.slippage)
        #expect(symbols.contains(#""missed_pnl_pct": \#(JSONValue.round(3 * win * 100, places: 4))"#))
    }
}

@Suite struct GateKeyTests {
    @Test func gateKeyGroupsReasonsWithoutTheirNumbers() {
        func key(_ gate: String?, _ reason: String?) -> String {
            CounterfactualOutcome(
                decisionSeq: 0,
                decisionTime: 0,
                resolvedAt: 0,
                source: .signals,
                symbol: "X",
                side: .long,
                gate: gate,
                reason: reason
            ).gateKey
        }
        #expect(key("profit_gate", "Profit gate rejected (0.2)") == "profit_gate")
        #expect(key(nil, "Phase 9.3 exposure cap reached (0.34)") == "Phase 9.3 exposure cap reached")
        #expect(key(nil, "Intel conflict: LONG vs SHORT intel (conf 0.72)") == "Intel conflict: LONG vs SHORT intel")
        #expect(key("", nil) == "unknown")
        #expect(key(nil, "(only details)") == "unknown")
    }
}
