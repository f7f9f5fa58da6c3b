public import EventLog

/// `allocation@2`: seed 004's timeframe allocation with the contradictions resolved (issue 5).
///
/// On each closed position with net return r (fraction of margin): the bucket's and the global short (τ 14 d)
/// and long (τ 90 d) `DecayedAverage`s take r at the close's event time and n += 1; then `AllocationRule.step`
/// moves the buckets with trades. Seed 004's worked example gives 15m 0.1506, 1h 0.4994, 4h 0.35 after trade 2.
public struct AllocationLearner: Sendable, Codable, Equatable {
    public let configuration: AllocationConfiguration
    public private(set) var book: AllocationBook
    /// The comparison metric, updated as trades are folded (see `AllocationComparison`).
    public private(set) var comparison = AllocationComparison()
    /// Per bucket (aligned with `book.buckets`) short and long averages, and the global ones.
    private var shortAverages: [DecayedAverage] = []
    private var longAverages: [DecayedAverage] = []
    private var globalShort: DecayedAverage
    private var globalLong: DecayedAverage

    public init(configuration: AllocationConfiguration = .init()) throws(LearnersError) {
        try configuration.validate()
        self.init(unchecked: configuration)
    }

    /// For folds, whose initializer cannot throw; they validate first and report a problem instead.
    init(unchecked configuration: AllocationConfiguration) {
        self.configuration = configuration
        book = AllocationBook(configuration)
        shortAverages = book.buckets.map { _ in DecayedAverage(tauSeconds: configuration.tauShortSeconds) }
        longAverages = book.buckets.map { _ in DecayedAverage(tauSeconds: configuration.tauLongSeconds) }
        globalShort = DecayedAverage(tauSeconds: configuration.tauShortSeconds)
        globalLong = DecayedAverage(tauSeconds: configuration.tauLongSeconds)
    }

    /// Folds one closed position; returns what it did to the allocation.
    @discardableResult
    public mutating func observe(_ closed: PositionClosed) -> AllocationDecision {
        guard let r = closed.netReturn, r.isFinite else {
            book.record(.noNetReturn)
            return .noNetReturn
        }
        let name = AllocationBook.bucketName(of: closed, by: configuration.bucketKey)
        let before = book.buckets.count
        let i = book.admit(name)
        if book.buckets.count != before {
            shortAverages.insert(DecayedAverage(tauSeconds: configuration.tauShortSeconds), at: i)
            longAverages.insert(DecayedAverage(tauSeconds: configuration.tauLongSeconds), at: i)
        }
        comparison.observe(allocation: book.buckets[i].allocation, netReturn: r, netPnlUSD: closed.netPnlUSD)
        let t = closed.closedAt
        shortAverages[i].add(r, at: t)
        longAverages[i].add(r, at: t)
        book.setStats(at: i, short: shortAverages[i].value, long: longAverages[i].value, time: t)
        globalShort.add(r, at: t)
        globalLong.add(r, at: t)
        book.global = GlobalROI(
            roiShort: globalShort.value,
            roiLong: globalLong.value,
            n: book.global.n + 1,
            updatedAt: max(book.global.updatedAt ?? t, t)
        )
        let decision = rebalance()
        book.record(decision)
        return decision
    }

    /// `AllocationRule.step` over the buckets with trades, on stack buffers: the arrays it took cost about eight
    /// allocations per closed trade.
    private mutating func rebalance() -> AllocationDecision {
        let count = book.buckets.count
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { members in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * count) { values in
                var k = 0
                var minCount = Int.max
                for i in 0..<count where book.buckets[i].n > 0 {
                    members[k] = i
                    values[k] = book.buckets[i].allocation
                    values[count + k] = book.buckets[i].roiShort ?? 0
                    minCount = min(minCount, book.buckets[i].n)
                    k += 1
                }
                let moved = UnsafeMutableBufferPointer(rebasing: values[(2 * count)..<(2 * count + k)])
                let noChange = AllocationRule.step(
                    allocations: UnsafeBufferPointer(rebasing: values[0..<k]),
                    roiShort: UnsafeBufferPointer(rebasing: values[count..<(count + k)]),
                    minCount: k == 0 ? 0 : minCount,
                    maxStep: configuration.maxChangePerTrade,
                    fullStepTrades: configuration.minTradesForFullStep,
                    into: moved
                )
                if let noChange { return noChange.decision }
                for j in 0..<k { book.setAllocation(moved[j], at: members[j]) }
                return .updated
            }
        }
    }
}
