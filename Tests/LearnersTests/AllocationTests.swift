import EventLog
import Foundation
import HindsightJSON
import Testing

@testable import Learners

@Suite struct AllocationTests {
    typealias T = TestEvents

    private func allocations(_ book: AllocationBook) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: book.buckets.map { ($0.name, $0.allocation) })
    }

    /// Seed 004's worked example, corrected (issue 5): trade 1 (15m, +5 %) changes nothing (one bucket with
    /// trades); trade 2 (1h, −2 %) moves 15m up and 1h down by 0.003 × min(1, 1/5) = 0.0006; 4h has no trade
    /// and stays at 0.35.
    @Test func seedWorkedExampleCorrected() throws {
        var learner = try AllocationLearner()
        #expect(learner.observe(T.closed(closedAt: 0, netReturn: 0.05, timeframe: "15m")) == .tooFewBuckets)
        #expect(allocations(learner.book) == ["15m": 0.15, "1h": 0.50, "4h": 0.35])
        #expect(learner.observe(T.closed(closedAt: T.hour, netReturn: -0.02, timeframe: "1h")) == .updated)
        let a = allocations(learner.book)
        #expect(rounded(a["15m"]!, places: 4) == 0.1506)
        #expect(rounded(a["1h"]!, places: 4) == 0.4994)
        #expect(rounded(a["4h"]!, places: 4) == 0.35)
        #expect(a["4h"] == 0.35)
        #expect(abs(a.values.reduce(0, +) - 1) < 1e-12)
        // The first trade of a bucket sets its averages.
        #expect(learner.book.buckets[0].roiShort == 0.05)
        #expect(learner.book.buckets[1].roiLong == -0.02)
        #expect(learner.book.global.n == 2)
    }

    /// Trade 3 of the seed (4h, +3 %): T = all three, desired ∝ max(roi, 0) = (0.05, 0, 0.03) of mass 1, i.e.
    /// 0.625 / 0 / 0.375; each bucket moves 0.0006 toward it, then T is renormalized to 1.
    @Test func seedTradeThree() throws {
        var learner = try AllocationLearner()
        learner.observe(T.closed(closedAt: 0, netReturn: 0.05, timeframe: "15m"))
        learner.observe(T.closed(closedAt: T.hour, netReturn: -0.02, timeframe: "1h"))
        learner.observe(T.closed(closedAt: 2 * T.hour, netReturn: 0.03, timeframe: "4h"))
        let a = allocations(learner.book)
        let raw = [0.1506 + 0.0006, 0.4994 - 0.0006, 0.35 + 0.0006]
        let total = raw.reduce(0, +)
        #expect(abs(a["15m"]! - raw[0] / total) < 1e-12)
        #expect(abs(a["1h"]! - raw[1] / total) < 1e-12)
        #expect(abs(a["4h"]! - raw[2] / total) < 1e-12)
    }

    @Test func decayedAverageHandComputed() {
        var avg = DecayedAverage(tauSeconds: 14 * 86_400)
        #expect(avg.value == nil)
        avg.add(0.10, at: 0)
        avg.add(0.20, at: 0)
        #expect(abs(avg.value! - 0.15) < 1e-15)  // same instant: equal weights
        avg.add(-0.3, at: 14 * T.day)  // one τ later: the old mass is multiplied by e^-1
        let e = exp(-1.0)
        #expect(abs(avg.value! - (0.30 * e - 0.3) / (2 * e + 1)) < 1e-15)
        avg.add(1.0, at: 13 * T.day)  // out of order: Δt treated as 0
        #expect(abs(avg.value! - (0.30 * e - 0.3 + 1.0) / (2 * e + 2)) < 1e-15)
    }

    @Test func noPositiveROIKeepsAllocation() throws {
        var learner = try AllocationLearner()
        learner.observe(T.closed(closedAt: 0, netReturn: -0.01, timeframe: "15m"))
        #expect(learner.observe(T.closed(closedAt: 1, netReturn: -0.02, timeframe: "4h")) == .noPositiveROI)
        #expect(allocations(learner.book) == ["15m": 0.15, "1h": 0.50, "4h": 0.35])
        #expect(learner.book.count(of: .noPositiveROI) == 1)
        #expect(learner.book.count(of: .tooFewBuckets) == 1)
        #expect(learner.book.lastDecision == .noPositiveROI)
    }

    @Test func missingNetReturnIsNotFolded() throws {
        var learner = try AllocationLearner()
        #expect(learner.observe(T.closed(closedAt: 0, netReturn: nil, timeframe: "15m")) == .noNetReturn)
        #expect(learner.book.buckets.allSatisfy { $0.n == 0 })
        #expect(learner.book.global.n == 0)
    }

    /// After five trades per bucket the full 0.003 step applies; the untraded bucket never moves.
    @Test func fullStepAfterFiveTradesAndUntradedBucketFixed() throws {
        var learner = try AllocationLearner()
        var t: Int64 = 0
        for _ in 0..<5 {
            learner.observe(T.closed(closedAt: t, netReturn: 0.04, timeframe: "15m"))
            learner.observe(T.closed(closedAt: t + 1, netReturn: -0.01, timeframe: "1h"))
            t += T.hour
        }
        let before = allocations(learner.book)
        learner.observe(T.closed(closedAt: t, netReturn: 0.04, timeframe: "15m"))
        let after = allocations(learner.book)
        #expect(abs(after["15m"]! - before["15m"]! - 0.003) < 1e-12)
        #expect(abs(after["1h"]! - before["1h"]! + 0.003) < 1e-12)
        #expect(after["4h"] == 0.35)
    }

    /// Strategy buckets (no timeframe): newcomers join with an equal share and the total stays 1.
    @Test func strategyBucketsJoinWithEqualShare() throws {
        var learner = try AllocationLearner(configuration: .init(initialAllocation: []))
        learner.observe(T.closed(strategy: "alpha", closedAt: 0, netReturn: 0.01))
        #expect(allocations(learner.book) == ["alpha": 1.0])
        learner.observe(T.closed(strategy: "beta", closedAt: 1, netReturn: 0.02))
        let a = allocations(learner.book)
        #expect(abs(a.values.reduce(0, +) - 1) < 1e-12)
        // beta joined at 0.5, then moved +0.0006 toward its larger desired share.
        #expect(abs(a["beta"]! - 0.5006) < 1e-12)
    }

    @Test func ruleIsPureAndBounded() throws {
        let result = AllocationRule.step(
            allocations: [0.2, 0.3],
            roiShort: [0.01, 0.03],
            counts: [10, 10],
            maxStep: 0.003,
            fullStepTrades: 5
        )
        // mass 0.5; desired 0.125 / 0.375; each moves 0.003.
        #expect(try result.get().map { rounded($0, places: 12) } == [0.197, 0.303])
        let single = AllocationRule.step(
            allocations: [1],
            roiShort: [1],
            counts: [1],
            maxStep: 0.003,
            fullStepTrades: 5
        )
        #expect(single == .failure(.tooFewBuckets))
    }

    /// allocation@1: α = 1/2 EWMA, weight = clip(bucket ÷ global, 0.5, 2), normalized, instant.
    @Test func versionOneRule() throws {
        var learner = try AllocationLearnerV1()
        learner.observe(T.closed(closedAt: 0, netReturn: 0.05, timeframe: "15m"))
        // global 0.05, 15m 0.05 → weight 1; the others 1 → equal thirds.
        #expect(learner.book.buckets.allSatisfy { abs($0.allocation - 1.0 / 3) < 1e-12 })
        learner.observe(T.closed(closedAt: 1, netReturn: -0.02, timeframe: "1h"))
        // global = 0.5·0.05 + 0.5·(−0.02) = 0.015; 15m 0.05/0.015 → clip 2; 1h −0.02/0.015 → clip 0.5; 4h 1.
        let a = allocations(learner.book)
        #expect(abs(a["15m"]! - 2 / 3.5) < 1e-12)
        #expect(abs(a["1h"]! - 0.5 / 3.5) < 1e-12)
        #expect(abs(a["4h"]! - 1 / 3.5) < 1e-12)
        learner.observe(T.closed(closedAt: 2, netReturn: 0.01, timeframe: "15m"))
        #expect(abs(learner.book.buckets[0].roiShort! - 0.03) < 1e-15)  // (0.05 + 0.01) / 2
        #expect(abs(AllocationLearnerV1.alpha(ageSeconds: 0, tauSeconds: 14 * 86_400) - 0.5) < 1e-15)
        #expect(abs(AllocationLearnerV1.alpha(ageSeconds: 86_400, tauSeconds: 14 * 86_400) - 0.482) < 0.001)
    }

    /// The comparison uses the allocation before the trade is folded.
    @Test func comparisonUsesAllocationBeforeTheTrade() throws {
        var learner = try AllocationLearner()
        learner.observe(T.closed(closedAt: 0, netReturn: 0.05, netPnlUSD: 5, timeframe: "15m"))
        learner.observe(T.closed(closedAt: 1, netReturn: -0.02, netPnlUSD: -2, timeframe: "1h"))
        #expect(learner.comparison.trades == 2)
        #expect(abs(learner.comparison.allocatedReturn - (0.15 * 0.05 + 0.50 * -0.02)) < 1e-15)
        #expect(abs(learner.comparison.allocatedPnlUSD - (0.15 * 5 + 0.5 * -2)) < 1e-12)
        #expect(learner.comparison.pnlUSD == 3)
    }

    @Test func exportShapeAndDeterminism() throws {
        func run() throws -> [UInt8] {
            var learner = try AllocationLearner()
            learner.observe(T.closed(closedAt: 1_767_989_726_000_000, netReturn: 0.05, timeframe: "15m"))
            learner.observe(T.closed(closedAt: 1_767_989_727_000_000, netReturn: -0.02, timeframe: "1h"))
            return learner.book.exportBytes()
        }
        let bytes = try run()
        #expect(bytes == (try run()))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(
            text == """
                {
                  "global_roi": {
                    "n": 2,
                    "roi_long": 0.015,
                    "roi_short": 0.015,
                    "updated_at": "2026-01-09T20:15:27Z"
                  },
                  "timeframe_allocation": {
                    "15m": {
                      "current_allocation": 0.1506,
                      "n": 1,
                      "roi_long": 0.05,
                      "roi_short": 0.05,
                      "updated_at": "2026-01-09T20:15:26Z"
                    },
                    "1h": {
                      "current_allocation": 0.4994,
                      "n": 1,
                      "roi_long": -0.02,
                      "roi_short": -0.02,
                      "updated_at": "2026-01-09T20:15:27Z"
                    },
                    "4h": {
                      "current_allocation": 0.35,
                      "n": 0,
                      "roi_long": null,
                      "roi_short": null,
                      "updated_at": null
                    }
                  }
                }

                """
        )
    }
}
