import EventLog

extension EnrichedDecisions {
    /// Position key → serial of the held position with that key (in memory only, rebuilt with the other keys):
    /// an open-addressing table hashed by the opening time with one multiplication.
    ///
    /// Why not a `Dictionary`: every position event looks its position up and every new or final position
    /// inserts or removes one, and `Hasher` (SipHash) cost more than the rest of the look-up. Positions
    /// rarely open in the same microsecond, so the opening time alone spreads them; equal times still compare
    /// the whole key. A final position is removed by its serial and opening time (from its slot), without
    /// reading its record.
    struct PositionTable: Sendable {
        private struct Entry: Sendable {
            var key: PositionKey
            /// -1: empty.
            var serial: Int
        }

        private static let empty = Entry(
            key: PositionKey(symbol: "", strategy: "", directionRaw: "", openedAt: 0),
            serial: -1
        )
        /// Power of two, at least twice `count` (linear probing stays short).
        private var entries = [Entry](repeating: PositionTable.empty, count: 16)
        private(set) var count = 0

        private var mask: Int { entries.count - 1 }

        private func home(_ openedAt: Int64) -> Int {
            let mixed = UInt64(bitPattern: openedAt) &* 0x9E37_79B9_7F4A_7C15
            return Int(truncatingIfNeeded: mixed >> 32) & mask
        }

        /// The serial of the position with `key`, if held.
        func serial(of key: PositionKey) -> Int? {
            var i = home(key.openedAt)
            while entries[i].serial >= 0 {
                if entries[i].key.openedAt == key.openedAt, entries[i].key == key { return entries[i].serial }
                i = (i + 1) & mask
            }
            return nil
        }

        /// Records `serial` for `key` (replacing the serial recorded for an equal key, as a dictionary does).
        mutating func insert(_ key: PositionKey, serial: Int) {
            if (count + 1) * 2 > entries.count { grow() }
            var i = home(key.openedAt)
            while entries[i].serial >= 0 {
                if entries[i].key.openedAt == key.openedAt, entries[i].key == key {
                    entries[i].serial = serial
                    return
                }
                i = (i + 1) & mask
            }
            entries[i] = Entry(key: key, serial: serial)
            count += 1
        }

        /// Removes the entry of the position with `serial`, opened at `openedAt`, if present; moves later
        /// entries of its probe run back (backward-shift deletion: no tombstones, so probes stay short).
        mutating func remove(serial: Int, openedAt: Int64) {
            var i = home(openedAt)
            while entries[i].serial != serial {
                guard entries[i].serial >= 0 else { return }
                i = (i + 1) & mask
            }
            var hole = i
            var j = i
            while true {
                j = (j + 1) & mask
                guard entries[j].serial >= 0 else { break }
                let h = home(entries[j].key.openedAt)
                // Entry j may fill the hole unless its home lies cyclically in (hole, j].
                let homeInRange = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j)
                if !homeInRange {
                    entries.swapAt(hole, j)
                    hole = j
                }
            }
            entries[hole] = Self.empty
            count -= 1
        }

        private mutating func grow() {
            let old = entries
            entries = [Entry](repeating: Self.empty, count: old.count * 2)
            count = 0
            for e in old where e.serial >= 0 { insert(e.key, serial: e.serial) }
        }
    }
}
