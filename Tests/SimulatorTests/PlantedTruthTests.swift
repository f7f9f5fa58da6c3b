import Foundation
import Simulator
import Testing

/// Checks that the planted facts are really in the written records, measured from the files themselves
/// (parsed with Foundation, not the simulator's own accumulators), and that truth.json agrees.
@Suite("Planted truth is in the data")
struct PlantedTruthTests {
    let root = SimulatorFixtures.statistical.root
    let truth = SimulatorFixtures.statistical.truth

    /// Hit rate per (component, horizon) over the outcome lines.
    private func hitRates() -> [String: [String: (hits: Int, n: Int)]] {
        var rates: [String: [String: (hits: Int, n: Int)]] = [:]
        for record in SimulatorFixtures.jsonLines(root.bytes(.signalOutcomes)) {
            guard let name = record["signal_name"] as? String, let hits = record["hits"] as? [String: Bool] else {
                continue
            }
            for (horizon, hit) in hits {
                var cell = rates[name, default: [:]][horizon, default: (0, 0)]
                cell.n += 1
                if hit { cell.hits += 1 }
                rates[name, default: [:]][horizon] = cell
            }
        }
        return rates
    }

    @Test("components with a planted edge hit measurably more (inverted: less) than 50 % at their best horizon")
    func componentEdges() throws {
        let rates = hitRates()
        for (name, component) in truth.components.sorted(by: { $0.key < $1.key }) {
            let byHorizon = try #require(rates[name], "no outcomes for \(name)")
            if let best = component.bestHorizon {
                let cell = try #require(byHorizon[best])
                let rate = Double(cell.hits) / Double(cell.n)
                // ≥ 1,000 samples: the standard error of a rate near 0.5 is ≤ 0.016.
                #expect(cell.n >= 1_000, "\(name): only \(cell.n) outcomes at \(best)")
                if component.plantedDrift > 0 {
                    #expect(rate > 0.54, "\(name) @\(best): hit rate \(rate)")
                } else {
                    #expect(rate < 0.46, "\(name) @\(best): hit rate \(rate) for an inverted edge")
                }
                // The planted horizon is where the edge peaks: it beats every other horizon's distance from 50 %.
                for (horizon, other) in byHorizon where horizon != best {
                    let otherRate = Double(other.hits) / Double(other.n)
                    #expect(abs(rate - 0.5) > abs(otherRate - 0.5), "\(name): \(horizon) beats planted \(best)")
                }
            } else {
                for (horizon, cell) in byHorizon {
                    let rate = Double(cell.hits) / Double(cell.n)
                    #expect(abs(rate - 0.5) < 0.05, "\(name) has no planted edge but hits \(rate) at \(horizon)")
                }
            }
            // truth.json's realized rates are the same measurement.
            for (horizon, cell) in byHorizon {
                let realized = try #require(component.realized.hitRate[horizon])
                #expect(abs(realized - Double(cell.hits) / Double(cell.n)) < 1e-12)
            }
        }
    }

    @Test("positive components' best horizon by the learner's EV is the planted one")
    func bestHorizonByEV() {
        for (name, component) in truth.components where component.plantedDrift > 0 {
            #expect(component.realized.bestHorizonByEV == component.bestHorizon, "\(name)")
        }
    }

    @Test("gates planted as winners block trades that would have won; losers block losers")
    func counterfactualGates() throws {
        for (name, gate) in truth.gates.sorted(by: { $0.key < $1.key }) {
            let realized = gate.realized
            #expect(realized.blocked >= 50, "\(name): only \(realized.blocked) blocked rows")
            let pnl = try #require(realized.meanPnlPct["60m"])
            switch gate.counterfactual {
            case "winner": #expect(pnl > 0.2, "\(name): mean 60m pnl \(pnl) %")
            case "loser": #expect(pnl < -0.2, "\(name): mean 60m pnl \(pnl) %")
            default: #expect(abs(pnl) < 0.2, "\(name): neutral gate has mean 60m pnl \(pnl) %")
            }
        }
    }

    /// Closed positions with the P&L recomputed from entry, exit and the true side.
    private func closedTrades() throws -> [(position: [String: Any], netROI: Double, pnl: Double)] {
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(root.bytes(.positions))) as? [String: Any]
        )
        let closed = try #require(document["closed_positions"] as? [[String: Any]])
        return closed.compactMap { p in
            guard let entry = p["entry_price"] as? Double, let exit = p["exit_price"] as? Double,
                let leverage = p["leverage"] as? Int, let margin = p["margin_collateral"] as? Double,
                let direction = p["direction"] as? String, p["opened_at"] is String
            else { return nil }
            let sign = direction.uppercased() == "LONG" ? 1.0 : -1.0
            let funding = p["funding_fees"] as? Double ?? 0
            let net =
                sign * (exit - entry) / entry * Double(leverage) - 2 * 0.0006 * Double(leverage) - funding / margin
            return (p, net, net * margin)
        }
    }

    @Test("the planted losing combo loses: win rate < 40 % over ≥ 20 closed trades with negative total P&L")
    func killedCombo() throws {
        let combo = try #require(truth.killedCombos.first)
        let trades = try closedTrades().filter {
            $0.position["symbol"] as? String == combo.symbol && $0.position["direction"] as? String == combo.direction
        }
        let wins = trades.filter { $0.pnl > 0 }.count
        #expect(trades.count >= 20)
        #expect(Double(wins) / Double(trades.count) < 0.4)
        #expect(trades.reduce(0) { $0 + $1.pnl } < 0)
        #expect(combo.realized.closed == trades.count)
    }

    @Test("timeframes rank by realized ROI as planted (1h best, 4h middle, 15m worst)")
    func timeframeRanking() throws {
        var sums: [String: (roi: Double, n: Int)] = [:]
        for trade in try closedTrades() {
            guard let tf = trade.position["timeframe"] as? String else { continue }
            sums[tf, default: (0, 0)].roi += trade.netROI
            sums[tf, default: (0, 0)].n += 1
        }
        let ranking = sums.keys.sorted { sums[$0]!.roi / Double(sums[$0]!.n) > sums[$1]!.roi / Double(sums[$1]!.n) }
        #expect(ranking == truth.timeframes.plantedRanking)
        #expect(truth.timeframes.plantedRanking == ["1h", "4h", "15m"])
        #expect(truth.timeframes.realizedRanking == ranking)
    }

    @Test("positions entered against strong intel lose more than aligned ones")
    func gateEffects() throws {
        let intel = try #require(truth.gateEffects["intel"])
        let strong = try #require(intel["strong_conflict"]?.realized.meanNetROI)
        let aligned = try #require(intel["aligned"]?.realized.meanNetROI)
        #expect(strong < aligned - 0.01)
        var byReason: [Bool: (roi: Double, n: Int)] = [:]
        for trade in try closedTrades() {
            guard let reason = trade.position["intel_reason"] as? String else { continue }
            let isStrong = reason.hasSuffix("_strong")
            byReason[isStrong, default: (0, 0)].roi += trade.netROI
            byReason[isStrong, default: (0, 0)].n += 1
        }
        let strongMean = byReason[true]!.roi / Double(byReason[true]!.n)
        let otherMean = byReason[false]!.roi / Double(byReason[false]!.n)
        #expect(strongMean < otherMean)
    }
}
