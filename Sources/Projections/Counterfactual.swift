public import EventLog

/// Configuration of the counterfactual P&L projection (defaults from seed 002 and the reference §2.4).
public struct CounterfactualConfiguration: FoldConfiguration {
    /// Horizons after the decision: the reference's 5m/15m/60m checks, then seed 002's 2h/4h/8h holds
    /// (its 1h hold is the 60m check).
    public var horizonsSeconds: [Int64] = [300, 900, 3600, 7200, 14_400, 28_800]
    /// The horizons a block is judged on (`best_pnl_pct`, `would_have_won`, the classification, the gate
    /// feedback): the reference's three checks. The longer holds are priced and listed but not judged: the best
    /// of six exit times chosen afterwards calls most blocks of a losing gate "would have won" by noise alone
    /// (docs/exports.md). Horizons not in `horizonsSeconds` are ignored.
    public var judgedHorizonsSeconds: [Int64] = [300, 900, 3600]
    /// Taker fee per side (fraction of notional): 0.06 %.
    public var takerFee: Double = 0.0006
    /// Slippage per fill (fraction of price), against the trade on entry and exit.
    public var slippage: Double = 0.0003
    /// A horizon "would win" when its net P&L in percent exceeds this (the reference's 0.1 %).
    public var winThresholdPct: Double = 0.1
    /// Extra event time to wait after the last horizon (plus the mark staleness) before resolving: outcome
    /// horizon prices arrive up to an hour after their time (event time of an outcome = signal + 1 h).
    public var settleDelaySeconds: Int64 = 3600
    /// The weight learners give a counterfactual outcome relative to a real trade.
    public var learnerWeight: Double = 0.5
    /// `signals.jsonl` dispositions counted as blocked decisions (TradeBlocked events always are).
    /// `warned` is not included by default: a warned signal was still eligible to trade.
    public var blockingDispositions: [String] = ["blocked"]
    /// A blocked `signals.jsonl` row and a blocked-trade record of the same symbol and side whose times are at
    /// most this far apart are one blocked decision logged twice (a bot that writes both files logs each block
    /// in both, and `signals.jsonl` stamps whole seconds): the later one is merged into the earlier one instead
    /// of being counted again (`Counterfactual+Twins.swift`). 0 counts every record on its own.
    public var twinWindowSeconds: Double = 2
    /// Gate feedback window and thresholds (the reference's `generate_gate_feedback`).
    public var feedbackWindowDays: Int64 = 7
    public var gateMinBlocked: Int = 5
    public var loosenAboveWinPct: Double = 40
    public var tightenBelowWinPct: Double = 15
    public var symbolMinBlocked: Int = 3
    public var symbolAboveWinPct: Double = 50

    public init() {}
}

/// Counterfactual P&L of blocked decisions (seed 002, reference §2.4): for every blocked decision, the
/// theoretical P&L at each horizon from price marks, net of fees and slippage, classified as missed
/// opportunity or avoided loss. An outcome resolves when the watermark passes decision time + the longest
/// horizon + mark staleness + settle delay; resolved outcomes are handed to learners through the context.
public struct Counterfactual: Fold {
    public static let name = "counterfactual"
    public static let version = 2

    /// A blocked decision waiting for its horizons.
    public struct Pending: Sendable, Codable, Equatable {
        public var due: Int64
        public var outcome: CounterfactualOutcome
    }

    public struct State: Sendable, Codable, Equatable {
        /// `pending[pendingStart...]` are waiting, sorted by (due, decisionSeq); the prefix before
        /// `pendingStart` is already resolved and dropped in bulk (no memmove per resolution).
        public var pending: [Pending] = []
        public var pendingStart = 0
        /// Decisions waiting for their horizons.
        public var waiting: ArraySlice<Pending> { pending[pendingStart...] }
        /// Resolved outcomes the gate feedback may still read, in resolution order (which is decision-time
        /// order: due = decision time + a constant). `resolved[resolvedStart...]` have a decision time within
        /// `feedbackWindowDays` of the watermark; older ones are dropped in bulk. Keeping only the window is
        /// what keeps this state bounded on a long history; counts over everything are in the totals below.
        public var resolved: [CounterfactualOutcome] = []
        public var resolvedStart = 0
        /// Resolved outcomes in the feedback window.
        public var recent: ArraySlice<CounterfactualOutcome> { resolved[resolvedStart...] }
        /// Every outcome resolved so far, and how many per classification (`CounterfactualClassification`
        /// case order).
        public var resolvedTotal = 0
        public var classificationCounts = [Int](repeating: 0, count: CounterfactualClassification.allCases.count)
        /// Resolved, not yet handed to the append-only `counterfactual_outcomes.jsonl` (`takeFinalizedRows`).
        public var unexported: [CounterfactualOutcome] = []

