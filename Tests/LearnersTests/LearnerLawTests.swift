import EventLog
import HindsightTestSupport
import Testing

@testable import Learners

/// Laws checked over seeded random inputs (200 cases each, reproducible from the seed).
@Suite struct LearnerLawTests {
    typealias T = TestEvents

    /// The allocation step keeps the mass of T, never goes negative and moves a bucket by a bounded amount.
    @Test(arguments: [1, 2, 3] as [UInt64]) func allocationStepConservesMass(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<200 {
            let k = Int.random(in: 2...5, using: &rng)
            let allocations = (0..<k).map { _ in Double.random(in: 0...0.4, using: &rng) }
            let roi = (0..<k).map { _ in Double.random(in: -0.05...0.05, using: &rng) }
            let counts = (0..<k).map { _ in Int.random(in: 1...12, using: &rng) }
            let result = AllocationRule.step(
                allocations: allocations,
                roiShort: roi,
                counts: counts,
                maxStep: 0.003,
                fullStepTrades: 5
            )
            switch result {
            case .failure(let reason):
                #expect(reason == .noPositiveROI)
                #expect(roi.allSatisfy { $0 <= 0 })
            case .success(let moved):
                let mass = allocations.reduce(0, +)
                #expect(abs(moved.reduce(0, +) - mass) < 1e-12)
                #expect(moved.allSatisfy { $0 >= 0 })
                // A step is ≤ 0.003, and renormalizing T moves a bucket by at most the total excess (≤ k × 0.003).
                for (a, b) in zip(allocations, moved) { #expect(abs(a - b) <= 0.003 * Double(k + 1) + 1e-12) }
            }
        }
    }

    /// Over random trade streams: the allocation sums to 1 after every trade, and a bucket without trades keeps
    /// its starting share exactly.
    @Test(arguments: [4, 5] as [UInt64]) func allocationTotalsAndUntradedBuckets(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        var learner = try AllocationLearner()
        var t: Int64 = 0
        for _ in 0..<300 {
            t += Int64.random(in: 0...(6 * T.hour), using: &rng)
            let tf = ["15m", "1h"][Int.random(in: 0...1, using: &rng)]  // 4h never trades
            learner.observe(
                T.closed(closedAt: t, netReturn: Double.random(in: -0.05...0.06, using: &rng), timeframe: tf)
            )
            #expect(abs(learner.book.buckets.reduce(0) { $0 + $1.allocation } - 1) < 1e-9)
            #expect(learner.book.allocation(of: "4h") == 0.35)
        }
    }

    /// Normalization: the floor holds, the sum is 1 up to rounding, and the order of unequal raw weights is kept.
    @Test(arguments: [6, 7] as [UInt64]) func normalizationKeepsFloorSumAndOrder(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<200 {
            let n = Int.random(in: 2...12, using: &rng)
            let raw = (0..<n).map { _ in Double.random(in: 0.001...1, using: &rng) }
            let w = SignalWeightMath.normalize(raw, floor: 0.05)
            #expect(w.allSatisfy { $0 >= 0.05 })
            #expect(abs(w.reduce(0, +) - 1) <= Double(n) * 0.00005 + 1e-12)
            for i in 0..<n {
                for j in 0..<n where raw[i] < raw[j] { #expect(w[i] <= w[j]) }
            }
        }
    }

    /// Killed combos: the set reported at any time equals the combos whose kill intervals contain that time,
    /// and every combo killed by a cycle met the kill condition at that cycle.
    @Test func killIntervalsAgreeWithCycles() throws {
        var rng = SeededGenerator(seed: 8)
        var learner = try KilledCombosLearner()
        var t: Int64 = 0
        var snapshots: [(time: Int64, killed: [String])] = []
        for cycle in 1...40 {
            while t < Int64(cycle) * 12 * T.hour {
                t += Int64.random(in: 1...(40 * 60_000_000), using: &rng)
                let symbol = ["AAAUSDT", "BBBUSDT", "CCCUSDT"][Int.random(in: 0...2, using: &rng)]
                let bias = symbol == "AAAUSDT" ? -0.3 : 0.05
                let pnl = Double.random(in: -1...1, using: &rng) + bias
                learner.observe(
                    T.closed(symbol: symbol, side: .long, closedAt: t, netReturn: pnl / 100, netPnlUSD: pnl)
                )
            }
            learner.learn(at: Int64(cycle) * 12 * T.hour)
            snapshots.append((Int64(cycle) * 12 * T.hour, learner.killed))
            for name in learner.lastAdditions {
                let stats = try #require(learner.record(of: name)).lastStats
                #expect(stats.trades >= 20 && stats.winRate < 0.40 && stats.pnlUSD < 0)
            }
        }
        for s in snapshots { #expect(learner.killed(asOf: s.time) == s.killed) }
        #expect(learner.killed(asOf: 0).isEmpty)
        #expect(snapshots.contains { $0.killed.contains("AAAUSDT_LONG") })
    }
}
