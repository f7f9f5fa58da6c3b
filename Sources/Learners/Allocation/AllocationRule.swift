/// allocation@2's step (issue 5), as a pure function over the buckets that have trades.
public enum AllocationRule {
    /// One step toward the desired shares.
    ///
    /// - `allocations`, `roiShort`, `counts`: the buckets with n > 0 (T), in any fixed order.
    /// - Desired shares within T are proportional to max(roi_short, 0), scaled to the mass T holds now; each
    ///   bucket moves toward its desired value by at most `maxStep` × min(1, min n / `fullStepTrades`); then T is
    ///   renormalized to its previous mass, so buckets outside T never change.
    /// - Returns nil (no change) with the reason when |T| < 2 or no bucket has a positive short ROI.
    public static func step(
        allocations: [Double],
        roiShort: [Double],
        counts: [Int],
        maxStep: Double,
        fullStepTrades: Int
    ) -> Result<[Double], AllocationNoChange> {
        guard allocations.count >= 2 else { return .failure(.tooFewBuckets) }
        let positive = roiShort.map { max($0, 0) }
        let positiveSum = positive.reduce(0, +)
        guard positiveSum > 0 else { return .failure(.noPositiveROI) }
        let mass = allocations.reduce(0, +)
        let discount = min(1, Double(counts.min() ?? 0) / Double(fullStepTrades))
        var moved = allocations
        for i in allocations.indices {
            let desired = mass * positive[i] / positiveSum
            moved[i] = allocations[i] + clamped(desired - allocations[i], -maxStep, maxStep) * discount
        }
        let movedSum = moved.reduce(0, +)
        guard movedSum > 0 else { return .success(allocations) }
        return .success(moved.map { $0 * mass / movedSum })
    }
}

/// Why `AllocationRule.step` left the allocation unchanged.
public enum AllocationNoChange: Error, Sendable, Equatable {
    case tooFewBuckets
    case noPositiveROI

    var decision: AllocationDecision { self == .tooFewBuckets ? .tooFewBuckets : .noPositiveROI }
}
