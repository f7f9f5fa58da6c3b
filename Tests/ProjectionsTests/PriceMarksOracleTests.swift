import EventLog
import HindsightTestSupport
import PropertyBased
import Testing

@testable import Projections

/// The price marks against the former single-array implementation (`OraclePriceMarks`): random event streams
/// (out-of-order and equal times, outcomes whose horizons repeat or come shuffled, positions closing long after
/// they opened, forgetting on a short retention) must leave the same content after every event, answer every
/// look-up the same, and encode to the same bytes.
@Suite struct PriceMarksOracleTests {
    static let symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT"]

    /// One random event around `time` (seconds), carrying prices the way the bot's records do.
    static func randomEvent(seq: Int, time: Int64, _ rng: inout SeededGenerator) -> Event {
        let symbol = symbols[Int.random(in: 0..<symbols.count, using: &rng)]
        let price = { (rng: inout SeededGenerator) -> Double? in
            switch Int.random(in: 0..<20, using: &rng) {
            case 0: nil
            case 1: -1
            case 2: .nan
            default: Double(Int.random(in: 1...1000, using: &rng))
            }
        }
        let micros = time * 1_000_000
        let payload: EventPayload
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<3:
            payload = .decisionLogged(
                DecisionLogged(
                    symbol: symbol,
                    side: .long,
                    sideRaw: "LONG",
                    disposition: .executed,
                    dispositionRaw: "EXECUTED",
                    entryPrice: price(&rng)
                )
            )
        case 3:
            payload = .tradeBlocked(
                TradeBlocked(
                    variant: .convictionGate,
                    symbol: symbol,
                    side: .long,
                    sideRaw: "LONG",
                    gate: "conviction",
                    reason: "r",
                    price: price(&rng),
                    strategy: "beta",
                    timeframe: "1h",
                    expectedMovePct: 1,
                    score: 0.4
                )
            )
        case 4..<8:
            var horizons = Horizon.allCases.filter { _ in Int.random(in: 0..<6, using: &rng) > 0 }
            if Int.random(in: 0..<8, using: &rng) == 0 { horizons.shuffle(using: &rng) }
            if Int.random(in: 0..<12, using: &rng) == 0, let h = horizons.randomElement(using: &rng) {
                horizons.append(h)
            }
            // Usually an hour back (the bot resolves the last horizon), sometimes further or nearer.
            let back: Int64 =
                Bool.random(using: &rng) ? 3600 : Int64.random(in: 0...(4 * 3600), using: &rng)
            var outcomeHorizons: [HorizonOutcome] = []
            for h in horizons { outcomeHorizons.append(HorizonOutcome(horizon: h, price: price(&rng))) }
            payload = .signalOutcomeResolved(
                SignalOutcomeResolved(
                    symbol: symbol,
                    signalName: "s",
                    side: .long,
                    sideRaw: "LONG",
                    confidence: 1,
                    priceAtSignal: price(&rng) ?? -1,
                    signalTime: micros - back * 1_000_000,
                    horizons: outcomeHorizons
                )
            )
        case 8:
            let key = PositionKey(symbol: symbol, strategy: "alpha", directionRaw: "LONG", openedAt: micros)
            payload = .positionOpened(
                PositionOpened(
                    key: key,
                    side: .long,
                    entryPrice: price(&rng) ?? 1,
                    sizeUSD: 1000,
                    leverage: 5,
                    marginUSD: 200,
                    timeframe: "1h"
                )
            )
        default:
            // Opened minutes to days ago: the entry price lands far back in the series.
            let openedAt = micros - Int64.random(in: 0...(3 * 86_400), using: &rng) * 1_000_000
            let key = PositionKey(symbol: symbol, strategy: "alpha", directionRaw: "LONG", openedAt: openedAt)
            payload = .positionClosed(
                PositionClosed(
                    key: key,
                    side: .long,
                    exitVariant: .standard,
                    entryPrice: price(&rng) ?? 1,
                    exitPrice: price(&rng) ?? 1,
                    sizeUSD: 1000,
                    leverage: 5,
                    marginUSD: 200,
                    closedAt: micros,
                    closeReason: "tp",
                    netReturn: 0,
                    netPnlUSD: 0,
                    timeframe: "1h"
                )
            )
        }
        return Event(
            seq: UInt64(seq),
            eventTime: micros,
            ingestTime: micros,
            source: .signals,
            position: .none,
            payload: payload,
            original: []
        )
    }

    /// Every symbol's content and the mark count are the oracle's.
    static func sameContent(_ marks: PriceMarks, _ oracle: OraclePriceMarks) -> Bool {
        guard marks.state.marksRecorded == oracle.state.marksRecorded,
            marks.state.series.keys.sorted() == oracle.state.series.keys.sorted()
        else { return false }
        return oracle.state.series.allSatisfy { symbol, series in
            marks.state.series[symbol]?.times == series.times && marks.state.series[symbol]?.prices == series.prices
        }
    }

    /// Random look-ups near `now` (seconds): each kind, and the cursor walk over increasing times.
    static func sameAnswers(
        _ marks: PriceMarks,
        _ oracle: OraclePriceMarks,
        now: Int64,
        _ rng: inout SeededGenerator
    ) -> Bool {
        for symbol in symbols + ["NONE"] {
            for _ in 0..<4 {
                let t =
                    (now - Int64.random(in: -600...(5 * 3600), using: &rng)) * 1_000_000
                    + Int64.random(in: -1...1, using: &rng)
                if marks.mark(symbol, atOrBefore: t) != oracle.mark(symbol, atOrBefore: t) { return false }
                if marks.mark(symbol, atOrAfter: t) != oracle.mark(symbol, atOrAfter: t) { return false }
                if marks.mark(symbol, at: t) != oracle.mark(symbol, at: t) { return false }
                let own = marks.marks(of: symbol)
                let former = oracle.marks(of: symbol)
                if own.mark(at: t) != former.mark(at: t) || own.mark(atOrBefore: t) != former.mark(atOrBefore: t) {
                    return false
                }
                var cursor = Int.random(in: 0...3, using: &rng) == 0 ? Int.random(in: 0...500, using: &rng) : 0
                var formerCursor = 0
                var exit = t
                for _ in 0..<6 {
                    if own.mark(atOrAfter: exit, cursor: &cursor) != former.mark(atOrAfter: exit, cursor: &formerCursor)
                    {
                        return false
                    }
                    exit += Int64.random(in: 0...2400, using: &rng) * 1_000_000
                }
            }
        }
        return true
    }

    @Test func randomStreamsMatchTheFormerImplementation() async throws {
        await propertyCheck(count: 25, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SeededGenerator(seed: seed)
            var config = PriceMarksConfiguration()
            config.retentionSeconds = Int64.random(in: 300...6000, using: &rng)
            config.maxStalenessSeconds = Int64.random(in: 10...900, using: &rng)
            var marks = PriceMarks(configuration: config)
            var oracle = OraclePriceMarks(configuration: config)
            var watermark = Int64.min
            var time: Int64 = 1_700_000_000
            var failures = 0
            for seq in 0..<1000 {
                // Mostly forward in small steps; sometimes the same second, sometimes an event out of order.
                switch Int.random(in: 0..<10, using: &rng) {
                case 0: break
                case 1: time -= Int64.random(in: 0...900, using: &rng)
                default: time += Int64.random(in: 1...40, using: &rng)
                }
                let event = Self.randomEvent(seq: seq, time: time, &rng)
                watermark = max(watermark, event.eventTime)
                marks.record(event, watermark: watermark)
                oracle.record(event, watermark: watermark)
                if !Self.sameContent(marks, oracle) { failures += 1 }
                if seq % 7 == 0, !Self.sameAnswers(marks, oracle, now: time, &rng) { failures += 1 }
                if failures > 0 { break }
            }
            #expect(failures == 0, "seed \(seed)")
            let encoded = try? StateCoding.encode(marks.state)
            #expect(encoded != nil && encoded == (try? StateCoding.encode(oracle.state)), "seed \(seed)")
        }
    }

    /// Series-level: random inserts (far back, within the last hours, at the end, equal times; alone or as an
    /// outcome's increasing batch) under a rising forgetting horizon, compared after every insert, with look-ups.
    @Test func seriesInsertsMatchTheFormerSeries() async {
        await propertyCheck(count: 200, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SeededGenerator(seed: seed)
            var series = PriceMarks.Series()
            var former = OraclePriceMarks.Series()
            var newest: Int64 = 0
            var horizon: Int64 = .min
            let hour: Int64 = 3_600_000_000
            let retention = Int64.random(in: 2...(4 * 60), using: &rng) * hour / 60
            let staleness = Int64.random(in: 1...600, using: &rng) * 1_000_000
            var ok = true
            for _ in 0..<Int.random(in: 0...900, using: &rng) {
                var t: Int64
                switch Int.random(in: 0..<8, using: &rng) {
                case 0: t = newest - Int64.random(in: 0...(retention / 1_000_000), using: &rng) * 1_000_000
                case 1, 2, 3: t = newest - Int64.random(in: 0...(90 * 60), using: &rng) * 1_000_000
                case 4: t = newest
                default: t = newest + Int64.random(in: 1...30, using: &rng) * 1_000_000
                }
                newest = max(newest, t)
                horizon = max(horizon, newest - retention)
                guard t >= horizon else { continue }
                let price = Double(Int.random(in: 1...1000, using: &rng))
                if Int.random(in: 0..<3, using: &rng) == 0 {
                    // An outcome's marks: increasing times from `t`, merged in one pass.
                    var batch = [PriceMarks.Mark(time: t, price: price)]
                    for _ in 0..<Int.random(in: 0...6, using: &rng) {
                        let next = batch[batch.count - 1].time + Int64.random(in: 1...1200, using: &rng) * 1_000_000
                        batch.append(PriceMarks.Mark(time: next, price: Double(Int.random(in: 1...1000, using: &rng))))
                    }
                    newest = max(newest, batch[batch.count - 1].time)
                    batch.withUnsafeBufferPointer { series.insert(increasing: $0, forgetBefore: horizon) }
                    for m in batch { former.insert(time: m.time, price: m.price, forgetBefore: horizon) }
                } else {
                    series.insert(time: t, price: price, forgetBefore: horizon)
                    former.insert(time: t, price: price, forgetBefore: horizon)
                }
                if series.times != former.times || series.prices != former.prices {
                    ok = false
                    break
                }
                let q = newest - Int64.random(in: -100...(4 * 3600), using: &rng) * 1_000_000
                if series.mark(atOrBefore: q, staleness: staleness) != former.mark(atOrBefore: q, staleness: staleness)
                    || series.mark(atOrAfter: q, staleness: staleness)
                        != former.mark(atOrAfter: q, staleness: staleness)
                {
                    ok = false
                    break
                }
            }
            #expect(ok, "seed \(seed)")
            let restored = try? StateCoding.decode(
                PriceMarks.Series.self,
                from: (try? StateCoding.encode(series)) ?? []
            )
            #expect(restored == series, "seed \(seed)")
            #expect((try? StateCoding.encode(series)) == (try? StateCoding.encode(former)), "seed \(seed)")
        }
    }
}
