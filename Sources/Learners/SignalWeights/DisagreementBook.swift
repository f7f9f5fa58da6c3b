import EventLog

/// The reference's disagreement bookkeeping (§2.3 step 3), kept incrementally: outcomes are grouped by symbol
/// and signal minute; every pair of differently-directed outcomes in a bucket is one disagreement for both,
/// and the one whose 5m hit is true while the other's is false scores a win.
///
/// Pairs are counted when the second outcome arrives, so the totals equal the reference's batch count. Buckets
/// older than `retention` are dropped at learning cycles (an outcome arrives at most ~2 h after its signal).
struct DisagreementBook: Sendable, Equatable {
    struct BucketKey: Hashable, Sendable, Comparable {
        var minute: Int64
        var symbol: String
        static func < (a: BucketKey, b: BucketKey) -> Bool { (a.minute, a.symbol) < (b.minute, b.symbol) }
    }
    struct Entry: Sendable, Equatable, Codable {
        /// Index into the configured components, or −1 for a signal name without a weight (still a counterparty).
        var component: Int32
        var side: Side
        var hit5m: Bool?
    }

    private(set) var buckets: [BucketKey: [Entry]] = [:]

    init() {}

    /// Records one outcome and updates the disagreement counts in `stats` for every new pair.
    mutating func record(
        component: Int32,
        outcome: SignalOutcomeResolved,
        into stats: inout [ComponentOutcomeStats]
    ) {
        guard outcome.side != .neutral else { return }
        let hit5m: Bool? = outcome.outcome(at: .m5).flatMap { h in
            h.hit
                ?? HorizonEV.returnFraction(of: h, priceAtSignal: outcome.priceAtSignal).map {
                    outcome.side == .long ? $0 > 0 : $0 < 0
                }
        }
        let entry = Entry(component: component, side: outcome.side, hit5m: hit5m)
        let minute =
            outcome.signalTime >= 0 ? outcome.signalTime / 60_000_000 : (outcome.signalTime + 1) / 60_000_000 - 1
        let key = BucketKey(minute: minute, symbol: outcome.symbol)
        if let others = buckets[key] {
            for other in others where other.side != entry.side {
                let newWins = entry.hit5m == true && other.hit5m == false
                let otherWins = other.hit5m == true && entry.hit5m == false
                if entry.component >= 0 {
                    stats[Int(entry.component)].disagreements += 1
                    if newWins { stats[Int(entry.component)].disagreementWins += 1 }
                }
                if other.component >= 0 {
                    stats[Int(other.component)].disagreements += 1
                    if otherWins { stats[Int(other.component)].disagreementWins += 1 }
                }
            }
        }
        buckets[key, default: []].append(entry)
    }

    /// Forgets buckets whose minute starts before `cutoff` (UTC µs).
    mutating func prune(before cutoff: Int64) {
        let cutoffMinute = cutoff / 60_000_000
        buckets = buckets.filter { $0.key.minute >= cutoffMinute }
    }
}

extension DisagreementBook: Codable {
    private struct StoredBucket: Codable {
        var minute: Int64
        var symbol: String
        var entries: [Entry]
    }

    /// Encoded as a list sorted by (minute, symbol): snapshots never depend on `Dictionary` order.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        let stored = buckets.keys.sorted().map {
            StoredBucket(minute: $0.minute, symbol: $0.symbol, entries: buckets[$0]!)
        }
        try container.encode(stored)
    }

    init(from decoder: any Decoder) throws {
        let stored = try decoder.singleValueContainer().decode([StoredBucket].self)
        buckets = Dictionary(
            uniqueKeysWithValues: stored.map { (BucketKey(minute: $0.minute, symbol: $0.symbol), $0.entries) }
        )
    }
}
