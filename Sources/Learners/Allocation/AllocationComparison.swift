/// The outcome metric of an allocation version on realized history: every closed trade's result weighted by
/// the allocation its bucket had **before** that trade was folded (the allocation in force while the trade was
/// open and closing, never one that already knew its result). Two versions folded over the same log see the
/// same trades, so their sums compare directly: the version with the larger `allocatedReturn` put more of the
/// capital where the returns were.
public struct AllocationComparison: Sendable, Codable, Equatable, Hashable {
    /// Closed trades with a net return.
    public var trades: Int = 0
    /// Σ allocation × net return on margin (fraction).
    public var allocatedReturn: Double = 0
    /// Σ allocation × net P&L (USD), over trades that have one.
    public var allocatedPnlUSD: Double = 0
    /// Σ net P&L (USD) unweighted, the baseline both versions share.
    public var pnlUSD: Double = 0

    public init() {}

    @inline(__always)
    mutating func observe(allocation: Double, netReturn: Double, netPnlUSD: Double?) {
        trades += 1
        allocatedReturn += allocation * netReturn
        if let pnl = netPnlUSD {
            allocatedPnlUSD += allocation * pnl
            pnlUSD += pnl
        }
    }
}
