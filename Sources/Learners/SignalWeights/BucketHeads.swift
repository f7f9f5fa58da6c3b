/// The map from a disagreement bucket's key to the index of its most recent entry (`DisagreementBook`): open
/// addressing with linear probing over a power-of-two table, keys hashed by one multiplication.
///
/// Why not `[Int64: Int32]`: the book inserts one key per signal outcome in a new (minute, symbol) bucket, nearly
/// every outcome, and `Dictionary` hashes each key with SipHash and pays for its generic machinery; this costs
/// a multiply and a probe or two. There is no removal (the book prunes by building a new map), and nothing may
/// depend on the order of `forEachEntry` (the book sorts what it encodes or compares).
struct BucketHeads: Sendable {
    /// `Int64.min` marks an empty slot: a book key is `minute << 20 | symbol`, and no event time in µs gives a
    /// minute that low (|minute| < 2^38, so |key| < 2^58).
    private static let empty = Int64.min
    /// One array (not keys and values apart): each write checks one array's uniqueness, not two.
    private var slots: [Slot]
    /// Occupied slots.
    private(set) var count = 0
    /// log2 of the table size.
    private var bits: Int

    /// A map that holds `capacity` keys before it grows.
    init(capacity: Int = 0) {
        var bits = 4
        while (1 << bits) < 2 * capacity { bits += 1 }
        self.bits = bits
        slots = Array(repeating: Slot(key: Self.empty, value: 0), count: 1 << bits)
    }

    private struct Slot: Sendable {
        var key: Int64
        var value: Int32
    }

    @inline(__always)
    private func home(of key: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
    }

    /// Stores `value` under `key` and returns the value it replaces (nil for a new key), like
    /// `Dictionary.updateValue(_:forKey:)`.
    @inline(__always)
    mutating func updateValue(_ value: Int32, forKey key: Int64) -> Int32? {
        let mask = slots.count - 1
        var slot = home(of: key)
        while true {
            let k = slots[slot].key
            if k == key {
                let old = slots[slot].value
                slots[slot].value = value
                return old
            }
            if k == Self.empty { break }
            slot = (slot + 1) & mask
        }
        slots[slot] = Slot(key: key, value: value)
        count += 1
        if 2 * count > slots.count { grow() }
        return nil
    }

    /// The value stored under `key`, nil when absent.
    func value(forKey key: Int64) -> Int32? {
        let mask = slots.count - 1
        var slot = home(of: key)
        while true {
            let k = slots[slot].key
            if k == key { return slots[slot].value }
            if k == Self.empty { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// Calls `body` with every (key, value), in an order that depends on the keys and the table's history.
    func forEachEntry(_ body: (Int64, Int32) -> Void) {
        for slot in slots where slot.key != Self.empty { body(slot.key, slot.value) }
    }

    private mutating func grow() {
        var larger = BucketHeads(capacity: slots.count)
        forEachEntry { key, value in _ = larger.updateValue(value, forKey: key) }
        self = larger
    }
}
