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

    public init() {}
}

/// Every decision (signals.jsonl row, blocked trade, position) joined with its outcomes: the signal outcomes
/// of the same symbol and side around the decision time, and, for executed decisions, the position that
/// opened from it and its closes (net return recomputed by ingest). Unmatched records are flagged, never
/// dropped.
///
/// Fixes the reference's join (`data_enrichment_layer`), which matched on symbol only and anchored on the
/// close time. `apply` only records compact facts; the join runs when exports are built, over records
/// sorted by content, so the result does not depend on how sources were interleaved in the log.
public struct EnrichedDecisions: Fold {
    public static let name = "enriched_decisions"
    public static let version = 1
    public static let exportPath = "logs/enriched_decisions.jsonl"

    public enum DecisionKind: String, Sendable, Codable {
        case signal
        case blocked
        case position
    }

    /// A decision from signals.jsonl or a blocked-trade record.
    public struct Decision: Sendable, Codable, Equatable {
        public var seq: UInt64
        public var time: Int64
        public var kind: DecisionKind
        public var symbol: String
        public var side: Side
        public var sideRaw: String
        public var disposition: Disposition
        public var strategy: String?
        public var gate: String?
        public var reason: String?
        public var price: Double?
        public var venue: String?
        public var timeframe: String?
        public var ofi: Double?
        public var ensemble: Double?
        public var mtfConfidence: Double?
        public var volatility: Double?
        public var regime: String?
    }

    /// Returns (raw fractions) and hits of the five horizons, inline (no array allocation per outcome).
    public struct HorizonResults: Sendable, Codable, Equatable {
        public var returns: [Double?] { [r1m, r5m, r15m, r30m, r1h] }
        public var hits: [Bool?] { [h1m, h5m, h15m, h30m, h1h] }
        var r1m, r5m, r15m, r30m, r1h: Double?
        var h1m, h5m, h15m, h30m, h1h: Bool?

        init(_ horizons: [HorizonOutcome]) {
            for h in horizons {
                switch h.horizon {
                case .m1: (r1m, h1m) = (h.returnFraction, h.hit)
                case .m5: (r5m, h5m) = (h.returnFraction, h.hit)
                case .m15: (r15m, h15m) = (h.returnFraction, h.hit)
                case .m30: (r30m, h30m) = (h.returnFraction, h.hit)
                case .h1: (r1h, h1h) = (h.returnFraction, h.hit)
                }
            }
        }
    }

    /// A signal outcome, compact.
    public struct Outcome: Sendable, Codable, Equatable {
        public var seq: UInt64
        public var signalTime: Int64
        public var symbol: String
        public var side: Side
        public var signalName: String
        public var confidence: Double
        public var priceAtSignal: Double
        public var results: HorizonResults
        public var evContribution: Double?
        public var partial: Bool
    }

    public struct Close: Sendable, Codable, Equatable {
        public var seq: UInt64
        public var closedAt: Int64
        public var exitPrice: Double?
        public var netReturn: Double?
        public var netPnlUSD: Double?
        public var marginUSD: Double?
        public var closeReason: String?
        public var quality: [DataQualityFlag]
    }

    /// One opening (PositionOpened) or, when the log has only its closes, the opening those closes describe.
    public struct Position: Sendable, Codable, Equatable {
        public var seq: UInt64
        public var symbol: String
        public var strategy: String
        public var directionRaw: String
        public var openedAt: Int64
        public var side: Side
        public var hasOpening: Bool
        public var entryPrice: Double?
        public var sizeUSD: Double?
        public var leverage: Double?
        public var marginUSD: Double?
        public var venue: String?
        public var timeframe: String?
        public var closes: [Close] = []
        public var removedReason: String?
    }

    public struct State: Sendable, Codable, Equatable {
        public var decisions: [Decision] = []
        public var outcomes: [Outcome] = []
        public var positions: [Position] = []
        /// `PositionKey.description` → index in `positions`.
        public var positionIndex: [String: Int] = [:]
    }

    public let configuration: EnrichedDecisionsConfiguration
    public var state = State()

    public init(configuration: EnrichedDecisionsConfiguration) { self.configuration = configuration }

    public mutating func apply(_ event: Event, context: FoldContext) {
        switch event.payload {
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
            state.outcomes.append(
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
                )
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
        case .positionClosed(let c):
            let i = position(c.key, side: c.side, seq: event.seq)
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
        return FoldReport(
            identity: identity,
            counters: [
                "enriched_decisions": join.rowCount,
                "decisions_with_outcomes": join.decisionsWithOutcomes,
                "decisions_unmatched": join.unmatchedDecisions,
                "signal_outcomes": state.outcomes.count,
                "signal_outcomes_unmatched": join.unmatchedOutcomes,
                "positions": state.positions.count,
                "positions_without_decision": join.positionsWithoutDecision,
            ]
        )
    }

    public func exports(context: ExportContext) -> [ExportFile] {
        let join = EnrichedJoin(state: state, configuration: configuration)
        return [ExportFile(relativePath: Self.exportPath, bytes: join.jsonLines())]
    }
}