        public init() {}
    }

    public let configuration: CounterfactualConfiguration
    public var state = State()
    /// Indexed by `Disposition.rawValue`: whether that disposition is a blocked decision (no hashing per event).
    private let blocking: [Bool]
    private let longestHorizon: Int64
    /// `twinWindowSeconds` in µs.
    let twinWindow: Int64

    public init(configuration: CounterfactualConfiguration) {
        self.configuration = configuration
        let names = Set(configuration.blockingDispositions.map { $0.lowercased() })
        var mask = [Bool](repeating: false, count: 256)
        for d in Disposition.allCases where names.contains(d.description) { mask[Int(d.rawValue)] = true }
        blocking = mask
        longestHorizon = configuration.horizonsSeconds.max() ?? 0
        twinWindow = Int64((max(0, configuration.twinWindowSeconds) * 1_000_000).rounded())
    }

    public mutating func apply(_ event: Event, context: FoldContext) {
        apply(event, payload: event.payload, context: context)
    }

    public mutating func apply(_ event: Event, payload: EventPayload, context: FoldContext) {
        var discarded: [CounterfactualOutcome] = []
        advance(event, payload: payload, watermark: context.watermark, marks: context.priceMarks, resolved: &discarded)
    }

    /// Registers the event if it is a blocked decision, then resolves every pending decision whose due time
    /// the watermark has passed, appending the resolved outcomes to `resolved` in (due, seq) order.
    public mutating func advance(_ event: Event, context: FoldContext, resolved: inout [CounterfactualOutcome]) {
        advance(event, watermark: context.watermark, marks: context.priceMarks, resolved: &resolved)
    }

    /// `advance` with the context's parts passed separately, so that the pipeline can append to its own
    /// context's `resolvedCounterfactuals` while lending its price marks (no copy of the context).
    public mutating func advance(
        _ event: Event,
        watermark: Int64,
        marks: borrowing PriceMarks,
        resolved: inout [CounterfactualOutcome]
    ) {
        advance(event, payload: event.payload, watermark: watermark, marks: marks, resolved: &resolved)
    }

    /// `advance` with the payload already read (`payload` is `event.payload`).
    public mutating func advance(
        _ event: Event,
        payload: EventPayload,
        watermark: Int64,
        marks: borrowing PriceMarks,
        resolved: inout [CounterfactualOutcome]
    ) {
        if let outcome = blockedDecision(event, payload), !mergeIntoTwin(outcome) {
            let staleness = marks.configuration.maxStalenessSeconds
            let due = event.eventTime + (longestHorizon + staleness + configuration.settleDelaySeconds) * 1_000_000
            let entry = Pending(due: due, outcome: outcome)
            var i = state.pending.count
            while i > state.pendingStart,
                (state.pending[i - 1].due, state.pending[i - 1].outcome.decisionSeq) > (due, event.seq)
            {
                i -= 1
            }
            state.pending.insert(entry, at: i)
        }
        while state.pendingStart < state.pending.count, state.pending[state.pendingStart].due <= watermark {
            let outcome = resolve(state.pending[state.pendingStart].outcome, marks: marks, at: watermark)
            state.resolved.append(outcome)
            state.unexported.append(outcome)
            state.resolvedTotal += 1
            state.classificationCounts[outcome.classification.index] += 1
            resolved.append(outcome)
            state.pendingStart += 1
        }
        forgetOutsideFeedbackWindow(watermark: watermark)
        if state.pendingStart >= 1024, state.pendingStart * 2 >= state.pending.count {
            state.pending.removeFirst(state.pendingStart)
            state.pendingStart = 0
        }
    }

    /// Drops resolved outcomes whose decision time left the feedback window (they can never be read again:
    /// the watermark only grows), in bulk, like the pending queue.
    private mutating func forgetOutsideFeedbackWindow(watermark: Int64) {
        guard watermark != .min else { return }
        let since = watermark - configuration.feedbackWindowDays * 86_400_000_000
        while state.resolvedStart < state.resolved.count, state.resolved[state.resolvedStart].decisionTime < since {
            state.resolvedStart += 1
        }
        if state.resolvedStart >= 1024, state.resolvedStart * 2 >= state.resolved.count {
            state.resolved.removeFirst(state.resolvedStart)
            state.resolvedStart = 0
        }
    }

