import EventLog
import Foundation
import HindsightJSON
import Testing

@testable import Learners

@Suite struct SignalWeightsTests {
    typealias T = TestEvents

    /// EV = (Σ|r| of hits − Σ|r| of misses) / N_h, with N_h counting only outcomes that have the horizon.
    @Test func evIgnoresMissingHorizons() {
        var stats = ComponentOutcomeStats()
        stats.add(T.outcome("funding", returns: [(.m1, 0.002), (.h1, 0.010)]))  // long: both hits
        stats.add(T.outcome("funding", returns: [(.m1, -0.004)]))  // partial: 1h missing, 1m a miss
        stats.add(T.outcome("funding", side: .short, returns: [(.m1, -0.001), (.h1, 0.006)]))  // hit, miss
        #expect(stats.outcomes == 3)
        // 1m: hits 0.002, 0.001; miss 0.004 → (0.003 − 0.004) / 3
        #expect(abs(stats.horizons[0].ev - (-0.001 / 3)) < 1e-15)
        // 1h: hit 0.010, miss 0.006 over the 2 outcomes that resolved it (the reference divided by 3).
        #expect(abs(stats.horizons[4].ev - 0.002) < 1e-15)
        #expect(stats.horizons[1].count == 0)
        let best = stats.bestHorizon!
        #expect(best.horizon == .h1)
        #expect(abs(best.ev - 0.002) < 1e-15)
    }

    @Test func recordedHitWinsOverSign() {
        var stats = ComponentOutcomeStats()
        stats.add(T.outcome("hurst", returns: [(.m5, 0.01)], hits: [.m5: false]))
        #expect(stats.horizons[1].ev == -0.01)
    }

    @Test func bestHorizonTiesGoToEarliestAndNoDataIsNil() {
        var stats = ComponentOutcomeStats()
        #expect(stats.bestHorizon == nil)
        stats.add(T.outcome("hurst", returns: [(.m15, 0.01), (.h1, 0.01)]))
        #expect(stats.bestHorizon?.horizon == .m15)
    }

    @Test func normalizeKeepsFloorAfterNormalization() {
        // Plain normalization would leave 0.02 under the floor: it is pinned and the rest share 0.95.
        let w = SignalWeightMath.normalize([0.02, 0.3, 0.68], floor: 0.05)
        #expect(w == [0.05, 0.2908, 0.6592])
        let plain = SignalWeightMath.normalize([0.2, 0.3, 0.5], floor: 0.05)
        #expect(plain == [0.2, 0.3, 0.5])
        // Two rounds of pinning: 0.0505 falls below the floor only after 0.001 is pinned (0.0505 × 0.95 / 0.999).
        let twoRounds = SignalWeightMath.normalize([0.001, 0.0505, 0.9485], floor: 0.05)
        #expect(twoRounds == [0.05, 0.05, 0.9])
    }

