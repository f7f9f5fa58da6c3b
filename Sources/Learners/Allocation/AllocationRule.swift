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
        var moved = allocations
        let noChange = allocations.withUnsafeBufferPointer { a in
            roiShort.withUnsafeBufferPointer { r in
                moved.withUnsafeMutableBufferPointer { m in
                    step(
                        allocations: a,
                        roiShort: r,
                        minCount: counts.min() ?? 0,
                        maxStep: maxStep,
                        fullStepTrades: fullStepTrades,
                        into: m
                    )
                }
            }
        }
        if let noChange { return .failure(noChange) }
        return .success(moved)
    }

    /// `step` over buffers, writing the moved allocations into `moved` (as many as `allocations`) and returning
    /// nil, or returning the reason for no change (`moved` is then unspecified). The array form calls this one;
    /// `AllocationLearner` calls it on stack buffers (no allocation per trade). `minCount` is the smallest n.
    static func step(
        allocations: UnsafeBufferPointer<Double>,
        roiShort: UnsafeBufferPointer<Double>,
        minCount: Int,
        maxStep: Double,
        fullStepTrades: Int,
        into moved: UnsafeMutableBufferPointer<Double>
    ) -> AllocationNoChange? {
        guard allocations.count >= 2 else { return .tooFewBuckets }
        // Every sum runs from 0 in index order, as `reduce(0, +)` over the arrays did: the same doubles.
        var positiveSum = 0.0
        for r in roiShort { positiveSum += max(r, 0) }
        guard positiveSum > 0 else { return .noPositiveROI }
        var mass = 0.0
        for a in allocations { mass += a }
        let discount = min(1, Double(minCount) / Double(fullStepTrades))
        var movedSum = 0.0
        for i in allocations.indices {
            let desired = mass * max(roiShort[i], 0) / positiveSum
            moved[i] = allocations[i] + clamped(desired - allocations[i], -maxStep, maxStep) * discount
            movedSum += moved[i]
        }
        guard movedSum > 0 else {
            for i in allocations.indices { moved[i] = allocations[i] }
            return nil
        }
        for i in allocations.indices { moved[i] = moved[i] * mass / movedSum }
        return nil
    }
}

/// Why `AllocationRule.step` left the allocation unchanged.
public enum AllocationNoChange: Error, Sendable, Equatable {
    case tooFewBuckets
    case noPositiveROI

    var decision: AllocationDecision { self == .tooFewBuckets ? .tooFewBuckets : .noPositiveROI }
}
