/// The map from a disagreement bucket's key (`minute << 20 | symbol id`) to the index of its most recent entry
/// (`DisagreementBook`): open addressing with linear probing over a power-of-two table.
///
/// Why not `[Int64: Int32]`: the book inserts one key per signal outcome in a new (minute, symbol) bucket, nearly
/// every outcome, and `Dictionary` hashes each key with SipHash and pays for its generic machinery.
///
/// Why the home slot is `minute << symbolBits | symbol` (mod the table size) rather than a scrambling hash: outcomes
/// arrive nearly in signal-time order, so consecutive keys land in neighbouring slots, in cache; a scrambling hash
/// sent each insert to a random slot of a table of thousands, a cache miss per outcome. `symbolBits` covers every
/// symbol id inserted so far, so the keys of one stretch of minutes never collide; keys of minutes a whole table
/// apart share home slots and probe past each other. The home function only changes by a full rehash (a new
/// symbol id past `symbolBits`, or growth), so answers never depend on it.
///
/// There is no removal of single keys (the book prunes by emptying the map and inserting what it keeps), and nothing
/// may depend on the order of `forEachEntry` (the book sorts what it encodes or compares).
struct BucketHeads: Sendable {
    /// `Int64.min` marks an empty slot: no event time in µs gives a minute that low (|minute| < 2^38, so
    /// |key| < 2^58).
    private static let empty = Int64.min
    private static let symbolMask: Int64 = 0xF_FFFF
    /// One array (not keys and values apart): each write checks one array's uniqueness, not two.
    private var slots: [Slot]
    /// Occupied slots.
    private(set) var count = 0
    /// Every key inserted has a symbol id below `1 << symbolBits`.
    private var symbolBits = 0

    /// A map that holds `capacity` keys before it grows.
    init(capacity: Int = 0) {
        var size = 16
        while size < 2 * capacity { size *= 2 }
        slots = Array(repeating: Slot(key: Self.empty, value: 0), count: size)
    }

    private struct Slot: Sendable {
        var key: Int64
        var value: Int32
    }

    @inline(__always)
    private func home(of key: Int64) -> Int {
        Int(truncatingIfNeeded: (key >> 20) << symbolBits | (key & Self.symbolMask)) & (slots.count - 1)
    }

    /// Stores `value` under `key` and returns the value it replaces (nil for a new key), like
    /// `Dictionary.updateValue(_:forKey:)`.
    @inline(__always)
    mutating func updateValue(_ value: Int32, forKey key: Int64) -> Int32? {
        if key & Self.symbolMask >= 1 << symbolBits { widenSymbols(toFit: key & Self.symbolMask) }
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
        if 2 * count > slots.count { rehash(size: 2 * slots.count, symbolBits: symbolBits) }
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

    /// Empties the map, keeping its table (and the slot layout's symbol width).
    mutating func removeAll() {
        guard count > 0 else { return }
        slots.withUnsafeMutableBufferPointer { table in
            for i in table.indices { table[i].key = Self.empty }
        }
        count = 0
    }

    /// Calls `body` with every (key, value), in an order that depends on the keys and the table's history.
    func forEachEntry(_ body: (Int64, Int32) -> Void) {
        for slot in slots where slot.key != Self.empty { body(slot.key, slot.value) }
    }

    private mutating func widenSymbols(toFit symbol: Int64) {
        var bits = symbolBits
        while symbol >= 1 << bits { bits += 1 }
        rehash(size: slots.count, symbolBits: bits)
    }

    private mutating func rehash(size: Int, symbolBits: Int) {
        var rebuilt = BucketHeads(capacity: size / 2)
        rebuilt.symbolBits = symbolBits
        forEachEntry { key, value in _ = rebuilt.updateValue(value, forKey: key) }
        self = rebuilt
    }
}
