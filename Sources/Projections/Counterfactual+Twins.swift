extension Counterfactual {
    /// Merges `outcome` into the pending blocked decision it duplicates, if there is one, and says whether it
    /// did (then `outcome` must not be registered on its own).
    ///
    /// Why: a bot that writes both `logs/signals.jsonl` and `state/blocked_trades.jsonl` logs every block
    /// twice, once in each file. Counting both would double every missed opportunity and avoided loss, and
    /// the learners would weigh each block twice. The two records are matched by what they share: the same
    /// symbol and side, the other source, times at most `twinWindowSeconds` apart (`signals.jsonl` stamps whole
    /// seconds, so its time trails the blocked-trade record's by up to a second). Each record is merged at
    /// most once (pairs, never chains); among several candidates the nearest in time wins, then the lower seq,
    /// so the pairing depends only on the log. The earlier record stays the decision (its seq and time); the
    /// later one fills the fields the earlier one lacks (typically the blocked-trade record's price and gate
    /// for a live `signals.jsonl` row, which carries neither) and is named in `twinSeq`.
    ///
    /// A twin that arrives after its partner resolved (hours later: a longest horizon plus the settle delay)
    /// is counted on its own; docs/folds.md says so.
    mutating func mergeIntoTwin(_ outcome: CounterfactualOutcome.Fields) -> Bool {
        guard twinWindow > 0 else { return false }
        let earliest = outcome.decisionTime - twinWindow
        var best: Int?
        var bestDistance = Int64.max
        var bestSeq = UInt64.max
        var i = current.pending.count
        // `pending` is sorted by due time, which is decision time plus a constant: scan back from the newest
        // until decisions are older than the window.
        while i > current.pendingStart {
            i -= 1
            let decisionTime = current.pending[i].fields.decisionTime
            if decisionTime < earliest { break }
            guard current.pending[i].fields.isTwinCandidate(for: outcome) else { continue }
            let distance = abs(decisionTime - outcome.decisionTime)
            guard distance <= twinWindow else { continue }
            let seq = current.pending[i].fields.decisionSeq
            if (distance, seq) < (bestDistance, bestSeq) {
                best = i
                bestDistance = distance
                bestSeq = seq
            }
        }
        guard let best else { return false }
        current.pending[best].fields.absorbTwin(outcome)
        return true
    }
}

extension CounterfactualOutcome.Fields {
    /// Whether this pending record may be the other record of `outcome`'s decision (times aside): the other
    /// source, not merged yet, the same side and symbol.
    func isTwinCandidate(for outcome: Self) -> Bool {
        source != outcome.source && twinSeq == nil && side == outcome.side && symbol == outcome.symbol
    }

    /// Takes from `twin` (the other record of the same decision) every field this record lacks.
    mutating func absorbTwin(_ twin: Self) {
        twinSeq = twin.decisionSeq
        if gate?.isEmpty ?? true { gate = twin.gate }
        if reason?.isEmpty ?? true { reason = twin.reason }
        if strategy == nil { strategy = twin.strategy }
        if timeframe == nil { timeframe = twin.timeframe }
        if ofi == nil { ofi = twin.ofi }
        if ensemble == nil { ensemble = twin.ensemble }
        if regime == nil { regime = twin.regime }
        if !(entryPrice.map { $0.isFinite && $0 > 0 } ?? false) { entryPrice = twin.entryPrice }
    }
}
