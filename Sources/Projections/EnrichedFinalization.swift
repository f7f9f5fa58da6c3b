import EventLog

extension EnrichedDecisions {
    /// One finalization step at watermark `w` (called from `apply`, at most once per
    /// `finalizeStepMicros` of watermark):
    /// 1. settle every decision whose windows closed `finalizeDelaySeconds` ago: its outcomes and position
    ///    are decided now; without a position it is final, else it waits in the position's `joined` list;
    /// 2. finalize every position closed for good whose decisions are all settled, with its decisions;
    /// 3. forget outcomes no unsettled decision can join any more.
    /// The rows finalized by one step are appended to `state.finalized` by (decision time, seq).
    mutating func finalize(watermark w: Int64) {
        state.nextFinalizeAt = w + Self.finalizeStepMicros
        let c = configuration
        let second: Int64 = 1_000_000
        let delay = c.finalizeDelaySeconds * second
        let settleAfter = max(c.outcomeWindowAfterSeconds, c.positionWindowAfterSeconds) * second + delay
        var step: [Row] = []

        if state.decisions.contains(where: { $0.time + settleAfter <= w }) {
            var i = 0
            while i < state.decisions.count {
                if state.decisions[i].time + settleAfter <= w { settle(state.decisions[i], into: &step) }
                i += 1
            }
            state.decisions.removeAll { $0.time + settleAfter <= w }
        }

        let positionsDue = c.positionWindowBeforeSeconds * second + settleAfter
        if state.positions.contains(where: {
            $0.openedAt + positionsDue <= w && $0.isClosed(watermark: w, delay: delay)
        }) {
            var open: [Position] = []
            for p in state.positions {
                guard p.openedAt + positionsDue <= w, p.isClosed(watermark: w, delay: delay) else {
                    open.append(p)
                    continue
                }
                let seqs = p.joined.map(\.decision.seq).sorted()
                var finalPosition = p
                finalPosition.joined = []
                step.append(.position(finalPosition, decisionSeqs: seqs))
                state.totals.positionRows += 1
                if seqs.isEmpty { state.totals.positionsWithoutDecision += 1 }
                for s in p.joined {
                    step.append(.decision(s.decision, outcomes: s.outcomes, position: finalPosition))
                    state.totals.decisionRows += 1
                    if !s.outcomes.isEmpty { state.totals.decisionsWithOutcomes += 1 }
                }
            }
            state.positions = open
            state.positionIndex = [:]
            for (i, p) in state.positions.enumerated() {
                state.positionIndex[
                    PositionKey(
                        symbol: p.symbol,
                        strategy: p.strategy,
                        directionRaw: p.directionRaw,
                        openedAt: p.openedAt
                    )
                    .description
                ] = i
            }
        }

        let outcomesDue = c.outcomeWindowBeforeSeconds * second + settleAfter
        var evicted = 0
        var unjoined = 0
        for o in state.outcomes where o.signalTime + outcomesDue <= w {
            evicted += 1
            if !o.joined { unjoined += 1 }
        }
        if evicted > 0 {
            state.totals.outcomes += evicted
            state.totals.unmatchedOutcomes += unjoined
            state.outcomes.removeAll { $0.signalTime + outcomesDue <= w }
        }
        if !step.isEmpty { state.finalized += Row.sorted(step) }
    }

    /// Decides a decision's joins from the records in the state (the same rules as `EnrichedJoin`): every
    /// outcome of its symbol and side in its window, and for an executed decision the nearest position of its
    /// symbol and side opened in its window (ties: the earlier by (opened_at, seq)).
    private mutating func settle(_ d: Decision, into step: inout [Row]) {
        let c = configuration
        let second: Int64 = 1_000_000
        let lo = d.time - c.outcomeWindowBeforeSeconds * second
        let hi = d.time + c.outcomeWindowAfterSeconds * second
        // Index loops reading single fields: iterating elements would copy (and retain) every record.
        var joined: [Int] = []
        for i in state.outcomes.indices
        where state.outcomes[i].side == d.side && state.outcomes[i].signalTime >= lo
            && state.outcomes[i].signalTime <= hi && state.outcomes[i].symbol == d.symbol
        {
            joined.append(i)
        }
        joined.sort {
            (state.outcomes[$0].signalTime, state.outcomes[$0].seq) < (
                state.outcomes[$1].signalTime, state.outcomes[$1].seq
            )
        }
        for i in joined { state.outcomes[i].joined = true }
        let outcomes = joined.map { state.outcomes[$0] }

        var best: (distance: Int64, openedAt: Int64, seq: UInt64, index: Int)?
        if d.kind == .signal, d.disposition == .executed || d.disposition == .partial {
            let pLo = d.time - c.positionWindowBeforeSeconds * second
            let pHi = d.time + c.positionWindowAfterSeconds * second
            for i in state.positions.indices
            where state.positions[i].side == d.side && state.positions[i].openedAt >= pLo
                && state.positions[i].openedAt <= pHi && state.positions[i].symbol == d.symbol
            {
                let openedAt = state.positions[i].openedAt
                let candidate = (abs(openedAt - d.time), openedAt, state.positions[i].seq, i)
                if best.map({ (candidate.0, candidate.1, candidate.2) < ($0.distance, $0.openedAt, $0.seq) }) ?? true {
                    best = candidate
                }
            }
        }
        if let best {
            state.positions[best.index].joined.append(Settled(decision: d, outcomes: outcomes))
            return
        }
        step.append(.decision(d, outcomes: outcomes, position: nil))
        state.totals.decisionRows += 1
        if outcomes.isEmpty { state.totals.unmatchedDecisions += 1 } else { state.totals.decisionsWithOutcomes += 1 }
    }
}
