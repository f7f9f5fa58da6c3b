public import EventLog

/// Configuration of the enriched-decisions join. Windows are anchored on the **decision** time.
public struct EnrichedDecisionsConfiguration: FoldConfiguration {
    /// A signal outcome joins a decision of the same symbol and side when its signal time lies in
    /// [decision − before, decision + after].
    public var outcomeWindowBeforeSeconds: Int64 = 300
    public var outcomeWindowAfterSeconds: Int64 = 60
    /// An executed decision joins the position of the same symbol and side opened in
    /// [decision − before, decision + after] (the nearest one).
    public var positionWindowBeforeSeconds: Int64 = 60
    public var positionWindowAfterSeconds: Int64 = 300
    /// How long after its windows closed (in event time) a decision's joins are decided and its row can be
    /// finalized: outcome records are written up to 2 h after their signal (the resolver's stale cleanup),
    /// so 3 h leaves an hour of slack. A record arriving later than this joins nothing already finalized.
    public var finalizeDelaySeconds: Int64 = 10_800

    public init() {}
}

/// Every decision (signals.jsonl row, blocked trade, position) joined with its outcomes: the signal outcomes
/// of the same symbol and side around the decision time, and, for executed decisions, the position that
/// opened from it and its closes (net return recomputed by ingest). Unmatched records are flagged, never
/// dropped.
///
/// Fixes the reference's join (`data_enrichment_layer`), which matched on symbol only and anchored on the
/// close time. `apply` records compact facts; the join runs over records sorted by content, so the result
/// does not depend on how sources were interleaved in the log.
///
/// Bounded state: once the watermark is `finalizeDelaySeconds` past a decision's windows its joins are
/// decided (it is *settled*); a settled decision without a position, and a position that is closed for good
/// together with its settled decisions, become *final* rows that leave the state through
/// `takeFinalizedRows` (appended to `logs/enriched_decisions.jsonl`, never rewritten). Outcomes leave once
/// no unsettled decision can join them. Rows not final yet are rewritten whole in
/// `logs/enriched_decisions_pending.jsonl`. Finalization runs in `apply` (event time only, at most once per
/// minute of watermark), so which rows are final, and their order, is a function of the events folded.
public struct EnrichedDecisions: Fold {
    public static let name = "enriched_decisions"
    public static let version = 1
    /// Final rows, append-only, in finalization order (by (decision time, seq) within one step).
    public static let exportPath = "logs/enriched_decisions.jsonl"
    /// Rows not final yet (provisional joins), by (decision time, seq), rewritten whole.
    public static let pendingPath = "logs/enriched_decisions_pending.jsonl"
    /// Finalization runs at most once per this much watermark progress (10 min: rows are final hours after
    /// their decision anyway; a finer step only costs more passes over the state).
    static let finalizeStepMicros: Int64 = 600_000_000

    /// Counts over the rows already finalized and the outcomes already forgotten (the report adds the
    /// provisional counts of what is still in the state).
    public struct Totals: Sendable, Codable, Equatable {
        public var decisionRows = 0
        public var positionRows = 0
        public var decisionsWithOutcomes = 0
        public var unmatchedDecisions = 0
        public var positionsWithoutDecision = 0
        public var outcomes = 0
        public var unmatchedOutcomes = 0
    }

    public struct State: Sendable, Codable, Equatable {
        /// Decisions not settled yet, in arrival order.
        public var decisions: [Decision] = []
        /// Outcomes a decision not settled yet may still join, sorted by (signal time, seq).
        public var outcomes: [Outcome] = []
        /// Positions not final yet (an open position stays until it closes).
        public var positions: [Position] = []
        /// `PositionKey.description` → index in `positions`.
        public var positionIndex: [String: Int] = [:]
        /// Final rows not taken yet (`takeFinalizedRows`), in finalization order.
        public var finalized: [Row] = []
        public var totals = Totals()
        /// Watermark at which the next finalization step may run.
        public var nextFinalizeAt: Int64 = .min
    }

    public let configuration: EnrichedDecisionsConfiguration
    public var state = State()

    public init(configuration: EnrichedDecisionsConfiguration) { self.configuration = configuration }

    public mutating func apply(_ event: Event, context: FoldContext) {
        apply(event, payload: event.payload, context: context)
    }