    private func blockedDecision(_ event: Event, _ payload: EventPayload) -> CounterfactualOutcome? {
        switch payload {
        case .tradeBlocked(let b):
            return CounterfactualOutcome(
                decisionSeq: event.seq,
                decisionTime: event.eventTime,
                resolvedAt: event.eventTime,
                source: .tradeBlocked,
                symbol: b.symbol,
                side: b.side,
                disposition: "blocked",
                gate: b.gate,
                reason: b.reason,
                strategy: b.strategy,
                timeframe: b.timeframe,
                entryPrice: b.price,
                weight: configuration.learnerWeight
            )
        case .decisionLogged(let d) where blocking[Int(d.disposition.rawValue)]:
            return CounterfactualOutcome(
                decisionSeq: event.seq,
                decisionTime: event.eventTime,
                resolvedAt: event.eventTime,
                source: .signals,
                symbol: d.symbol,
                side: d.side,
                disposition: d.disposition.description,
                gate: d.blockGate,
                reason: d.blockReason,
                strategy: d.strategy,
                timeframe: d.timeframe,
                ofi: d.ofi,
                ensemble: d.ensemble,
                regime: d.regime,
                entryPrice: d.entryPrice,
                weight: configuration.learnerWeight
            )
        default:
            return nil
        }
    }

    /// Prices every horizon from the marks and classifies the result.
    func resolve(
        _ pending: CounterfactualOutcome,
        marks: borrowing PriceMarks,
        at watermark: Int64
    ) -> CounterfactualOutcome {
        CounterfactualOutcome(fields: resolved(pending.fields, marks: marks, at: watermark))
    }

    /// `resolve` on the outcome's fields (boxed once by the caller: writing through the outcome's properties
    /// would copy its horizons array at every write).
    private func resolved(
        _ pending: CounterfactualOutcome.Fields,
        marks: borrowing PriceMarks,
        at watermark: Int64
    ) -> CounterfactualOutcome.Fields {
        var o = pending
        o.resolvedAt = watermark
        let symbolMarks = marks.marks(of: o.symbol)
        if let own = o.entryPrice, own.isFinite, own > 0 {
            o.entryPriceSource = "record"
        } else if let mark = symbolMarks.mark(at: o.decisionTime) {
            o.entryPrice = mark.price
            o.entryPriceSource = "mark"
        } else {
            o.entryPrice = nil
        }
        o.horizons = configuration.horizonsSeconds.map { CounterfactualHorizon(seconds: $0) }
        guard o.side != .neutral else {
            o.classification = .noDirection
            return o
        }
        guard let entry = o.entryPrice else {
            o.classification = .unpriced
            return o
        }
        var allLost = true
        var cursor = 0
        for i in o.horizons.indices {
            let judged = configuration.judgedHorizonsSeconds.contains(o.horizons[i].seconds)
            let exitTime = o.decisionTime + o.horizons[i].seconds * 1_000_000
            guard let exit = symbolMarks.mark(atOrAfter: exitTime, cursor: &cursor) else { continue }
            let net = CounterfactualPnL.netReturn(
                side: o.side,
                entry: entry,
                exit: exit.price,
                fee: configuration.takerFee,
                slippage: configuration.slippage
            )
            o.horizons[i].exitPrice = exit.price
            o.horizons[i].grossReturn = CounterfactualPnL.grossReturn(side: o.side, entry: entry, exit: exit.price)
            o.horizons[i].netReturn = net
            guard judged else { continue }
            if net >= 0 { allLost = false }
            if o.bestNetReturn.map({ net > $0 }) ?? true {
                o.bestNetReturn = net
                o.bestHorizonSeconds = o.horizons[i].seconds
            }
        }
        guard let best = o.bestNetReturn else {
            o.classification = .unpriced
            return o
        }
        if best * 100 > configuration.winThresholdPct {
            o.classification = .missedOpportunity
        } else if allLost {
            o.classification = .avoidedLoss
        } else {
            o.classification = .neutral
        }
        return o
    }

    public func report(context: FoldContext) -> FoldReport {
        var counters: [String: Int] = ["pending": state.waiting.count, "resolved": state.resolvedTotal]
        for c in CounterfactualClassification.allCases { counters[c.rawValue] = state.classificationCounts[c.index] }
        return FoldReport(identity: identity, counters: counters)
    }
}