    @Test func relativeChangeCapsBonusAndVenueClamp() {
        let c = SignalWeightsConfiguration()
        #expect(
            SignalWeightMath.relativeChange(bestEV: 0.004, disagreementWinRate: nil, configuration: c, at: 0) == 0.04
        )
        #expect(SignalWeightMath.relativeChange(bestEV: 0.05, disagreementWinRate: nil, configuration: c, at: 0) == 0.2)
        #expect(
            SignalWeightMath.relativeChange(bestEV: -0.05, disagreementWinRate: nil, configuration: c, at: 0) == -0.2
        )
        // dwr 0.7 → bonus clamp(0.04) = 0.04; dwr 0.52 → no bonus; dwr 0 → −0.05 (clamped).
        #expect(
            abs(
                SignalWeightMath.relativeChange(bestEV: 0.004, disagreementWinRate: 0.7, configuration: c, at: 0) - 0.08
            ) < 1e-15
        )
        #expect(
            SignalWeightMath.relativeChange(bestEV: 0.004, disagreementWinRate: 0.52, configuration: c, at: 0) == 0.04
        )
        #expect(abs(SignalWeightMath.disagreementBonus(winRate: 0) + 0.05) < 1e-15)
        // Venue clamp without a start date: multiplier 0.1 → 0.2 becomes 0.02.
        var clamped = c
        clamped.venueClamp = .init(enabled: true)
        #expect(
            abs(
                SignalWeightMath.relativeChange(bestEV: 0.05, disagreementWinRate: nil, configuration: clamped, at: 0)
                    - 0.02
            ) < 1e-15
        )
        // Seven days into a 14-day ramp: m = 0.1 + 0.9 × 0.5 = 0.55 → 0.11, then capped at 0.10.
        clamped.venueClamp = .init(enabled: true, migrationStart: 1)
        #expect(abs(SignalWeightMath.venueMultiplier(clamped.venueClamp, at: 7 * T.day + 1) - 0.55) < 1e-15)
        #expect(
            abs(
                SignalWeightMath.relativeChange(
                    bestEV: 0.05,
                    disagreementWinRate: nil,
                    configuration: clamped,
                    at: 7 * T.day + 1
                ) - 0.10
            ) < 1e-15
        )
        #expect(
            SignalWeightMath.relativeChange(
                bestEV: 0.05,
                disagreementWinRate: nil,
                configuration: clamped,
                at: 30 * T.day
            ) == 0.2
        )
    }

    private func twoComponentConfig(minSamples: Int = 3) -> SignalWeightsConfiguration {
        SignalWeightsConfiguration(
            components: [.init(name: "a", weight: 0.5), .init(name: "b", weight: 0.5)],
            minSamples: minSamples,
            disagreementBonus: false
        )
    }

    /// A cycle: "a" has 3 outcomes of +1 % at 1h (EV 0.01 → +10 %), "b" has 2 (< min 3) and keeps its weight.
    /// Raw 0.55 / 0.5 → normalized 0.5238 / 0.4762.
    @Test func cycleMovesOnlyComponentsWithEnoughSamples() throws {
        var learner = try SignalWeightsLearner(configuration: twoComponentConfig())
        for i in 0..<3 { learner.observe(T.outcome("a", at: Int64(i), returns: [(.h1, 0.01)])) }
        for i in 0..<2 { learner.observe(T.outcome("b", at: Int64(i), returns: [(.h1, -0.01)])) }
        learner.observe(T.outcome("ensemble", returns: [(.h1, 0.01)]))
        learner.learn(at: 12 * T.hour)
        #expect(learner.weights == [0.5238, 0.4762])
        #expect(learner.totalOutcomes == 6)
        #expect(learner.decisions[0].reasoning == "EV=0.0100, best_horizon=1h, increased 10.0%")
        #expect(learner.decisions[1].reasoning == "Insufficient data (2 < 3 samples), keeping current weight")
        // Weights as of a time: defaults before the cycle, the new ones from it on.
        #expect(learner.weights(asOf: 12 * T.hour - 1) == [0.5, 0.5])
        #expect(learner.weights(asOf: 12 * T.hour) == [0.5238, 0.4762])
        #expect(learner.weight(of: "b", asOf: .max) == 0.4762)
        #expect(learner.weight(of: "ensemble", asOf: .max) == nil)
    }

    /// The change per cycle is capped at ±20 % before normalization, and compounding happens cycle by cycle.
    @Test func changeIsCappedPerCycle() throws {
        var learner = try SignalWeightsLearner(configuration: twoComponentConfig())
        for i in 0..<3 { learner.observe(T.outcome("a", at: Int64(i), returns: [(.h1, 0.5)])) }
        learner.learn(at: 0)
        // 0.5 × 1.2 = 0.6 vs 0.5 → 0.5455 / 0.4545
        #expect(learner.weights == [0.5455, 0.4545])
        learner.learn(at: 12 * T.hour)
        // 0.5455 × 1.2 = 0.6546 vs 0.4545 → 0.5902 / 0.4098
        #expect(learner.weights == [0.5902, 0.4098])
        #expect(learner.history.count == 2)
        #expect(learner.history[1].weights == [0.5455, 0.4545])
    }

    @Test func historyIsCapped() throws {
        var config = twoComponentConfig()
        config.historyLimit = 3
        var learner = try SignalWeightsLearner(configuration: config)
        for k in 0..<5 { learner.learn(at: Int64(k) * 12 * T.hour) }
        #expect(learner.history.count == 3)
        #expect(learner.history.last?.time == 36 * T.hour)
        #expect(learner.timeline.count == 6)
    }

    /// Disagreements: outcomes of the same symbol and minute with opposite sides; the 5m hit decides the win.
    @Test func disagreementBonusCountsPairsOnce() throws {
        var config = twoComponentConfig()
        config.disagreementBonus = true
        var learner = try SignalWeightsLearner(configuration: config)
        let minute: Int64 = 60_000_000
        learner.observe(T.outcome("a", side: .long, at: 10 * minute + 1, returns: [(.m5, 0.01)]))
        learner.observe(T.outcome("b", side: .short, at: 10 * minute + 2, returns: [(.m5, 0.01)]))
        learner.observe(T.outcome("b", side: .short, at: 11 * minute, returns: [(.m5, -0.01)]))  // other minute
        learner.observe(T.outcome("a", side: .long, at: 10 * minute + 3, returns: [(.m5, 0.02)]))
        #expect(learner.stats[0].disagreements == 2)
        #expect(learner.stats[0].disagreementWins == 2)
        #expect(learner.stats[1].disagreements == 2)
        #expect(learner.stats[1].disagreementWins == 0)
    }

    @Test func exportHasReferenceShapeAndIsDeterministic() throws {
        func run() throws -> SignalWeightsLearner {
            var learner = try SignalWeightsLearner()
            for i in 0..<60 {
                learner.observe(
                    T.outcome("liquidation", at: Int64(i) * 60_000_000, returns: [(.m1, 0.001), (.h1, 0.004)])
                )
            }
            learner.learn(at: 1_765_843_200_000_000)  // 2025-12-16T00:00:00Z
            return learner
        }
        let learner = try run()
        #expect(learner.exportBytes() == (try run()).exportBytes())
        let json = learner.exportJSON()
        #expect(
            json.objectValue!.map(\.0) == [
                "best_horizons", "config", "data_quality", "evs_by_horizon", "history", "reasoning", "updated_at",
                "weights",
            ]
        )
        #expect(json["updated_at"] == .string("2025-12-16T00:00:00"))
        #expect(json["best_horizons"]?["liquidation"] == .object([("ev", .double(0.004)), ("horizon", .string("1h"))]))
        #expect(json["data_quality"]?["signals_with_data"] == .array([.string("liquidation")]))
        #expect(json["data_quality"]?["total_outcomes"] == .int(60))
        #expect(
            json["config"]
                == .object([
                    ("max_weight_change_pct", .double(0.2)), ("min_samples", .int(50)),
                    ("min_weight_floor", .double(0.05)),
                ])
        )
        #expect(json["evs_by_horizon"]?["liquidation"]?["1h"] == .double(0.004))
        #expect(json["evs_by_horizon"]?["liquidation"]?.objectValue?.map(\.0) == ["15m", "1h", "1m", "30m", "5m"])
        #expect(json["history"]?.arrayValue?.count == 1)
        #expect(json["history"]?[0]?["ts"] == .string("2025-12-16T00:00:00"))
        // Every weight at or above the floor and the sum ≈ 1.
        let weights = json["weights"]!.objectValue!.map { $0.1.doubleValue! }
        #expect(weights.allSatisfy { $0 >= 0.05 })
        #expect(abs(weights.reduce(0, +) - 1) < 0.001)
        #expect(json["weights"]?["oi_divergence"] == .double(0.05))  // default 0.04 lifted to the floor
    }

    @Test func invalidConfigurationsAreRejected() {
        #expect(throws: LearnersError.self) { try SignalWeightsLearner(configuration: .init(minSamples: 0)) }
        #expect(throws: LearnersError.self) { try SignalWeightsLearner(configuration: .init(weightFloor: 0.2)) }
        #expect(throws: LearnersError.self) { try SignalWeightsLearner(configuration: .init(maxChangePct: 1.5)) }
    }

    @Test func timestampsFormatLikePython() {
        #expect(UTCTimestampFormat.pythonNaive(1_765_734_992_043_008) == "2025-12-14T17:56:32.043008")
        #expect(UTCTimestampFormat.pythonNaive(1_765_843_200_000_000) == "2025-12-16T00:00:00")
        #expect(UTCTimestampFormat.isoZulu(1_767_989_726_500_000) == "2026-01-09T20:15:26Z")
        #expect(UTCTimestampFormat.isoZulu(-1_000_000) == "1969-12-31T23:59:59Z")
        #expect(fixed(0.003992, places: 4) == "0.0040")
        #expect(fixed(-0.0002, places: 4) == "-0.0002")
        #expect(fixed(-0.00001, places: 4) == "0.0000")
        #expect(fixed(2.94, places: 1) == "2.9")
    }
}