    public mutating func apply(_ event: Event, payload: EventPayload, context: FoldContext) {
        switch payload {
        case .decisionLogged(let d):
            state.decisions.append(
                Decision(
                    seq: event.seq,
                    time: event.eventTime,
                    kind: .signal,
                    symbol: d.symbol,
                    side: d.side,
                    sideRaw: d.sideRaw,
                    disposition: d.disposition,
                    strategy: d.strategy,
                    gate: d.blockGate,
                    reason: d.blockReason,
                    price: d.entryPrice,
                    venue: d.venue,
                    timeframe: d.timeframe,
                    ofi: d.ofi,
                    ensemble: d.ensemble,
                    mtfConfidence: d.mtfConfidence,
                    volatility: d.volatility,
                    regime: d.regime
                )
            )
        case .tradeBlocked(let b):
            state.decisions.append(
                Decision(
                    seq: event.seq,
                    time: event.eventTime,
                    kind: .blocked,
                    symbol: b.symbol,
                    side: b.side,
                    sideRaw: b.sideRaw,
                    disposition: .blocked,
                    strategy: b.strategy,
                    gate: b.gate,
                    reason: b.reason,
                    price: b.price,
                    venue: nil,
                    timeframe: b.timeframe,
                    ofi: nil,
                    ensemble: nil,
                    mtfConfidence: nil,
                    volatility: nil,
                    regime: nil
                )
            )
        case .signalOutcomeResolved(let o):
            // Kept sorted by (signal time, seq): outcomes arrive nearly in signal-time order, so the insertion
            // point is found a few steps from the end, and settling a decision binary-searches its window
            // instead of scanning every held outcome.
            var at = state.outcomes.count
            while at > 0, (state.outcomes[at - 1].signalTime, state.outcomes[at - 1].seq) > (o.signalTime, event.seq) {
                at -= 1
            }
            state.outcomes.insert(
                Outcome(
                    seq: event.seq,
                    signalTime: o.signalTime,
                    symbol: o.symbol,
                    side: o.side,
                    signalName: o.signalName,
                    confidence: o.confidence,
                    priceAtSignal: o.priceAtSignal,
                    results: HorizonResults(o.horizons),
                    evContribution: o.evContribution,
                    partial: o.partial
                ),
                at: at
            )
        case .positionOpened(let p):
            let i = position(p.key, side: p.side, seq: event.seq)
            state.positions[i].seq = event.seq  // the opening names the position, whatever was seen first
            state.positions[i].hasOpening = true
            state.positions[i].entryPrice = p.entryPrice
            state.positions[i].sizeUSD = p.sizeUSD
            state.positions[i].leverage = p.leverage
            state.positions[i].marginUSD = p.marginUSD
            state.positions[i].venue = p.venue
            state.positions[i].timeframe = p.timeframe
        case .positionUpdated(let u):
            if let i = state.positionIndex[u.key.description] { state.positions[i].updatedSinceClose = true }
        case .positionClosed(let c):
            let i = position(c.key, side: c.side, seq: event.seq)
            state.positions[i].updatedSinceClose = false
            if state.positions[i].entryPrice == nil { state.positions[i].entryPrice = c.entryPrice }
            if state.positions[i].leverage == nil { state.positions[i].leverage = c.leverage }
            if state.positions[i].timeframe == nil { state.positions[i].timeframe = c.timeframe }
            state.positions[i].closes.append(
                Close(
                    seq: event.seq,
                    closedAt: c.closedAt,
                    exitPrice: c.exitPrice,
                    netReturn: c.netReturn,
                    netPnlUSD: c.netPnlUSD,
                    marginUSD: c.marginUSD,
                    closeReason: c.closeReason,
                    quality: c.quality
                )
            )
        case .positionRemoved(let r):
            let i = position(r.key, side: r.side, seq: event.seq)
            state.positions[i].removedReason = r.reason
        default:
            break
        }
        if context.watermark >= state.nextFinalizeAt, context.watermark != .min {
            finalize(watermark: context.watermark)
        }
    }

    private mutating func position(_ key: PositionKey, side: Side, seq: UInt64) -> Int {
        let id = key.description
        if let i = state.positionIndex[id] { return i }
        state.positions.append(
            Position(
                seq: seq,
                symbol: key.symbol,
                strategy: key.strategy,
                directionRaw: key.directionRaw,
                openedAt: key.openedAt,
                side: side,
                hasOpening: false
            )
        )
        state.positionIndex[id] = state.positions.count - 1
        return state.positions.count - 1
    }

    public func report(context: FoldContext) -> FoldReport {
        let join = EnrichedJoin(state: state, configuration: configuration)
        let t = state.totals
        return FoldReport(
            identity: identity,
            counters: [
                "enriched_decisions": t.decisionRows + t.positionRows + join.pendingRowCount,
                "decisions_with_outcomes": t.decisionsWithOutcomes + join.decisionsWithOutcomes,
                "decisions_unmatched": t.unmatchedDecisions + join.unmatchedDecisions,
                "signal_outcomes": t.outcomes + state.outcomes.count,
                "signal_outcomes_unmatched": t.unmatchedOutcomes + join.unmatchedOutcomes,
                "positions": t.positionRows + state.positions.count,
                "positions_without_decision": t.positionsWithoutDecision + join.positionsWithoutDecision,
            ]
        )
    }

    /// The pending file (rewritten whole); final rows go through `takeFinalizedRows`.
    public func exports(context: ExportContext) -> [ExportFile] {
        let join = EnrichedJoin(state: state, configuration: configuration)
        return [ExportFile(relativePath: Self.pendingPath, bytes: Self.jsonLines(join.pendingRows()))]
    }

    /// Final rows since the last call, as lines to append to `logs/enriched_decisions.jsonl`.
    public mutating func takeFinalizedRows() -> [ExportAppend] {
        let rows = state.finalized
        state.finalized.removeAll()
        return [Self.finalizedAppend(rows)]
    }
}
