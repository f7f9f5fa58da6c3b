import EventLog
import HindsightTestSupport
import PropertyBased
import Testing

@testable import Projections

/// The enriched-decisions state's fast paths against their straightforward versions: the one-pass removal of
/// scattered indices against filtering, the position table against a `Dictionary`.
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

    /// Random inserts, removals and look-ups, with opening times from a small range (probe runs that wrap
    /// around the table, equal times with different symbols) and enough keys to make the table grow.
    @Test func positionTableMatchesADictionary() async throws {
        await propertyCheck(count: 60, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SeededGenerator(seed: seed)
            var table = EnrichedDecisions.PositionTable()
            var oracle: [PositionKey: Int] = [:]
            let span = Int64.random(in: 1...400, using: &rng)
            func randomKey(_ rng: inout SeededGenerator) -> PositionKey {
                PositionKey(
                    symbol: ["BTCUSDT", "ETHUSDT", "SOLUSDT"][Int.random(in: 0..<3, using: &rng)],
                    strategy: "alpha",
                    directionRaw: Bool.random(using: &rng) ? "LONG" : "SHORT",
                    openedAt: Int64.random(in: 0...span, using: &rng) * 1_000_000
                )
            }
            var serial = 0
            var failures = 0
            for _ in 0..<600 {
                let key = randomKey(&rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0:
                    table.insert(key, serial: serial)
                    oracle[key] = serial
                    serial += 1
                case 1:
                    if let held = oracle[key] {
                        table.remove(serial: held, openedAt: key.openedAt)
                        oracle[key] = nil
                    }
                default:
                    if table.serial(of: key) != oracle[key] { failures += 1 }
                }
                if table.count != oracle.count { failures += 1 }
            }
            for (key, held) in oracle where table.serial(of: key) != held { failures += 1 }
            #expect(failures == 0, "seed \(seed)")
        }
    }
}
