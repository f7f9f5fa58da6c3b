import HindsightTestSupport
import PropertyBased
import Testing

@testable import Projections

/// `StringIndex` and `NameCounts` against the plain dictionaries they stand for. Names mix small strings (held in
/// the `String` value itself) and long ones built afresh for every use (equal bytes, different storage, so
/// different bits: the cache must miss and fall back), from a pool larger than the cache so that slots are
/// overwritten and collide.
@Suite struct StringIndexTests {
    /// The `k`th name of the pool, built anew on every call.
    static func name(_ k: Int) -> String {
        k % 3 == 0 ? "a_signal_name_that_is_long_\(k)" : "s\(k)"
    }

    @Test func idsAndLookUpsEqualADictionaryOfFirstInsertions() async {
        await propertyCheck(count: 200, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SeededGenerator(seed: seed)
            let pool = Int.random(in: 1...700, using: &rng)
            var index = StringIndex()
            var model: [String: Int32] = [:]
            var order: [String] = []
            var kept: [String] = []  // some names reused by value (same storage, same bits)
            for _ in 0..<2_000 {
                let name =
                    !kept.isEmpty && Bool.random(using: &rng)
                    ? kept.randomElement(using: &rng)! : Self.name(Int.random(in: 0..<pool, using: &rng))
                if kept.count < 50 { kept.append(name) }
                switch Int.random(in: 0..<3, using: &rng) {
                case 0:
                    let expected = model[name] ?? Int32(order.count)
                    if model[name] == nil {
                        model[name] = expected
                        order.append(name)
                    }
                    #expect(index.insert(name) == expected, "seed \(seed): insert \(name)")
                case 1:
                    #expect(index.lookUp(name) == model[name], "seed \(seed): look up \(name)")
                default:
                    #expect(index.id(of: name) == model[name], "seed \(seed): id of \(name)")
                }
            }
            #expect(index.strings == order)
            #expect(index == StringIndex(order))
        }
    }

    @Test func nameCountsCountEncodeAndCompareAsTheirDictionary() async throws {
        await propertyCheck(count: 100, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SeededGenerator(seed: seed)
            var counts = NameCounts()
            var model: [String: Int] = [:]
            for _ in 0..<Int.random(in: 0...500, using: &rng) {
                let name = Self.name(Int.random(in: 0..<40, using: &rng))
                counts.add(name)
                model[name, default: 0] += 1
            }
            #expect(counts.dictionary == model, "seed \(seed)")
            // Same bytes as the dictionary a state held before, and back.
            let bytes = try? StateCoding.encode(counts)
            #expect(bytes != nil && bytes == (try? StateCoding.encode(model)), "seed \(seed)")
            #expect(bytes.flatMap { try? StateCoding.decode(NameCounts.self, from: $0) } == counts, "seed \(seed)")
            // Equal counts are equal whatever order the names came in.
            #expect(NameCounts(model) == counts, "seed \(seed)")
        }
        var one = NameCounts()
        one.add("x")
        #expect(one != NameCounts())
    }
}
