import EventLog
import HindsightTestSupport
import PropertyBased
import Testing

@testable import Projections

/// The price-marks fast paths against the one-at-a-time definitions they replace: an outcome's marks merged into
/// a series in one pass, and the galloping searches. Random series (with duplicate times, stale prefixes and
/// forgetting thresholds) from a seed.
@Suite struct PriceMarksMergeTests {
    /// A series built by one-by-one inserts of random times in [0, span), under a random forgetting horizon.
    static func randomSeries(_ rng: inout SeededGenerator) -> (series: PriceMarks.Series, span: Int64) {
        var series = PriceMarks.Series()
        let span = Int64.random(in: 1...400, using: &rng)
        for _ in 0..<Int.random(in: 0...200, using: &rng) {
            let t = Int64.random(in: 0..<span, using: &rng)
            series.insert(time: t, price: Double(Int.random(in: 1...1000, using: &rng)), forgetBefore: 0)
        }
        return (series, span)
    }

    @Test func mergingIncreasingMarksEqualsInsertingThemOneByOne() async {
        await propertyCheck(count: 400, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SeededGenerator(seed: seed)
            var (series, span) = Self.randomSeries(&rng)
            // Stale horizons from none to most of the series, so the forgetting rule fires at varied marks.
            let horizon = Int64.random(in: -1...span, using: &rng)
            var marks: [PriceMarks.Mark] = []
            var t = Int64.random(in: max(0, horizon)...(span + 10), using: &rng)
            for _ in 0..<Int.random(in: 0...7, using: &rng) {
                marks.append(PriceMarks.Mark(time: t, price: Double(Int.random(in: 1...1000, using: &rng))))
                t += Int64.random(in: 1...40, using: &rng)
            }
            if Bool.random(using: &rng) { series.times.reserveCapacity(series.times.count + 8) }
            var expected = series
            for m in marks { expected.insert(time: m.time, price: m.price, forgetBefore: horizon) }
            marks.withUnsafeBufferPointer { series.insert(increasing: $0, forgetBefore: horizon) }
            #expect(series == expected, "seed \(seed): merged \(marks) with horizon \(horizon)")
        }
    }

    @Test func gallopingSearchesEqualTheBinarySearch() async {
        await propertyCheck(count: 300, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SeededGenerator(seed: seed)
            let (series, span) = Self.randomSeries(&rng)
            let times = series.times
            for _ in 0..<20 {
                let t = Int64.random(in: -5...(span + 5), using: &rng)
                let expected = PriceMarks.firstIndex(in: times, notLessThan: t)
                #expect(
                    PriceMarks.Series.firstIndexFromEnd(in: times, notLessThan: t) == expected,
                    "seed \(seed) t \(t)"
                )
                let hint = Int.random(in: 0...(times.count + 1), using: &rng)
                #expect(PriceMarks.firstIndex(in: times, notLessThan: t, from: hint) == expected, "seed \(seed) t \(t)")
                let bound = Int.random(in: 0...expected, using: &rng)
                #expect(
                    PriceMarks.Series.firstIndex(in: times, notLessThan: t, near: hint, atLeast: bound) == expected,
                    "seed \(seed) t \(t) hint \(hint) bound \(bound)"
                )
            }
        }
    }

    /// Whole-fold check: outcomes whose horizons come in any order (also repeated) give the series that
    /// inserting every price one by one gives.
    @Test func outcomesRecordLikeSingleInserts() async {
        await propertyCheck(count: 100, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SeededGenerator(seed: seed)
            var config = PriceMarksConfiguration()
            config.retentionSeconds = Int64.random(in: 600...20_000, using: &rng)
            var fast = PriceMarks(configuration: config)
            var slow = PriceMarks.Series()
            var watermark: Int64 = .min
            var time: Int64 = 1_000_000_000
            for seq in 0..<150 {
                time += Int64.random(in: 0...120, using: &rng) * 1_000_000
                watermark = max(watermark, time)
                var horizons = Horizon.allCases.filter { _ in Int.random(in: 0..<5, using: &rng) > 0 }
                if Int.random(in: 0..<8, using: &rng) == 0 { horizons.shuffle(using: &rng) }
                if Int.random(in: 0..<16, using: &rng) == 0, let h = horizons.first { horizons.append(h) }
                let signalTime = time - Int64.random(in: 0...4000, using: &rng) * 1_000_000
                let outcome = SignalOutcomeResolved(
                    symbol: "X",
                    signalName: "s",
                    side: .long,
                    sideRaw: "LONG",
                    confidence: 1,
                    priceAtSignal: Double(Int.random(in: 1...100, using: &rng)),
                    signalTime: signalTime,
                    horizons: horizons.map {
                        HorizonOutcome(horizon: $0, price: Bool.random(using: &rng) ? Double(seq + 1) : nil)
                    }
                )
                let event = Event(
                    seq: UInt64(seq),
                    eventTime: time,
                    ingestTime: time,
                    source: .signalOutcomes,
                    position: .none,
                    payload: .signalOutcomeResolved(outcome),
                    original: []
                )
                fast.record(event, watermark: watermark)
                let stale = watermark - config.retentionSeconds * 1_000_000
                let prices =
                    [(signalTime, outcome.priceAtSignal)]
                    + outcome.horizons.map { (signalTime + $0.horizon.seconds * 1_000_000, $0.price) }
                for (t, p) in prices {
                    guard let p, p > 0, t >= stale else { continue }
                    slow.insert(time: t, price: p, forgetBefore: stale)
                }
            }
            #expect(fast.state.series["X"] ?? PriceMarks.Series() == slow, "seed \(seed)")
        }
    }
}
