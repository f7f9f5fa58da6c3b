import EventLog
import Foundation
import HindsightTestSupport
import PropertyBased
import Testing

@testable import Learners

/// `DisagreementBook.prune` works on the flat entry storage in place; its law: pruning at a cutoff leaves
/// exactly the book that recording only the outcomes of the kept minutes would have built, and the pruned book
/// goes on counting new pairs like that one (its bucket chains are intact). Random outcomes from a seed.
@Suite struct DisagreementPruneTests {
    static func outcome(_ rng: inout SeededGenerator, minute: Int64) -> SignalOutcomeResolved {
        let side: Side = [.long, .short, .neutral][
            Int.random(in: 0..<3, using: &rng) % 3 == 2 ? 2 : Int.random(in: 0..<2, using: &rng)
        ]
        let r = Double.random(in: -0.01...0.01, using: &rng)
        return SignalOutcomeResolved(
            symbol: ["A", "B", "C"][Int.random(in: 0..<3, using: &rng)],
            signalName: "s",
            side: side,
            sideRaw: side.description,
            confidence: 1,
            priceAtSignal: 100,
            signalTime: minute * 60_000_000 + Int64.random(in: 0..<60_000_000, using: &rng),
            horizons: Bool.random(using: &rng)
                ? [HorizonOutcome(horizon: .m5, price: 100 * (1 + r), returnFraction: r)] : []
        )
    }

    @Test func pruneEqualsRebuildingFromTheKeptOutcomes() async {
        await propertyCheck(count: 200, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SeededGenerator(seed: seed)
            let outcomes = (0..<Int.random(in: 0...300, using: &rng)).map { _ in
                (
                    Int32.random(in: -1...3, using: &rng),
                    Self.outcome(&rng, minute: Int64.random(in: 0...40, using: &rng))
                )
            }
            let cutoffMinute = Int64.random(in: -1...42, using: &rng)
            var stats = Array(repeating: ComponentOutcomeStats(), count: 4)
            var pruned = DisagreementBook()
            for (c, o) in outcomes { pruned.record(component: c, outcome: o, into: &stats) }
            pruned.prune(before: cutoffMinute * 60_000_000)
            var reference = DisagreementBook()
            var referenceStats = stats
            for (c, o) in outcomes where o.signalTime >= cutoffMinute * 60_000_000 {
                reference.record(component: c, outcome: o, into: &referenceStats)
            }
            #expect(pruned == reference, "seed \(seed)")
            // Both go on counting the same pairs.
            var a = stats
            var b = stats
            var later: [(Int32, SignalOutcomeResolved)] = []
            for _ in 0..<60 {
                let c = Int32.random(in: -1...3, using: &rng)
                let o = Self.outcome(&rng, minute: Int64.random(in: 30...45, using: &rng))
                later.append((c, o))
                pruned.record(component: c, outcome: o, into: &a)
                reference.record(component: c, outcome: o, into: &b)
            }
            #expect(a == b, "seed \(seed)")
            #expect(pruned == reference, "seed \(seed)")
            // A second prune of the pruned book (which compacts in place) keeps what a fresh book would hold.
            let secondCutoff = Int64.random(in: cutoffMinute...46, using: &rng) * 60_000_000
            pruned.prune(before: secondCutoff)
            var fresh = DisagreementBook()
            var freshStats = stats
            for (c, o) in outcomes + later where o.signalTime >= secondCutoff {
                fresh.record(component: c, outcome: o, into: &freshStats)
            }
            #expect(pruned == fresh, "seed \(seed)")
        }
    }
}
