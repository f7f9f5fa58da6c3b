public import Projections

/// Configuration of the allocation learners (seed 004). Shared by `allocation@1` and `allocation@2`; each
/// version reads the fields it needs.
public struct AllocationConfiguration: FoldConfiguration, Hashable {
    /// What a closed position is bucketed by.
    public enum BucketKey: String, Sendable, Codable, Equatable, Hashable {
        /// `timeframe` when the position carries one, else its strategy (the default: the real bot writes no
        /// timeframe, the seed's bot does).
        case timeframeElseStrategy = "timeframe_else_strategy"
        case timeframe
        case strategy
    }

    public struct BucketShare: Sendable, Codable, Equatable, Hashable {
        public var bucket: String
        public var share: Double
        public init(bucket: String, share: Double) {
            self.bucket = bucket
            self.share = share
        }
    }

    public var bucketKey: BucketKey
    /// Starting allocation (seed 004: 15m 0.15, 1h 0.50, 4h 0.35). Buckets seen later join as described in
    /// `AllocationBook.admit`.
    public var initialAllocation: [BucketShare]
    /// τ of the short and long ROI averages, seconds (14 and 90 days).
    public var tauShortSeconds: Double
    public var tauLongSeconds: Double
    /// allocation@2: largest move of one bucket per closed trade (0.003 = 0.3 %).
    public var maxChangePerTrade: Double
    /// allocation@2: the move is scaled by min(1, min_T n / minTradesForFullStep).
    public var minTradesForFullStep: Int
    /// allocation@1: the weight = bucket ÷ global ratio is clipped to this range (the code's 0.5 … 2.0).
    public var ratioClipLow: Double
    public var ratioClipHigh: Double

    public init(
        bucketKey: BucketKey = .timeframeElseStrategy,
        initialAllocation: [BucketShare] = AllocationConfiguration.seedStart,
        tauShortSeconds: Double = 14 * 86_400,
        tauLongSeconds: Double = 90 * 86_400,
        maxChangePerTrade: Double = 0.003,
        minTradesForFullStep: Int = 5,
        ratioClipLow: Double = 0.5,
        ratioClipHigh: Double = 2.0
    ) {
        self.bucketKey = bucketKey
        self.initialAllocation = initialAllocation
        self.tauShortSeconds = tauShortSeconds
        self.tauLongSeconds = tauLongSeconds
        self.maxChangePerTrade = maxChangePerTrade
        self.minTradesForFullStep = minTradesForFullStep
        self.ratioClipLow = ratioClipLow
        self.ratioClipHigh = ratioClipHigh
    }

    public init() { self.init(bucketKey: .timeframeElseStrategy) }

    public static let seedStart: [BucketShare] = [
        .init(bucket: "15m", share: 0.15), .init(bucket: "1h", share: 0.50), .init(bucket: "4h", share: 0.35),
    ]

    /// Documented variant for `diff`: a faster allocator (1 % per trade).
    public static let fasterSteps = AllocationConfiguration(maxChangePerTrade: 0.01)

    public func validate() throws(LearnersError) {
        let names = initialAllocation.map(\.bucket)
        guard Set(names).count == names.count else {
            throw LearnersError(.invalidConfiguration, "allocation: duplicate bucket in initial_allocation")
        }
        guard initialAllocation.allSatisfy({ $0.share >= 0 && $0.share.isFinite }) else {
            throw LearnersError(.invalidConfiguration, "allocation: initial shares must be >= 0")
        }
        let total = initialAllocation.reduce(0) { $0 + $1.share }
        guard initialAllocation.isEmpty || abs(total - 1) < 1e-9 else {
            throw LearnersError(.invalidConfiguration, "allocation: initial shares sum to \(total), not 1")
        }
        guard tauShortSeconds > 0, tauLongSeconds > 0 else {
            throw LearnersError(.invalidConfiguration, "allocation: tau must be > 0")
        }
        guard maxChangePerTrade >= 0, minTradesForFullStep >= 1 else {
            throw LearnersError(.invalidConfiguration, "allocation: max_change_per_trade >= 0, min_trades >= 1")
        }
        guard ratioClipLow > 0, ratioClipLow <= ratioClipHigh else {
            throw LearnersError(.invalidConfiguration, "allocation: ratio clip must satisfy 0 < low <= high")
        }
    }
}

extension AllocationConfiguration: ValidatedConfiguration {
    /// Decodes with every key optional (defaults fill the gaps) and validates (see `SignalWeightsConfiguration`).
    public init(from decoder: any Decoder) throws {
        let d = Self()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            bucketKey: try c.decodeIfPresent(BucketKey.self, forKey: .bucketKey) ?? d.bucketKey,
            initialAllocation: try c.decodeIfPresent([BucketShare].self, forKey: .initialAllocation)
                ?? d.initialAllocation,
            tauShortSeconds: try c.decodeIfPresent(Double.self, forKey: .tauShortSeconds) ?? d.tauShortSeconds,
            tauLongSeconds: try c.decodeIfPresent(Double.self, forKey: .tauLongSeconds) ?? d.tauLongSeconds,
            maxChangePerTrade: try c.decodeIfPresent(Double.self, forKey: .maxChangePerTrade) ?? d.maxChangePerTrade,
            minTradesForFullStep: try c.decodeIfPresent(Int.self, forKey: .minTradesForFullStep)
                ?? d.minTradesForFullStep,
            ratioClipLow: try c.decodeIfPresent(Double.self, forKey: .ratioClipLow) ?? d.ratioClipLow,
            ratioClipHigh: try c.decodeIfPresent(Double.self, forKey: .ratioClipHigh) ?? d.ratioClipHigh
        )
        try validateForDecoding(decoder)
    }
}
