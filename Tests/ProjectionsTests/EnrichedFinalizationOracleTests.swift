import HindsightTestSupport
import PropertyBased
import Testing

@testable import Projections

/// The enriched-decisions finalization's one-pass removal of scattered indices against filtering.
@Suite struct EnrichedFinalizationOracleTests {
    /// Counts its deinitializations: the removal must release exactly the removed elements.
    final class Tracked: Sendable {
        let id: Int
        let released: Counter
        init(_ id: Int, _ released: Counter) {
            self.id = id
            self.released = released
        }
        deinit { released.add() }
    }

    final class Counter: @unchecked Sendable {
        var count = 0
        func add() { count += 1 }
    }

    @Test func removalAtScatteredIndicesMatchesFiltering() async throws {
        await propertyCheck(count: 100, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SeededGenerator(seed: seed)
            let released = Counter()
            let filler = Tracked(-1, released)
            var array = (0..<Int.random(in: 1...60, using: &rng)).map { Tracked($0, released) }
            var indices = array.indices.filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }
            if indices.isEmpty { indices = [Int.random(in: array.indices, using: &rng)] }
            let expected = array.indices.filter { !indices.contains($0) }.map { array[$0].id }
            EnrichedDecisions.remove(at: indices, from: &array, filler: filler)
            #expect(array.map(\.id) == expected, "seed \(seed)")
            #expect(released.count == indices.count, "seed \(seed)")
        }
    }
}
