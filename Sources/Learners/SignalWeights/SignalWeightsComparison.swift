/// The outcome metric of a signal-weights version on realized history: each resolved outcome's directional
/// return (side × raw return at its longest resolved horizon) weighted by its component's weight **as it stood
/// at the signal's time** (never a weight learned from that outcome). A version whose weights favour the
/// components that were right has a higher `weightedMeanReturn`; two versions replayed over one log see the
/// same outcomes, so the numbers compare directly.
public struct SignalWeightsComparison: Sendable, Codable, Equatable, Hashable {
    /// Outcomes of weighted components with a directional return.
    public var outcomes: Int = 0
    /// Σ weight × directional return, Σ weight and Σ directional return (unweighted baseline).
    public var weightedReturn: Double = 0
    public var weightSum: Double = 0
    public var returnSum: Double = 0

    public init() {}

    /// Σ w·r / Σ w (0 without outcomes).
    public var weightedMeanReturn: Double { weightSum > 0 ? weightedReturn / weightSum : 0 }
    /// Σ r / n: what equal weights would give.
    public var meanReturn: Double { outcomes > 0 ? returnSum / Double(outcomes) : 0 }

    @inline(__always)
    mutating func observe(weight: Double, directionalReturn r: Double) {
        outcomes += 1
        weightedReturn += weight * r
        weightSum += weight
        returnSum += r
    }
}
