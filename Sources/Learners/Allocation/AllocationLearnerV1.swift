public import EventLog
import Foundation

/// `allocation@1`: seed 004's "current state" rule, kept runnable for `diff`.
///
/// What the seed's code did (seeds-003-004-code-findings Y.3 A): per bucket an EWMA of the trade's R/R with
/// α = w/(w+1), w = exp(−age/τ), age = processing time − exit time. Here a trade is folded at its own close
/// time, so age = 0 and α = 1/2 for both the "14-day" and the "90-day" average (as in the live code, where the
/// two were identical); a bucket's first trade sets its value. Weight = clip(bucket ÷ global, 0.5, 2.0) when
/// the global average is > 0, else 1; buckets without trades weigh 1; the allocation is the weights normalized
/// to sum 1, replaced instantly on every trade (no cap, no two-bucket rule, no min-trades discount).
///
/// hindsight's records carry no R/R (return ÷ max drawdown needs the price path), so this version uses each
/// trade's recomputed net return on margin in its place.
public struct AllocationLearnerV1: Sendable, Codable, Equatable {
    public let configuration: AllocationConfiguration
    public private(set) var book: AllocationBook
    public private(set) var comparison = AllocationComparison()

    public init(configuration: AllocationConfiguration = .init()) throws(LearnersError) {
        try configuration.validate()
        self.init(unchecked: configuration)
    }

    /// For folds, whose initializer cannot throw; they validate first and report a problem instead.
    init(unchecked configuration: AllocationConfiguration) {
        self.configuration = configuration
        book = AllocationBook(configuration)
    }

    /// α of the code's EWMA for a trade folded `ageSeconds` after it closed (0 here).
    public static func alpha(ageSeconds: Double, tauSeconds: Double) -> Double {
        let w = exp(-max(ageSeconds, 0) / tauSeconds)
        return w / (w + 1)
    }

    @discardableResult
    public mutating func observe(_ closed: PositionClosed) -> AllocationDecision {
        guard let r = closed.netReturn, r.isFinite else {
            book.record(.noNetReturn)
            return .noNetReturn
        }
        let i = book.admit(AllocationBook.bucketName(of: closed, by: configuration.bucketKey))
        comparison.observe(allocation: book.buckets[i].allocation, netReturn: r, netPnlUSD: closed.netPnlUSD)
        let t = closed.closedAt
        let aShort = Self.alpha(ageSeconds: 0, tauSeconds: configuration.tauShortSeconds)
        let aLong = Self.alpha(ageSeconds: 0, tauSeconds: configuration.tauLongSeconds)
        let b = book.buckets[i]
        book.setStats(
            at: i,
            short: b.roiShort.map { (1 - aShort) * $0 + aShort * r } ?? r,
            long: b.roiLong.map { (1 - aLong) * $0 + aLong * r } ?? r,
            time: t
        )
        let g = book.global
        book.global = GlobalROI(
            roiShort: g.roiShort.map { (1 - aShort) * $0 + aShort * r } ?? r,
            roiLong: g.roiLong.map { (1 - aLong) * $0 + aLong * r } ?? r,
            n: g.n + 1,
            updatedAt: max(g.updatedAt ?? t, t)
        )
        let globalShort = book.global.roiShort ?? 0
        let weights = book.buckets.map { bucket -> Double in
            guard globalShort > 0, let short = bucket.roiShort else { return 1 }
            return clamped(short / globalShort, configuration.ratioClipLow, configuration.ratioClipHigh)
        }
        let total = weights.reduce(0, +)
        for k in weights.indices { book.setAllocation(weights[k] / total, at: k) }
        book.record(.updated)
        return .updated
    }
}
