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
/// `finalizeStepMicros` (10 minutes) of watermark), so which rows are final, and their order, is a function of
/// the events folded.
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
        public var decisions: [Decision] {
            get { Array(heldDecisions[decisionHead...]) }
            set {
                heldDecisions = newValue
                decisionHead = 0
                rebuildKeys()
            }
        }
        /// Outcomes a decision not settled yet may still join, sorted by (signal time, seq) (an array set in
        /// another order is sorted).
        public var outcomes: [Outcome] {
            get { Array(heldOutcomes[outcomeHead...]) }
            set {
                heldOutcomes = newValue
                outcomeHead = 0
                rebuildKeys()
            }
        }
        /// Positions not final yet (an open position stays until it closes).
        public var positions: [Position] {
            get { syncedPositions() }
            set {
                heldPositions = newValue
                positionSlots = []  // the old slots' flags do not belong to these records (see `rebuildKeys`)
                rebuildKeys()
            }
        }
        /// Final rows not taken yet (`takeFinalizedRows`), in finalization order.
        public var finalized: [Row] = []
        public var totals = Totals()
        /// Watermark at which the next finalization step may run.
        public var nextFinalizeAt: Int64 = .min

        // The records, written by the fold together with their keys (the public setters above rebuild the keys).
        /// The decisions held from `decisionHead` on; the slots before it are settled (vacated) and dropped
        /// in bulk once they are as many as the live ones (`compactDecisions`). Settled decisions are nearly
        /// always a prefix, so a step removes them in O(1) instead of moving every survivor and its key.
        var heldDecisions: [Decision] = []
        var decisionHead = 0
        /// The outcomes held from `outcomeHead` on (the ones before it are forgotten; see `decisionHead`).
        var heldOutcomes: [Outcome] = []
        var outcomeHead = 0
        /// The positions held. `updatedSinceClose` is written by `apply` in the position's slot only (see
        /// `positionSlots`) and copied into the record when the record is read as a whole (`positions`, the
        /// encoding, a final row): a position update would otherwise write the position's box, cold by then, for
        /// a flag only finalization reads.
        var heldPositions: [Position] = []

        // In memory only (see `EnrichedJoinKeys.swift`): derived from the records, rebuilt on decode.
        var symbols = SymbolTable()
        /// Parallel to `heldDecisions`.
        var decisionKeys: [DecisionKey] = []
        /// The latest time among the decisions held so far, and by how much a decision was at most earlier
        /// than one held before it: every held decision is at most `decisionLateness` earlier than any decision
        /// before it in `heldDecisions`, so the scan for due decisions stops at the first one more than that
        /// past the cutoff (decisions arrive in about time order: usually after the due prefix).
        var latestDecisionTime: Int64 = .min
        var decisionLateness: Int64 = 0
        /// Parallel to `heldOutcomes`.
        var outcomeKeys: [OutcomeKey] = []
        /// Parallel to `heldPositions`, serials ascending.
        var positionSlots: [PositionSlot] = []
        /// Position key → serial of the held position with that key (its index: `positionIndex(of:)`). A
        /// serial, not an index, so that removing positions updates nothing but the removed keys.
        var positionSerials = PositionTable()
        var nextPositionSerial = 0
        /// Lists a finalization step fills, kept for their capacity (no allocations per step).
        var scratch = FinalizeScratch()

        public init() {}

        private enum CodingKeys: String, CodingKey {
            case decisions, outcomes, positions, positionIndex, finalized, totals, nextFinalizeAt
        }

        /// The saved shape is unchanged (no snapshot state version bump): `positionIndex` is written as
        /// `PositionKey.description` → index in `positions`, and read back by rebuilding the keys from the
        /// records, which it indexes.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            heldDecisions = try c.decode([Decision].self, forKey: .decisions)
            heldOutcomes = try c.decode([Outcome].self, forKey: .outcomes)
            heldPositions = try c.decode([Position].self, forKey: .positions)
            _ = try c.decode([String: Int].self, forKey: .positionIndex)
            finalized = try c.decode([Row].self, forKey: .finalized)
            totals = try c.decode(Totals.self, forKey: .totals)
            nextFinalizeAt = try c.decode(Int64.self, forKey: .nextFinalizeAt)
            rebuildKeys()
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(decisions, forKey: .decisions)
            try c.encode(outcomes, forKey: .outcomes)
            try c.encode(syncedPositions(), forKey: .positions)
            var saved: [String: Int] = [:]
            for i in heldPositions.indices { saved[heldPositions[i].key.description] = i }
            try c.encode(saved, forKey: .positionIndex)
            try c.encode(finalized, forKey: .finalized)
            try c.encode(totals, forKey: .totals)
            try c.encode(nextFinalizeAt, forKey: .nextFinalizeAt)
        }

        /// Equal records, rows and counters (the in-memory keys are derived from the records; symbol ids
        /// depend on the order symbols were first seen).
        public static func == (a: State, b: State) -> Bool {
            a.heldDecisions[a.decisionHead...] == b.heldDecisions[b.decisionHead...]
                && a.heldOutcomes[a.outcomeHead...] == b.heldOutcomes[b.outcomeHead...]
                && a.syncedPositions() == b.syncedPositions() && a.finalized == b.finalized && a.totals == b.totals
                && a.nextFinalizeAt == b.nextFinalizeAt
        }

        /// Derives every in-memory key from the records (decoding, or a record array replaced), and sorts
        /// the outcomes by (signal time, seq) if they are not (a snapshot written before `apply` kept them
        /// sorted held them in arrival order).
        mutating func rebuildKeys() {
            compactDecisions(force: true)
            compactOutcomes(force: true)
            let inOrder = heldOutcomes.indices.dropFirst().allSatisfy {
                (heldOutcomes[$0 - 1].signalTime, heldOutcomes[$0 - 1].seq)
                    <= (heldOutcomes[$0].signalTime, heldOutcomes[$0].seq)
            }
            if !inOrder { heldOutcomes.sort { ($0.signalTime, $0.seq) < ($1.signalTime, $1.seq) } }
            symbols = SymbolTable()
            latestDecisionTime = .min
            decisionLateness = 0
            for d in heldDecisions { noteDecisionTime(d.time) }
            decisionKeys = heldDecisions.map { d in
                DecisionKey(
                    time: d.time,
                    seq: d.seq,
                    join: symbols.joinKey(d.symbol, d.side),
                    executed: d.kind == .signal && (d.disposition == .executed || d.disposition == .partial)
                )
            }
            outcomeKeys = heldOutcomes.map { o in
                OutcomeKey(
                    signalTime: o.signalTime,
                    seq: o.seq,
                    join: symbols.joinKey(o.symbol, o.side),
                    joined: o.joined
                )
            }
            // Slots that still describe the records carry the records' `updatedSinceClose`.
            if positionSlots.count == heldPositions.count { heldPositions = syncedPositions() }
            positionSlots = []
            positionSerials = PositionTable()
            for (i, p) in heldPositions.enumerated() {
                var slot = PositionSlot(
                    serial: i,
                    openedAt: p.openedAt,
                    seq: p.seq,
                    join: symbols.joinKey(p.symbol, p.side)
                )
                for close in p.closes {
                    slot.hasClose = true
                    slot.lastClose = max(slot.lastClose, close.closedAt)
                }
                slot.updatedSinceClose = p.updatedSinceClose
                slot.removed = p.removedReason != nil
                slot.joinedKeys = p.joined.map { ($0.decision.time, $0.decision.seq) }
                positionSlots.append(slot)
                positionSerials.insert(p.key, serial: i)
            }
            nextPositionSerial = heldPositions.count
        }

        /// Drops the settled decisions before `decisionHead` (with their keys) once they are at least as many
        /// as the live ones (amortized O(1) per decision), or always when `force`d.
        mutating func compactDecisions(force: Bool = false) {
            Self.dropDead(&decisionHead, &heldDecisions, &decisionKeys, force: force)
        }

        /// Drops the forgotten outcomes before `outcomeHead` (see `compactDecisions`).
        mutating func compactOutcomes(force: Bool = false) {
            Self.dropDead(&outcomeHead, &heldOutcomes, &outcomeKeys, force: force)
        }

        /// The compaction both head-indexed record lists share: removes `records[..<head]` and the keys aligned
        /// with them, then resets `head`.
        private static func dropDead<Record, Key>(
            _ head: inout Int,
            _ records: inout [Record],
            _ keys: inout [Key],
            force: Bool
        ) {
            guard head > 0, force || head >= records.count - head else { return }
            records.removeSubrange(0..<head)
            if keys.count >= head { keys.removeSubrange(0..<head) }
            head = 0
        }

        /// The held positions with `updatedSinceClose` as their slots have it (see `heldPositions`).
        func syncedPositions() -> [Position] {
            var positions = heldPositions
            for i in positions.indices where positions[i].updatedSinceClose != positionSlots[i].updatedSinceClose {
                positions[i].updatedSinceClose = positionSlots[i].updatedSinceClose
            }
            return positions
        }

        /// Updates `latestDecisionTime` and `decisionLateness` for a decision appended at `time`.
        mutating func noteDecisionTime(_ time: Int64) {
            if time <= latestDecisionTime {
                let gap = latestDecisionTime.subtractingReportingOverflow(time)
                decisionLateness = max(decisionLateness, gap.overflow ? .max : gap.partialValue)
            } else {
                latestDecisionTime = time
            }
        }

        /// Index in `heldPositions` of the position with `key`, if held.
        func positionIndex(of key: PositionKey) -> Int? {
            guard let serial = positionSerials.serial(of: key) else { return nil }
            var lo = 0
            var hi = positionSlots.count
            while lo < hi {
                let mid = (lo + hi) >> 1
                if positionSlots[mid].serial < serial { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
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
            hold(
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
                ),
                symbol: d.symbol,
                side: d.side,
                executed: d.disposition == .executed || d.disposition == .partial
            )
        case .tradeBlocked(let b):
            hold(
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
                ),
                symbol: b.symbol,
                side: b.side,
                executed: false
            )
        case .signalOutcomeResolved(let o):
            // Kept sorted by (signal time, seq): outcomes arrive nearly in signal-time order, so the insertion
            // point is found a few steps from the end, settling a decision binary-searches its window, and the
            // outcomes finalization forgets are a prefix.
            let key = OutcomeKey(
                signalTime: o.signalTime,
                seq: event.seq,
                join: state.symbols.joinKey(o.symbol, o.side),
                joined: false
            )
            var at = state.outcomeKeys.count
            while at > state.outcomeHead,
                (state.outcomeKeys[at - 1].signalTime, state.outcomeKeys[at - 1].seq) > (key.signalTime, key.seq)
            {
                at -= 1
            }
            let outcome = Outcome(
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
            if at == state.outcomeKeys.count {
                state.outcomeKeys.append(key)
                state.heldOutcomes.append(consume outcome)  // moved, as in `hold`
            } else {
                state.outcomeKeys.insert(key, at: at)
                state.heldOutcomes.insert(consume outcome, at: at)
            }
        case .positionOpened(let p):
            let i = position(p.key, side: p.side, seq: event.seq)
            state.positionSlots[i].seq = event.seq
            // One write to the record (one uniqueness check), not one per field.
            state.heldPositions[i].update { f in
                f.seq = event.seq  // the opening names the position, whatever was seen first
                f.hasOpening = true
                f.entryPrice = p.entryPrice
                f.sizeUSD = p.sizeUSD
                f.leverage = p.leverage
                f.marginUSD = p.marginUSD
                f.venue = p.venue
                f.timeframe = p.timeframe
            }
        case .positionUpdated(let u):
            if let i = state.positionIndex(of: u.key) {
                state.positionSlots[i].updatedSinceClose = true  // the record's flag: see `State.heldPositions`
                state.positionSlots[i].refreshFinalAt(due: positionsDue, delay: finalizeDelay)
            }
        case .positionClosed(let c):
            let i = position(c.key, side: c.side, seq: event.seq)
            state.positionSlots[i].updatedSinceClose = false
            state.positionSlots[i].hasClose = true
            state.positionSlots[i].lastClose = max(state.positionSlots[i].lastClose, c.closedAt)
            state.positionSlots[i].refreshFinalAt(due: positionsDue, delay: finalizeDelay)
            let close = Close(
                seq: event.seq,
                closedAt: c.closedAt,
                exitPrice: c.exitPrice,
                netReturn: c.netReturn,
                netPnlUSD: c.netPnlUSD,
                marginUSD: c.marginUSD,
                closeReason: c.closeReason,
                quality: c.quality
            )
            // One write to the record (one uniqueness check), not one per field; the close appended in place.
            state.heldPositions[i].update { f in
                f.updatedSinceClose = false
                if f.entryPrice == nil { f.entryPrice = c.entryPrice }
                if f.leverage == nil { f.leverage = c.leverage }
                if f.timeframe == nil { f.timeframe = c.timeframe }
                f.closes.append(close)
            }
        case .positionRemoved(let r):
            let i = position(r.key, side: r.side, seq: event.seq)
            state.positionSlots[i].removed = true
            state.positionSlots[i].refreshFinalAt(due: positionsDue, delay: finalizeDelay)
            state.heldPositions[i].removedReason = r.reason
        default:
            break
        }
        if context.watermark >= state.nextFinalizeAt, context.watermark != .min {
            finalize(watermark: context.watermark)
        }
    }

    /// How long after its opening a position can be final (see `finalize`), and after its last close.
    var positionsDue: Int64 {
        let c = configuration
        let settleAfter = max(c.outcomeWindowAfterSeconds, c.positionWindowAfterSeconds) + c.finalizeDelaySeconds
        return (c.positionWindowBeforeSeconds + settleAfter) * 1_000_000
    }
    var finalizeDelay: Int64 { configuration.finalizeDelaySeconds * 1_000_000 }

    /// Holds a new decision with its key (`symbol`, `side` and `executed` are the decision's, passed so that
    /// the key is built without reading the decision's box).
    private mutating func hold(_ decision: consuming Decision, symbol: String, side: Side, executed: Bool) {
        state.noteDecisionTime(decision.time)
        state.decisionKeys.append(
            DecisionKey(
                time: decision.time,
                seq: decision.seq,
                join: state.symbols.joinKey(symbol, side),
                executed: executed
            )
        )
        // Moved in (`consume`): a copy retains the new box, and that atomic waits for the box's initializing
        // stores to reach the cache (new boxes are rarely in cache: their memory was freed long ago).
        state.heldDecisions.append(consume decision)
    }

    /// The index of the held position with `key`, created (without an opening) if there is none.
    private mutating func position(_ key: PositionKey, side: Side, seq: UInt64) -> Int {
        if let i = state.positionIndex(of: key) { return i }
        state.heldPositions.append(
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
        let serial = state.nextPositionSerial
        state.nextPositionSerial += 1
        state.positionSlots.append(
            PositionSlot(
                serial: serial,
                openedAt: key.openedAt,
                seq: seq,
                join: state.symbols.joinKey(key.symbol, side),
                finalAt: .max  // no close yet
            )
        )
        state.positionSerials.insert(key, serial: serial)
        return state.heldPositions.count - 1
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
                "signal_outcomes": t.outcomes + state.heldOutcomes.count - state.outcomeHead,
                "signal_outcomes_unmatched": t.unmatchedOutcomes + join.unmatchedOutcomes,
                "positions": t.positionRows + state.heldPositions.count,
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