@Suite struct SignalWeightsStateCodingTests {
    /// The state (with open disagreement buckets) survives JSON encoding: decoding and continuing gives the same
    /// learner as never encoding.
    @Test func stateRoundTripsThroughJSON() throws {
        var learner = try SignalWeightsLearner()
        let minute: Int64 = 60_000_000
        for k in 0..<30 {
            learner.observe(
                TestEvents.outcome(
                    ["liquidation", "funding", "ensemble"][k % 3],
                    symbol: k % 2 == 0 ? "BTCUSDT" : "ETHUSDT",
                    side: k % 4 < 2 ? .long : .short,
                    at: Int64(k / 6) * minute,
                    returns: [(.m5, k % 5 == 0 ? -0.001 : 0.002)]
                )
            )
        }
        let data = try JSONEncoder().encode(learner)
        var decoded = try JSONDecoder().decode(SignalWeightsLearner.self, from: data)
        #expect(decoded == learner)
        let more = TestEvents.outcome("funding", symbol: "BTCUSDT", side: .short, at: 0, returns: [(.m5, -0.01)])
        learner.observe(more)
        decoded.observe(more)
        #expect(decoded == learner)
        #expect(learner.stats[1].disagreements > 0)
        learner.learn(at: 3 * TestEvents.hour)
        decoded.learn(at: 3 * TestEvents.hour)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(try encoder.encode(decoded) == (try encoder.encode(learner)))
    }
}
