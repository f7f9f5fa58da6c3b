import EventLog
import HindsightTestSupport
import Projections
import PropertyBased
import Testing

@testable import Learners

/// `KilledCombosLearner` finds combos through a lookup derived from `combos` (`ComboLookup`): a learner decoded
/// from its saved state after every step (so its lookup is rebuilt from the combo names each time) must fold
/// exactly like one that kept its lookup, for symbols whose names end in a side suffix, non-ASCII and long ones.
@Suite struct KilledCombosLookupTests {
    static let symbols = ["BTCUSDT", "X_LONG", "Y_SHORT", "ÉTHUSDT", "A_VERY_LONG_SYMBOL_NAME_USDT", "B", "BTC"]

    @Test func aLearnerRestoredAfterEveryStepFoldsLikeOneFoldedStraight() async throws {
        await propertyCheck(count: 25, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SeededGenerator(seed: seed)
            let configuration = KilledCombosConfiguration(minTrades: 2, maxWinRate: 0.5, schedule: .every(hours: 1))
            guard var straight = try? KilledCombosLearner(configuration: configuration) else {
                Issue.record("configuration refused")
                return
            }
            var restored = straight
            var t: Int64 = 0
            for _ in 0..<80 {
                t += Int64.random(in: 0...(TestEvents.hour / 2), using: &rng)
                let symbol = Self.symbols.randomElement(using: &rng)!
                let side: Side = [.long, .short, .neutral].randomElement(using: &rng)!
                switch Int.random(in: 0..<4, using: &rng) {
                case 0, 1:
                    let pnl = Double(Int.random(in: -30...10, using: &rng))
                    let closed = TestEvents.closed(
                        symbol: symbol,
                        side: side,
                        closedAt: t,
                        netReturn: pnl / 100,
                        netPnlUSD: pnl
                    )
                    straight.observe(closed)
                    restored.observe(closed)
                case 2:
                    let r = Double(Int.random(in: -5...5, using: &rng)) / 100
                    let decided = t - Int64.random(in: 0...(3 * TestEvents.hour), using: &rng)
                    straight.observeBlockedOutcome(
                        symbol: symbol,
                        side: side,
                        decisionTime: decided,
                        netReturn: r,
                        weight: 0.5
                    )
                    restored.observeBlockedOutcome(
                        symbol: symbol,
                        side: side,
                        decisionTime: decided,
                        netReturn: r,
                        weight: 0.5
                    )
                default:
                    straight.learn(at: t)
                    restored.learn(at: t)
                }
                guard let bytes = try? StateCoding.encode(restored),
                    let decoded = try? StateCoding.decode(KilledCombosLearner.self, from: bytes)
                else {
                    Issue.record("seed \(seed): the state does not round-trip")
                    return
                }
                restored = decoded
                // The lookup (rebuilt or kept) finds exactly the combo a search by name finds.
                for symbol in Self.symbols {
                    for side in [Side.long, .short] {
                        let name = KilledCombosLearner.comboName(symbol: symbol, side: side)!
                        let byName = straight.combos.firstIndex { $0.combo == name }
                        #expect(straight.comboIndex(symbol: symbol, side: side) == byName, "seed \(seed): \(name)")
                        #expect(restored.comboIndex(symbol: symbol, side: side) == byName, "seed \(seed): \(name)")
                    }
                }
            }
            #expect(restored == straight, "seed \(seed)")
            #expect((try? StateCoding.encode(restored)) == (try? StateCoding.encode(straight)), "seed \(seed)")
            #expect(restored.exportBytes() == straight.exportBytes(), "seed \(seed)")
        }
    }
}
