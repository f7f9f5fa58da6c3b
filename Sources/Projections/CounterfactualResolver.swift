import EventLog

/// Prices a blocked decision's horizons from the price marks and classifies the result: the part of
/// `Counterfactual` that reads only its configuration, kept apart so that resolving (a call per outcome while
/// the projection's state is being written) borrows these few values instead of copying the projection.
struct CounterfactualResolver: Sendable {
    /// `horizonsSeconds`, and whether each is judged (in `judgedHorizonsSeconds`).
    private let horizons: [Int64]
    private let judged: [Bool]
    /// Every horizon unpriced: the horizons of an outcome that cannot be priced (shared, no allocation).
    private let unpricedHorizons: [CounterfactualHorizon]
    private let takerFee: Double
    private let slippage: Double
    private let winThresholdPct: Double

    init(configuration: CounterfactualConfiguration) {
        horizons = configuration.horizonsSeconds
        judged = configuration.horizonsSeconds.map { configuration.judgedHorizonsSeconds.contains($0) }
        unpricedHorizons = configuration.horizonsSeconds.map { CounterfactualHorizon(seconds: $0) }
        takerFee = configuration.takerFee
        slippage = configuration.slippage
        winThresholdPct = configuration.winThresholdPct
    }

    /// Resolves `o` (a pending decision's fields) in place at `watermark`: entry price, every horizon's exit
    /// price and returns, the best judged horizon and the classification.
    ///
    /// `cursors` (one per horizon, any values) are where the previous outcome of this symbol found its exit
    /// prices: outcomes resolve in decision-time order, so each horizon's exit time moves on a little from the
    /// previous one's and the look-up gallops from there (the answers do not depend on the cursors).
    ///
    /// `series` is a view of the symbol's price series (of an empty one when it has none) in the price
    /// marks, and `staleness` their maximum staleness in µs.
    func resolve(
        _ o: inout CounterfactualOutcome.Fields,
        series: PriceMarks.SeriesView,
        staleness: Int64,
        at watermark: Int64,
        cursors: inout [Int]
    ) {
        o.resolvedAt = watermark
        if let own = o.entryPrice, own.isFinite, own > 0 {
            o.entryPriceSource = "record"
        } else if let mark = series.mark(atOrBefore: o.decisionTime, staleness: staleness)
            ?? series.mark(atOrAfter: o.decisionTime, staleness: staleness)
        {
            o.entryPrice = mark.price
            o.entryPriceSource = "mark"
        } else {
            o.entryPrice = nil
        }
        guard o.side != .neutral else {
            o.horizons = unpricedHorizons
            o.classification = .noDirection
            return
        }
        guard let entry = o.entryPrice else {
            o.horizons = unpricedHorizons
            o.classification = .unpriced
            return
        }
        let sign = o.side.sign
        let decisionTime = o.decisionTime
        var allLost = true
        var best: Double?
        var bestSeconds: Int64?
        // Appended into reserved capacity rather than `init(unsafeUninitializedCapacity:)`, whose unspecialized
        // allocation looked the array's type metadata up in the runtime's cache on every outcome.
        var priced = [CounterfactualHorizon]()
        priced.reserveCapacity(horizons.count)
        for i in horizons.indices {
            let seconds = horizons[i]
            let time = decisionTime + seconds * 1_000_000
            guard let exit = series.mark(atOrAfter: time, staleness: staleness, cursor: &cursors[i]) else {
                priced.append(CounterfactualHorizon(seconds: seconds))
                continue
            }
            let net = CounterfactualPnL.netReturn(
                sign: sign,
                entry: entry,
                exit: exit.price,
                fee: takerFee,
                slippage: slippage
            )
            priced.append(
                CounterfactualHorizon(
                    seconds: seconds,
                    exitPrice: exit.price,
                    grossReturn: CounterfactualPnL.grossReturn(sign: sign, entry: entry, exit: exit.price),
                    netReturn: net
                )
            )
            guard judged[i] else { continue }
            if net >= 0 { allLost = false }
            if best.map({ net > $0 }) ?? true {
                best = net
                bestSeconds = seconds
            }
        }
        o.horizons = priced
        o.bestNetReturn = best
        o.bestHorizonSeconds = bestSeconds
        guard let best else {
            o.classification = .unpriced
            return
        }
        if best * 100 > winThresholdPct {
            o.classification = .missedOpportunity
        } else if allLost {
            o.classification = .avoidedLoss
        } else {
            o.classification = .neutral
        }
    }
}
