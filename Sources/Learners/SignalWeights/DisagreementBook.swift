import EventLog
import Projections

/// The reference's disagreement bookkeeping (§2.3 step 3), kept incrementally: outcomes are grouped by symbol
/// and signal minute; every pair of differently-directed outcomes in a bucket is one disagreement for both,
/// and the one whose 5m hit is true while the other's is false scores a win.
///
/// Pairs are counted when the second outcome arrives, so the totals equal the reference's batch count. Buckets
/// older than the retention are dropped at learning cycles (an outcome arrives at most ~2 h after its signal).
///
/// Storage is allocation-free per outcome: symbols are interned to integers (a `StringIndex`, which mostly needs
/// no hashing), a bucket is an integer key mapped (`BucketHeads`, no SipHash) to the head of a linked list
/// threaded through one flat `entries` array (no array per bucket).
struct DisagreementBook: Sendable, Equatable {
    struct Entry: Sendable, Equatable, Codable {
        /// Index into the configured components, or −1 for a signal name without a weight (still a counterparty).
        var component: Int32
        var side: Side
        var hit5m: Bool?
        /// Next entry of the same bucket in `entries`, −1 at the end.
        var next: Int32 = -1
    }

    private var symbols = StringIndex()
    /// (minute << 20 | symbol id) → index of the bucket's most recent entry.
    private var heads = BucketHeads()
    /// Every bucket's entries oldest first, each `next` pointing at the previous entry of its bucket (an earlier
    /// index): `record` appends, `prune` and `rebuild` keep that order.
    private var entries: [Entry] = []
    /// The bucket key of each entry (aligned with `entries`; derived, so neither encoded nor compared): lets
    /// `prune` walk the entries in order instead of chasing each bucket's chain.
    private var entryKeys: [Int64] = []

    init() {}

    private static func key(minute: Int64, symbol: Int32) -> Int64 { minute << 20 | Int64(symbol) }

    /// Records one outcome and updates the disagreement counts in `stats` for every new pair.
    mutating func record(
        component: Int32,
        outcome: SignalOutcomeResolved,
        into stats: inout [ComponentOutcomeStats]
    ) {
        guard outcome.side != .neutral else { return }
        var hit5m: Bool?
        if let h = outcome.outcome(at: .m5) {
            hit5m =
                h.hit
                ?? HorizonEV.returnFraction(of: h, priceAtSignal: outcome.priceAtSignal).map {
                    outcome.side == .long ? $0 > 0 : $0 < 0
                }
        }
        let symbol = symbols.insert(outcome.symbol)
        let minute = Self.floorMinute(outcome.signalTime)
        let key = Self.key(minute: minute, symbol: symbol)
        // One hash operation: the new entry becomes the head, the previous head comes back.
        let head = heads.updateValue(Int32(entries.count), forKey: key) ?? -1
        var cursor = head
        while cursor >= 0 {
            let other = entries[Int(cursor)]
            cursor = other.next
            guard other.side != outcome.side else { continue }
            if component >= 0 {
                stats[Int(component)].disagreements += 1
                if hit5m == true && other.hit5m == false { stats[Int(component)].disagreementWins += 1 }
            }
            if other.component >= 0 {
                stats[Int(other.component)].disagreements += 1
                if other.hit5m == true && hit5m == false { stats[Int(other.component)].disagreementWins += 1 }
            }
        }
        entries.append(Entry(component: component, side: outcome.side, hit5m: hit5m, next: head))
        entryKeys.append(key)
    }

    private static func floorMinute(_ micros: Int64) -> Int64 {
        micros >= 0 ? micros / 60_000_000 : (micros + 1) / 60_000_000 - 1
    }

    /// Forgets buckets whose minute starts before `cutoff` (UTC µs) and compacts the entry storage, in place (no
    /// allocation: it runs at every learning cycle over half a day of buckets, and fresh tables of that size cost
    /// page faults). One pass over the entries in order, no chain chasing, no strings, no sort: a bucket's entries
    /// are all kept or all dropped and the kept ones keep their order (each moves to a lower or equal index), so
    /// each kept entry's new `next` is its bucket's head just before it is stored in the emptied map. The entry
    /// layout it leaves differs from `rebuild`'s, which nothing observes (equality and encoding go through the
    /// sorted `buckets()`).
    mutating func prune(before cutoff: Int64) {
        let first = Self.floorMinute(cutoff)
        heads.removeAll()
        var kept = 0
        for i in entries.indices where entryKeys[i] >> 20 >= first {
            let key = entryKeys[i]
            var e = entries[i]
            e.next = heads.updateValue(Int32(kept), forKey: key) ?? -1
            entries[kept] = e
            entryKeys[kept] = key
            kept += 1
        }
        entries.removeLast(entries.count - kept)
        entryKeys.removeLast(entryKeys.count - kept)
    }

    /// The buckets as (minute, symbol, entries oldest first), sorted by (minute, symbol).
    private func buckets() -> [StoredBucket] {
        var result: [StoredBucket] = []
        result.reserveCapacity(heads.count)
        heads.forEachEntry { key, head in
            var list: [Entry] = []
            var cursor = head
            while cursor >= 0 {
                var e = entries[Int(cursor)]
                cursor = e.next
                e.next = -1
                list.append(e)
            }
            result.append(
                StoredBucket(minute: key >> 20, symbol: symbols.strings[Int(key & 0xF_FFFF)], entries: list.reversed())
            )
        }
        return result.sorted { ($0.minute, $0.symbol) < ($1.minute, $1.symbol) }
    }

    private mutating func rebuild(_ stored: [StoredBucket]) {
        symbols = StringIndex()
        heads = BucketHeads()
        entries = []
        entryKeys = []
        for bucket in stored {
            let key = Self.key(minute: bucket.minute, symbol: symbols.insert(bucket.symbol))
            var head: Int32 = -1
            for var e in bucket.entries {
                e.next = head
                head = Int32(entries.count)
                entries.append(e)
                entryKeys.append(key)
            }
            _ = heads.updateValue(head, forKey: key)
        }
    }

    fileprivate struct StoredBucket: Codable, Equatable {
        var minute: Int64
        var symbol: String
        var entries: [Entry]
    }

    static func == (a: DisagreementBook, b: DisagreementBook) -> Bool { a.buckets() == b.buckets() }
}

extension DisagreementBook: Codable {
    /// Encoded as a list sorted by (minute, symbol): snapshots never depend on `Dictionary` order.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(buckets())
    }

    init(from decoder: any Decoder) throws {
        self.init()
        rebuild(try decoder.singleValueContainer().decode([StoredBucket].self))
    }
}
