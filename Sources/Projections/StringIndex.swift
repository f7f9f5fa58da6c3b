/// Dense ids of strings (0, 1, 2, … in order of first insertion), for folds that key per-event counters by a
/// name such as a signal name or a symbol: a fold keeps arrays indexed by id and looks each event's name up here.
///
/// Why not just a `[String: Int32]`: every look-up hashes the string (SipHash over its bytes, ~35 ns), twice or
/// three times per signal outcome across the learners. In front of the dictionary sits a small direct-mapped
/// cache keyed by the string value's own bits: equal bits are the same string value (a small string holds its
/// bytes in those bits; a larger one the address of its storage, kept alive by the cached copy, so no other
/// string can reuse it), so a hit needs no hashing and no byte comparison. A miss (different bits for equal
/// bytes, e.g. two separately decoded copies of a long string) falls back to the dictionary, so results never
/// depend on the cache; ids depend only on the order of insertion.
///
/// Equality compares the strings in id order (the cache is not part of the value).
public struct StringIndex: Sendable, Equatable {
    /// The strings in id order.
    public private(set) var strings: [String] = []
    private var ids: [String: Int32] = [:]
    private var cache = BitsCache()

    public init() {}

    /// An index holding `strings` with ids 0, 1, … in that order (duplicates keep their first id).
    public init(_ strings: some Sequence<String>) {
        for string in strings { _ = insert(string) }
    }

    public var count: Int { strings.count }

    /// The id of `string`, nil when it was never inserted (a dictionary look-up; see `lookUp` for hot paths).
    public func id(of string: String) -> Int32? { ids[string] }

    /// `id(of:)` through the cache: mutating only to remember the answer.
    @inline(__always)
    public mutating func lookUp(_ string: String) -> Int32? {
        let bits = BitsCache.bits(of: string)
        let slot = BitsCache.slot(of: bits)
        if let cached = cache.id(at: slot, bits: bits) {
            if cached >= 0 { return cached }
            // "Not in the index" holds only while nothing was inserted since (an equal string with other bits).
            if cached == Self.absent(count: strings.count) { return nil }
        }
        let id = ids[string]
        cache.store(string, id: id ?? Self.absent(count: strings.count), at: slot)
        return id
    }

    /// The id of `string`, inserting it with the next id when it is new.
    @inline(__always)
    public mutating func insert(_ string: String) -> Int32 {
        let bits = BitsCache.bits(of: string)
        let slot = BitsCache.slot(of: bits)
        if let cached = cache.id(at: slot, bits: bits), cached >= 0 { return cached }
        let id: Int32
        if let existing = ids[string] {
            id = existing
        } else {
            id = Int32(strings.count)
            strings.append(string)
            ids[string] = id
        }
        cache.store(string, id: id, at: slot)
        return id
    }

    public static func == (a: StringIndex, b: StringIndex) -> Bool { a.strings == b.strings }

    /// The cached id meaning "not in the index while it holds `count` strings" (always negative).
    @inline(__always)
    private static func absent(count: Int) -> Int32 { -1 - Int32(truncatingIfNeeded: count) }

    /// 256 slots of (string bits, id): a negative id caches "not in the index" (see `absent`), `Int32.min` marks
    /// an empty slot.
    /// `keys` only keeps each cached string's storage alive (so that its address cannot be reused by another
    /// string while its bits are cached); look-ups read the bits, which needs no retain.
    private struct BitsCache: Sendable {
        private static let size = 256
        private var keys = [String](repeating: "", count: size)
        private var keyBits = [UInt64](repeating: 0, count: 2 * size)
        private var values = [Int32](repeating: .min, count: size)

        /// The two words of a `String` value. Equal words are the same value, hence equal strings.
        @inline(__always)
        static func bits(of string: String) -> (UInt64, UInt64) {
            unsafeBitCast(string, to: (UInt64, UInt64).self)
        }

        @inline(__always)
        static func slot(of bits: (UInt64, UInt64)) -> Int {
            let h = bits.0 &* 0x9E37_79B9_7F4A_7C15 &+ bits.1
            return Int(truncatingIfNeeded: ((h ^ (h >> 29)) &* 0xBF58_476D_1CE4_E5B9) >> 56)
        }

        @inline(__always)
        func id(at slot: Int, bits: (UInt64, UInt64)) -> Int32? {
            let value = values[slot]
            guard value != .min, keyBits[2 * slot] == bits.0, keyBits[2 * slot + 1] == bits.1 else { return nil }
            return value
        }

        @inline(__always)
        mutating func store(_ string: String, id: Int32, at slot: Int) {
            let bits = Self.bits(of: string)
            keys[slot] = string
            keyBits[2 * slot] = bits.0
            keyBits[2 * slot + 1] = bits.1
            values[slot] = id
        }
    }
}
