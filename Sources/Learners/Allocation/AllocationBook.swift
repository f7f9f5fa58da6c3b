import EventLog

/// One bucket of the allocation export (seed 004's `timeframe_allocation.<bucket>`).
public struct AllocationBucket: Sendable, Codable, Equatable, Hashable {
    public var name: String
    public var allocation: Double
    /// Short / long ROI averages (fractions of margin); nil before the bucket's first trade.
    public var roiShort: Double?
    public var roiLong: Double?
    /// Closed trades folded into this bucket.
    public var n: Int
    /// Event time of the bucket's last trade.
    public var updatedAt: Int64?
}

/// The global line of the export (`global_roi`).
public struct GlobalROI: Sendable, Codable, Equatable, Hashable {
    public var roiShort: Double?
    public var roiLong: Double?
    public var n: Int = 0
    public var updatedAt: Int64?
}

/// Why a closed trade did or did not move the allocation (seed 004's "logged with the reason").
public enum AllocationDecision: String, Sendable, Codable, CaseIterable, Equatable, Hashable {
    /// The allocation moved.
    case updated
    /// Fewer than two buckets have trades.
    case tooFewBuckets = "too_few_buckets"
    /// Every bucket with trades has a short ROI ≤ 0, so there is no positive target to move toward.
    case noPositiveROI = "no_positive_roi"
    /// The closed record has no recomputed net return (no exit price or no margin): not folded.
    case noNetReturn = "no_net_return"

    /// Position in `allCases` (index into `AllocationBook.decisionCounts`), without searching `allCases`.
    var index: Int {
        switch self {
        case .updated: 0
        case .tooFewBuckets: 1
        case .noPositiveROI: 2
        case .noNetReturn: 3
        }
    }
}

/// Allocation buckets kept in name order (a handful), so lookups are a short scan and exports never depend on
/// `Dictionary` order; shared by both allocation versions.
public struct AllocationBook: Sendable, Codable, Equatable {
    public private(set) var buckets: [AllocationBucket]
    public var global = GlobalROI()
    /// How many trades ended with each decision, in `AllocationDecision.allCases` order.
    public private(set) var decisionCounts: [Int] = Array(repeating: 0, count: AllocationDecision.allCases.count)
    public private(set) var lastDecision: AllocationDecision?

    init(_ configuration: AllocationConfiguration) {
        buckets = configuration.initialAllocation.sorted { $0.bucket < $1.bucket }.map {
            AllocationBucket(name: $0.bucket, allocation: $0.share, roiShort: nil, roiLong: nil, n: 0, updatedAt: nil)
        }
    }

    /// The bucket of a closed position under `key`.
    static func bucketName(of closed: PositionClosed, by key: AllocationConfiguration.BucketKey) -> String {
        switch key {
        case .timeframe: closed.timeframe ?? "unknown"
        case .strategy: closed.key.strategy
        case .timeframeElseStrategy: closed.timeframe ?? closed.key.strategy
        }
    }

    /// Index of `name`, admitting it first when it is new: the first bucket ever gets the whole allocation;
    /// a later newcomer joins with an equal share 1/(k+1) and the k existing buckets are scaled by k/(k+1),
    /// which keeps their proportions and the total of 1. A known name is found by equality first (a handful of
    /// buckets, and `==` on equal small strings compares two words, where the binary search's `<` compared bytes).
    mutating func admit(_ name: String) -> Int {
        if let known = buckets.firstIndex(where: { $0.name == name }) { return known }
        var lo = 0
        var hi = buckets.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if buckets[mid].name < name { lo = mid + 1 } else { hi = mid }
        }
        if lo < buckets.count, buckets[lo].name == name { return lo }
        let k = Double(buckets.count)
        for i in buckets.indices { buckets[i].allocation *= k / (k + 1) }
        buckets.insert(
            AllocationBucket(name: name, allocation: 1 / (k + 1), roiShort: nil, roiLong: nil, n: 0, updatedAt: nil),
            at: lo
        )
        return lo
    }

    /// The allocation of `name` now (0 for a bucket never seen).
    public func allocation(of name: String) -> Double {
        buckets.first { $0.name == name }?.allocation ?? 0
    }

    mutating func setAllocation(_ value: Double, at i: Int) { buckets[i].allocation = value }

    mutating func record(_ decision: AllocationDecision) {
        decisionCounts[decision.index] += 1
        lastDecision = decision
    }

    mutating func setStats(at i: Int, short: Double?, long: Double?, time: Int64) {
        buckets[i].roiShort = short
        buckets[i].roiLong = long
        buckets[i].n += 1
        buckets[i].updatedAt = max(buckets[i].updatedAt ?? time, time)
    }

    /// How many trades ended with `decision`.
    public func count(of decision: AllocationDecision) -> Int {
        decisionCounts[decision.index]
    }
}
