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

    public enum DecisionKind: String, Sendable, Codable {
        case signal
        case blocked
        case position
    }

    /// A decision from signals.jsonl or a blocked-trade record.
    public struct Decision: Sendable, Codable, Equatable {
        /// The stored fields, kept once in a copy-on-write box: a copy of this value (into an array, a row, the
        /// context) costs one retain instead of one per string, and arrays of it move 8 bytes per element.
        /// `Fields` has exactly the old stored properties, so the Codable encoding (snapshots) is unchanged.
        struct Fields: Sendable, Codable, Equatable {
            var seq: UInt64
            var time: Int64
            var kind: DecisionKind
            var symbol: String
            var side: Side
            var sideRaw: String
            var disposition: Disposition
            var strategy: String?
            var gate: String?
            var reason: String?
            var price: Double?
            var venue: String?
            var timeframe: String?
            var ofi: Double?
            var ensemble: Double?
            var mtfConfidence: Double?
            var volatility: Double?
            var regime: String?
        }

        private var box: CopyOnWriteBox<Fields>

        init(fields: Fields) { box = CopyOnWriteBox(fields) }

        init(
            seq: UInt64,
            time: Int64,
            kind: DecisionKind,
            symbol: String,
            side: Side,
            sideRaw: String,
            disposition: Disposition,
            strategy: String? = nil,
            gate: String? = nil,
            reason: String? = nil,
            price: Double? = nil,
            venue: String? = nil,
            timeframe: String? = nil,
            ofi: Double? = nil,
            ensemble: Double? = nil,
            mtfConfidence: Double? = nil,
            volatility: Double? = nil,
            regime: String? = nil
        ) {
            box = CopyOnWriteBox(
                Fields(
                    seq: seq,
                    time: time,
                    kind: kind,
                    symbol: symbol,
                    side: side,
                    sideRaw: sideRaw,
                    disposition: disposition,
                    strategy: strategy,
                    gate: gate,
                    reason: reason,
                    price: price,
                    venue: venue,
                    timeframe: timeframe,
                    ofi: ofi,
                    ensemble: ensemble,
                    mtfConfidence: mtfConfidence,
                    volatility: volatility,
                    regime: regime
                )
            )
        }

        /// The fields (a copy), e.g. to build a changed value with one allocation.
        var fields: Fields { box.value }

        private mutating func write<R>(_ body: (inout Fields) -> R) -> R {
            if !isKnownUniquelyReferenced(&box) { box = CopyOnWriteBox(box.value) }
            return body(&box.value)
        }

        public init(from decoder: any Decoder) throws { box = CopyOnWriteBox(try Fields(from: decoder)) }

        public func encode(to encoder: any Encoder) throws { try box.value.encode(to: encoder) }

        public static func == (a: Self, b: Self) -> Bool { a.box === b.box || a.box.value == b.box.value }

        public var seq: UInt64 {
            get { box.value.seq }
            set { write { $0.seq = newValue } }
        }

        public var time: Int64 {
            get { box.value.time }
            set { write { $0.time = newValue } }
        }

        public var kind: DecisionKind {
            get { box.value.kind }
            set { write { $0.kind = newValue } }
        }

        public var symbol: String {
            get { box.value.symbol }
            set { write { $0.symbol = newValue } }
        }

        public var side: Side {
            get { box.value.side }
            set { write { $0.side = newValue } }
        }

        public var sideRaw: String {
            get { box.value.sideRaw }
            set { write { $0.sideRaw = newValue } }
        }

        public var disposition: Disposition {
            get { box.value.disposition }
            set { write { $0.disposition = newValue } }
        }

        public var strategy: String? {
            get { box.value.strategy }
            set { write { $0.strategy = newValue } }
        }

        public var gate: String? {
            get { box.value.gate }
            set { write { $0.gate = newValue } }
        }

        public var reason: String? {
            get { box.value.reason }
            set { write { $0.reason = newValue } }
        }

        public var price: Double? {
            get { box.value.price }
            set { write { $0.price = newValue } }
        }

        public var venue: String? {
            get { box.value.venue }
            set { write { $0.venue = newValue } }
        }

        public var timeframe: String? {
            get { box.value.timeframe }
            set { write { $0.timeframe = newValue } }
        }

        public var ofi: Double? {
            get { box.value.ofi }
            set { write { $0.ofi = newValue } }
        }

        public var ensemble: Double? {
            get { box.value.ensemble }
            set { write { $0.ensemble = newValue } }
        }

        public var mtfConfidence: Double? {
            get { box.value.mtfConfidence }
            set { write { $0.mtfConfidence = newValue } }
        }

        public var volatility: Double? {
            get { box.value.volatility }
            set { write { $0.volatility = newValue } }
        }

        public var regime: String? {
            get { box.value.regime }
            set { write { $0.regime = newValue } }
        }
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
        /// The stored fields, kept once in a copy-on-write box: a copy of this value (into an array, a row, the
        /// context) costs one retain instead of one per string, and arrays of it move 8 bytes per element.
        /// `Fields` has exactly the old stored properties, so the Codable encoding (snapshots) is unchanged.
        struct Fields: Sendable, Codable, Equatable {
            var seq: UInt64
            var signalTime: Int64
            var symbol: String
            var side: Side
            var signalName: String
            var confidence: Double
            var priceAtSignal: Double
            var results: HorizonResults
            var evContribution: Double?
            var partial: Bool
            var joined: Bool = false
        }

        private var box: CopyOnWriteBox<Fields>

        init(fields: Fields) { box = CopyOnWriteBox(fields) }

        init(
            seq: UInt64,
            signalTime: Int64,
            symbol: String,
            side: Side,
            signalName: String,
            confidence: Double,
            priceAtSignal: Double,
            results: HorizonResults,
            evContribution: Double? = nil,
            partial: Bool,
            joined: Bool = false
        ) {
            box = CopyOnWriteBox(
                Fields(
                    seq: seq,
                    signalTime: signalTime,
                    symbol: symbol,
                    side: side,
                    signalName: signalName,
                    confidence: confidence,
                    priceAtSignal: priceAtSignal,
                    results: results,
                    evContribution: evContribution,
                    partial: partial,
                    joined: joined
                )
            )
        }

        /// The fields (a copy), e.g. to build a changed value with one allocation.
        var fields: Fields { box.value }

        private mutating func write<R>(_ body: (inout Fields) -> R) -> R {
            if !isKnownUniquelyReferenced(&box) { box = CopyOnWriteBox(box.value) }
            return body(&box.value)
        }

        public init(from decoder: any Decoder) throws { box = CopyOnWriteBox(try Fields(from: decoder)) }

        public func encode(to encoder: any Encoder) throws { try box.value.encode(to: encoder) }

        public static func == (a: Self, b: Self) -> Bool { a.box === b.box || a.box.value == b.box.value }

        public var seq: UInt64 {
            get { box.value.seq }
            set { write { $0.seq = newValue } }
        }

        public var signalTime: Int64 {
            get { box.value.signalTime }
            set { write { $0.signalTime = newValue } }
        }

        public var symbol: String {
            get { box.value.symbol }
            set { write { $0.symbol = newValue } }
        }

        public var side: Side {
            get { box.value.side }
            set { write { $0.side = newValue } }
        }

        public var signalName: String {
            get { box.value.signalName }
            set { write { $0.signalName = newValue } }
        }

        public var confidence: Double {
            get { box.value.confidence }
            set { write { $0.confidence = newValue } }
        }

        public var priceAtSignal: Double {
            get { box.value.priceAtSignal }
            set { write { $0.priceAtSignal = newValue } }
        }

        public var results: HorizonResults {
            get { box.value.results }
            set { write { $0.results = newValue } }
        }

        public var evContribution: Double? {
            get { box.value.evContribution }
            set { write { $0.evContribution = newValue } }
        }

        public var partial: Bool {
            get { box.value.partial }
            set { write { $0.partial = newValue } }
        }

        /// A settled decision joined it (an outcome that leaves the state unjoined counts as unmatched).
        public var joined: Bool {
            get { box.value.joined }
            set { write { $0.joined = newValue } }
        }
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
        /// The stored fields, kept once in a copy-on-write box: a copy of this value (into an array, a row, the
        /// context) costs one retain instead of one per string, and arrays of it move 8 bytes per element.
        /// `Fields` has exactly the old stored properties, so the Codable encoding (snapshots) is unchanged.
        struct Fields: Sendable, Codable, Equatable {
            var seq: UInt64
            var symbol: String
            var strategy: String
            var directionRaw: String
            var openedAt: Int64
            var side: Side
            var hasOpening: Bool
            var entryPrice: Double?
            var sizeUSD: Double?
            var leverage: Double?
            var marginUSD: Double?
            var venue: String?
            var timeframe: String?
            var closes: [Close] = []
            var removedReason: String?
            var updatedSinceClose: Bool = false
            var joined: [Settled] = []
        }

        private var box: CopyOnWriteBox<Fields>

        init(fields: Fields) { box = CopyOnWriteBox(fields) }

        init(
            seq: UInt64,
            symbol: String,
            strategy: String,
            directionRaw: String,
            openedAt: Int64,
            side: Side,
            hasOpening: Bool,
            entryPrice: Double? = nil,
            sizeUSD: Double? = nil,
            leverage: Double? = nil,
            marginUSD: Double? = nil,
            venue: String? = nil,
            timeframe: String? = nil,
            closes: [Close] = [],
            removedReason: String? = nil,
            updatedSinceClose: Bool = false,
            joined: [Settled] = []
        ) {
            box = CopyOnWriteBox(
                Fields(
                    seq: seq,
                    symbol: symbol,
                    strategy: strategy,
                    directionRaw: directionRaw,
                    openedAt: openedAt,
                    side: side,
                    hasOpening: hasOpening,
                    entryPrice: entryPrice,
                    sizeUSD: sizeUSD,
                    leverage: leverage,
                    marginUSD: marginUSD,
                    venue: venue,
                    timeframe: timeframe,
                    closes: closes,
                    removedReason: removedReason,
                    updatedSinceClose: updatedSinceClose,
                    joined: joined
                )
            )
        }

        /// The fields (a copy), e.g. to build a changed value with one allocation.
        var fields: Fields { box.value }

        private mutating func write<R>(_ body: (inout Fields) -> R) -> R {
            if !isKnownUniquelyReferenced(&box) { box = CopyOnWriteBox(box.value) }
            return body(&box.value)
        }

        public init(from decoder: any Decoder) throws { box = CopyOnWriteBox(try Fields(from: decoder)) }

        public func encode(to encoder: any Encoder) throws { try box.value.encode(to: encoder) }

        public static func == (a: Self, b: Self) -> Bool { a.box === b.box || a.box.value == b.box.value }

        public var seq: UInt64 {
            get { box.value.seq }
            set { write { $0.seq = newValue } }
        }

        public var symbol: String {
            get { box.value.symbol }
            set { write { $0.symbol = newValue } }
        }

        public var strategy: String {
            get { box.value.strategy }
            set { write { $0.strategy = newValue } }
        }

        public var directionRaw: String {
            get { box.value.directionRaw }
            set { write { $0.directionRaw = newValue } }
        }

        public var openedAt: Int64 {
            get { box.value.openedAt }
            set { write { $0.openedAt = newValue } }
        }

        public var side: Side {
            get { box.value.side }
            set { write { $0.side = newValue } }
        }

        public var hasOpening: Bool {
            get { box.value.hasOpening }
            set { write { $0.hasOpening = newValue } }
        }

        public var entryPrice: Double? {
            get { box.value.entryPrice }
            set { write { $0.entryPrice = newValue } }
        }

        public var sizeUSD: Double? {
            get { box.value.sizeUSD }
            set { write { $0.sizeUSD = newValue } }
        }

        public var leverage: Double? {
            get { box.value.leverage }
            set { write { $0.leverage = newValue } }
        }

        public var marginUSD: Double? {
            get { box.value.marginUSD }
            set { write { $0.marginUSD = newValue } }
        }

        public var venue: String? {
            get { box.value.venue }
            set { write { $0.venue = newValue } }
        }

        public var timeframe: String? {
            get { box.value.timeframe }
            set { write { $0.timeframe = newValue } }
        }

        public var closes: [Close] {
            get { box.value.closes }
            set { write { $0.closes = newValue } }
        }

        public var removedReason: String? {
            get { box.value.removedReason }
            set { write { $0.removedReason = newValue } }
        }

        /// The position changed (a partial close shrinks the open entry) after its last close: still open.
        public var updatedSinceClose: Bool {
            get { box.value.updatedSinceClose }
            set { write { $0.updatedSinceClose = newValue } }
        }

        /// Settled decisions that joined this position; they are final together with it.
        public var joined: [Settled] {
            get { box.value.joined }
            set { write { $0.joined = newValue } }
        }

        /// Closed for good (its last change was a close, `finalizeDelaySeconds` ago) or removed.
        func isClosed(watermark: Int64, delay: Int64) -> Bool {
            if box.value.removedReason != nil { return true }
            guard !box.value.closes.isEmpty, !box.value.updatedSinceClose else { return false }
            var lastClose = Int64.min  // the latest close, without building an array (runs every step)
            for c in box.value.closes where c.closedAt > lastClose { lastClose = c.closedAt }
            return lastClose + delay <= watermark
        }
    }

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
