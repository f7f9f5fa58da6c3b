import EventLog
import HindsightJSON
import Testing

@testable import Learners

@Suite struct KilledCombosTests {
    typealias T = TestEvents

    /// `wins` winners of +10 USD and `losses` losers of −20 USD, one per hour from `start`.
    private func feed(
        _ learner: inout KilledCombosLearner,
        symbol: String = "ETHUSDT",
        side: Side = .long,
        wins: Int,
        losses: Int,
        start: Int64
    ) {
        var t = start
        for k in 0..<(wins + losses) {
            let pnl = k < wins ? 10.0 : -20.0
            learner.observe(T.closed(symbol: symbol, side: side, closedAt: t, netReturn: pnl / 100, netPnlUSD: pnl))
            t += T.hour
        }
    }

    /// 20 trades, 7 wins (35 % < 40 %), P&L 70 − 260 < 0 → killed; 19 trades → not yet.
    @Test func killsAtTwentyTradesWithLowWinRateAndLoss() throws {
        var learner = try KilledCombosLearner()
        feed(&learner, wins: 7, losses: 12, start: 0)
        learner.learn(at: 24 * T.hour)
        #expect(learner.killed.isEmpty)
        feed(&learner, wins: 0, losses: 1, start: 20 * T.hour)
        learner.learn(at: 36 * T.hour)
        #expect(learner.killed == ["ETHUSDT_LONG"])
        #expect(learner.lastAdditions == ["ETHUSDT_LONG"])
        #expect(learner.combos[0].lastStats == ComboStats(trades: 20, wins: 7, pnlUSD: 70 - 260))
    }

    /// Win rate of exactly 40 % or a positive total does not kill.
    @Test func boundaryWinRateAndPositivePnlDoNotKill() throws {
        var learner = try KilledCombosLearner()
        feed(&learner, wins: 8, losses: 12, start: 0)  // 40 %: not < 40 %
        feed(&learner, symbol: "BTCUSDT", wins: 7, losses: 13, start: 0)
        learner.learn(at: 24 * T.hour)
        #expect(learner.killed == ["BTCUSDT_LONG"])
        var winners = try KilledCombosLearner()
        for k in 0..<20 {  // 5 wins of +100, 15 losses of −10: 25 % but net +350
            let pnl = k < 5 ? 100.0 : -10.0
            winners.observe(T.closed(closedAt: Int64(k), netReturn: pnl / 100, netPnlUSD: pnl))
        }
        winners.learn(at: T.hour)
        #expect(winners.killed.isEmpty)
    }

    /// Sides are normalized: `long` and `LONG` positions are one combo.
    @Test func sidesAreNormalized() throws {
        #expect(KilledCombosLearner.comboName(symbol: "ETHUSDT", side: .long) == "ETHUSDT_LONG")
        #expect(KilledCombosLearner.comboName(symbol: "ETHUSDT", side: .short) == "ETHUSDT_SHORT")
        #expect(KilledCombosLearner.comboName(symbol: "ETHUSDT", side: .neutral) == nil)
    }

    /// Trades older than the 168 h window drop out; a killed combo whose window recovers is revived.
    @Test func windowEvictionAndRevival() throws {
        var learner = try KilledCombosLearner()
        feed(&learner, wins: 5, losses: 15, start: 0)
        learner.learn(at: 24 * T.hour)
        #expect(learner.killed == ["ETHUSDT_LONG"])
        // A week later the old trades are out of the window; 20 new trades with 12 wins (60 %).
        feed(&learner, wins: 12, losses: 8, start: 200 * T.hour)
        learner.learn(at: 24 * T.hour + 168 * T.hour)
        #expect(learner.killed == ["ETHUSDT_LONG"])  // window [24h, 192h]: none of the new trades yet
        learner.learn(at: 228 * T.hour)
        #expect(learner.killed.isEmpty)
        #expect(learner.lastRevivals == ["ETHUSDT_LONG"])
        #expect(learner.combos[0].killIntervals == [KillInterval(killedAt: 24 * T.hour, revivedAt: 228 * T.hour)])
        #expect(learner.killed(asOf: 100 * T.hour) == ["ETHUSDT_LONG"])
        #expect(learner.killed(asOf: 228 * T.hour).isEmpty)
    }

