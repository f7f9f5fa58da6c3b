import HindsightTestSupport
import PropertyBased
import Testing

@testable import Learners

/// `BucketHeads` is the open-addressing map under `DisagreementBook`; its oracle is the `[Int64: Int32]` it
/// replaced: the same `updateValue` answers and look-ups, and the same pairs, for random keys of the book's
/// shape (negative minutes too, minutes a table apart, new symbol ids past the slot layout's) and keys crowded into
/// few home slots, across several growths and emptyings.
@Suite struct BucketHeadsTests {
    @Test func behavesLikeADictionary() async {
        await propertyCheck(count: 100, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SeededGenerator(seed: seed)
            var map = BucketHeads(capacity: Int.random(in: 0...40, using: &rng))
            var oracle: [Int64: Int32] = [:]
            let crowded = Bool.random(using: &rng)
            for _ in 0..<Int.random(in: 0...600, using: &rng) {
                // Minutes a power of two apart share home slots once the table wraps.
                let minute =
                    Int64.random(in: -30...30, using: &rng) + (crowded ? 0 : 28_000_000)
                    + Int64.random(in: 0...3, using: &rng) * 1024
                let symbol = Int64.random(in: 0...(crowded ? 3 : 200), using: &rng)
                let key = minute << 20 | symbol
                if Int.random(in: 0..<200, using: &rng) == 0 {
                    map.removeAll()
                    oracle.removeAll()
                }
                let value = Int32.random(in: -1...1000, using: &rng)
                #expect(map.updateValue(value, forKey: key) == oracle.updateValue(value, forKey: key), "seed \(seed)")
                let probe = Int64.random(in: -30...30, using: &rng) << 20 | symbol
                #expect(map.value(forKey: probe) == oracle[probe], "seed \(seed)")
            }
            #expect(map.count == oracle.count, "seed \(seed)")
            var pairs: [Int64: Int32] = [:]
            map.forEachEntry { key, value in
                #expect(pairs.updateValue(value, forKey: key) == nil, "key \(key) twice, seed \(seed)")
            }
            #expect(pairs == oracle, "seed \(seed)")
        }
    }
}
