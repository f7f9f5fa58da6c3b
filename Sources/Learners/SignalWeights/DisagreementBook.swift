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
    private var entries: [Entry] = []

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
    }

    private static func floorMinute(_ micros: Int64) -> Int64 {
        micros >= 0 ? micros / 60_000_000 : (micros + 1) / 60_000_000 - 1
    }

    /// Forgets buckets whose minute starts before `cutoff` (UTC µs) and compacts the entry storage.
    /// Works on the flat storage directly (no per-bucket arrays, no strings, no sort): it runs at every
    /// learning cycle over half a day of buckets. The entry layout it leaves differs from `rebuild`'s, which
    /// nothing observes (equality and encoding go through the sorted `buckets()`).
    mutating func prune(before cutoff: Int64) {
        let first = Self.floorMinute(cutoff)
        var keptHeads = BucketHeads(capacity: heads.count)
        var keptEntries: [Entry] = []
        keptEntries.reserveCapacity(entries.count)
        var chain: [Int32] = []
        heads.forEachEntry { key, head in
            guard key >> 20 >= first else { return }
            chain.removeAll(keepingCapacity: true)
            var cursor = head
            while cursor >= 0 {
                chain.append(cursor)
                cursor = entries[Int(cursor)].next
            }
            var newHead: Int32 = -1
            for old in chain.reversed() {  // oldest first, each new entry pointing at the previous one
                var e = entries[Int(old)]
                e.next = newHead
                newHead = Int32(keptEntries.count)
                keptEntries.append(e)
            }
            _ = keptHeads.updateValue(newHead, forKey: key)
        }
        heads = keptHeads
        entries = keptEntries
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
        for bucket in stored {
            let symbol = symbols.insert(bucket.symbol)
            var head: Int32 = -1
            for var e in bucket.entries {
                e.next = head
                head = Int32(entries.count)
                entries.append(e)
            }
            _ = heads.updateValue(head, forKey: Self.key(minute: bucket.minute, symbol: symbol))
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
