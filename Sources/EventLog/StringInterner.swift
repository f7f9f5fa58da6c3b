import Synchronization

/// A cache from UTF-8 bytes to the `String` last decoded from them, owned by one cursor.
///
/// Why: symbols, signal names, strategies, venues, sides and reasons repeat in almost every event. Building
/// a `String` from bytes costs a UTF-8 validation pass and, above 15 bytes, a heap allocation (and later a
/// free); a hit here costs one short hash and four word compares, and hands out the cached string (a retain).
/// The cache is direct-mapped (one slot per hash bucket, the newest string wins), so its memory is bounded
/// and it needs no eviction bookkeeping; a string that never repeats just replaces a slot.
///
/// Thread safety: events keep a reference to their cursor's interner so that their payload can be decoded
/// later, possibly on another thread. A decoder takes the table with `acquire()` (one atomic exchange) and
/// gives it back with `release()`; when another thread holds it, the decoder builds its strings directly
/// (same results, no caching) instead of waiting.
final class StringInterner: @unchecked Sendable {
    /// Longer strings are not cached (long ones, such as rejection details, rarely repeat).
    static let maxLength = 32

    private let table: StringTable
    private let inUse = Atomic<Bool>(false)

    init(slotCount: Int = 1024) {
        precondition(slotCount > 0 && slotCount & (slotCount - 1) == 0, "slot count must be a power of two")
        let slots = UnsafeMutablePointer<StringTable.Slot>.allocate(capacity: slotCount)
        slots.initialize(repeating: StringTable.Slot(), count: slotCount)
        table = StringTable(slots: slots, mask: slotCount - 1)
    }

    deinit {
        table.slots.deinitialize(count: table.mask + 1)
        table.slots.deallocate()
    }

    /// The table, or nil while another decoder holds it. Pair every non-nil result with `release()`.
    func acquire() -> StringTable? {
        inUse.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged ? table : nil
    }

    func release() { inUse.store(false, ordering: .releasing) }

    /// The table without taking it: only for an interner that never leaves its owner (the cursor's own
    /// envelope strings), where no other thread can hold it.
    var unsharedTable: StringTable { table }
}

/// The slots of a `StringInterner`: a plain pointer (no reference counting, no exclusivity checks) so that
/// `WireReader` can carry it through nested messages for free. Valid while its interner is alive and held.
struct StringTable {
    struct Slot {
        /// -1 for an empty slot.
        var length = -1
        /// The key bytes, zero-padded to 32.
        var key: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var string = ""
    }

    let slots: UnsafeMutablePointer<Slot>
    let mask: Int

    /// The string the `count` bytes at `start` decode to (invalid UTF-8 is repaired, as `String(decoding:)`).
    @inline(__always)
    func string(_ start: UnsafeRawPointer, count: Int) -> String {
        guard count > 0 && count <= StringInterner.maxLength else {
            return String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
        }
        var key: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &key) { $0.baseAddress!.copyMemory(from: start, byteCount: count) }
        var h = key.0 &* 0x9E37_79B9_7F4A_7C15
        h ^= key.1 &* 0xC2B2_AE3D_27D4_EB4F
        h ^= key.2 &* 0x1656_67B1_9E37_79F9
        h ^= key.3 &* 0xD6E8_FEB8_6659_FD93
        h ^= UInt64(truncatingIfNeeded: count)
        h = (h ^ (h >> 31)) &* 0xBF58_476D_1CE4_E5B9
        let slot = slots + (Int(truncatingIfNeeded: h >> 40) & mask)
        if slot.pointee.length == count && slot.pointee.key == key {
            return slot.pointee.string
        }
        let string = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
        slot.pointee = Slot(length: count, key: key, string: string)
        return string
    }
}