    @Test func referenceVariantNeverRevives() throws {
        var learner = try KilledCombosLearner(configuration: .referenceCode)
        feed(&learner, wins: 6, losses: 14, start: 0)  // 30 % < 35 %
        learner.learn(at: 24 * T.hour)
        feed(&learner, wins: 20, losses: 0, start: 200 * T.hour)
        learner.learn(at: 400 * T.hour)
        #expect(learner.killed == ["ETHUSDT_LONG"])
    }

    /// Counterfactual outcomes of blocked entries after the kill count at weight 0.5: 40 of them reach the
    /// 20-trade minimum; 60 % positive → revived.
    @Test func counterfactualEvidenceRevives() throws {
        var learner = try KilledCombosLearner()
        feed(&learner, wins: 5, losses: 15, start: 0)
        learner.learn(at: 24 * T.hour)
        for k in 0..<39 {
            learner.observeBlockedOutcome(
                symbol: "ETHUSDT",
                side: .long,
                decisionTime: 30 * T.hour + Int64(k),
                netReturn: k % 5 < 3 ? 0.01 : -0.01,
                weight: 0.5
            )
        }
        // Evidence before the kill and for other combos is ignored.
        learner.observeBlockedOutcome(
            symbol: "ETHUSDT",
            side: .long,
            decisionTime: T.hour,
            netReturn: 0.01,
            weight: 0.5
        )
        learner.observeBlockedOutcome(
            symbol: "XRPUSDT",
            side: .long,
            decisionTime: 30 * T.hour,
            netReturn: 0.01,
            weight: 0.5
        )
        learner.learn(at: 36 * T.hour)
        #expect(learner.killed == ["ETHUSDT_LONG"])  // 19.5 < 20
        learner.observeBlockedOutcome(
            symbol: "ETHUSDT",
            side: .long,
            decisionTime: 31 * T.hour,
            netReturn: 0.01,
            weight: 0.5
        )
        learner.learn(at: 48 * T.hour)
        #expect(learner.killed.isEmpty)
        #expect(learner.record(of: "XRPUSDT_LONG") == nil)
    }

    /// The comparison counts a trade as blocked when its combo was killed at the trade's opening time.
    @Test func comparisonUsesKillStatusAtOpening() throws {
        var learner = try KilledCombosLearner()
        feed(&learner, wins: 5, losses: 15, start: 0)
        learner.learn(at: 24 * T.hour)
        // Opened before the kill, closed after: not blocked. Opened after: blocked.
        learner.observe(
            T.closed(symbol: "ETHUSDT", openedAt: 23 * T.hour, closedAt: 25 * T.hour, netReturn: -0.1, netPnlUSD: -10)
        )
        learner.observe(
            T.closed(symbol: "ETHUSDT", openedAt: 25 * T.hour, closedAt: 26 * T.hour, netReturn: -0.3, netPnlUSD: -30)
        )
        #expect(learner.comparison.trades == 22)
        #expect(learner.comparison.blockedTrades == 1)
        #expect(learner.comparison.blockedPnlUSD == -30)
        #expect(learner.comparison.keptPnlUSD == 5 * 10 - 15 * 20 - 10)
    }

    @Test func exportShape() throws {
        var learner = try KilledCombosLearner()
        let now: Int64 = 1_765_734_992_043_008
        feed(&learner, side: .short, wins: 5, losses: 15, start: now - 30 * T.hour)
        feed(&learner, symbol: "BTCUSDT", wins: 5, losses: 15, start: now - 30 * T.hour)
        learner.observe(T.closed(closedAt: 1, netReturn: nil, netPnlUSD: nil))
        #expect(learner.skippedTrades == 1)
        learner.learn(at: now)
        let json = learner.exportJSON()
        #expect(json.objectValue?.map(\.0) == ["killed", "last_additions", "reason", "updated_at"])
        #expect(json["killed"] == .array([.string("BTCUSDT_LONG"), .string("ETHUSDT_SHORT")]))
        #expect(json["updated_at"] == .string("2025-12-14T17:56:32.043008"))
        let text = String(decoding: learner.exportBytes(), as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"killed\": [\n    \"BTCUSDT_LONG\",\n"))
    }
}
