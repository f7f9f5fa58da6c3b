import EventLog

extension EnrichedDecisions {
    /// One finalization step at watermark `w` (called from `apply`, at most once per
    /// `finalizeStepMicros` of watermark):
    /// 1. settle every decision whose windows closed `finalizeDelaySeconds` ago: its outcomes and position
    ///    are decided now; without a position it is final, else it waits in the position's `joined` list;
    /// 2. finalize every position closed for good whose decisions are all settled, with its decisions;
    /// 3. forget outcomes no unsettled decision can join any more.
    /// The rows finalized by one step are appended to `state.finalized` by (decision time, seq).
    ///
    /// Runs once per `finalizeStepMicros` of watermark over everything the state holds (hours of records), so it works in
    /// place with index loops: iterating an array of these structs (`for x in`, `contains(where:)`,
    /// `enumerated()`) copies each element, retaining every string in it, and rebuilding the arrays did so too.
    mutating func finalize(watermark w: Int64) {
        state.nextFinalizeAt = w + Self.finalizeStepMicros
        let c = configuration
        let second: Int64 = 1_000_000
        let delay = c.finalizeDelaySeconds * second
        let settleAfter = max(c.outcomeWindowAfterSeconds, c.positionWindowAfterSeconds) * second + delay
        var step: [Row] = []
        restoreOutcomeOrder()

        let dueDecisions = state.decisions.withUnsafeBufferPointer { d in
            d.indices.filter { d[$0].time + settleAfter <= w }
        }
        if !dueDecisions.isEmpty {
            let byOpening = positionsByOpening()
            let window = outcomeWindow(of: dueDecisions)
            for i in dueDecisions {
                settle(state.decisions[i], outcomeWindow: window, positionsByOpening: byOpening, into: &step)
            }
        }
        Self.remove(at: dueDecisions, from: &state.decisions)

        let positionsDue = c.positionWindowBeforeSeconds * second + settleAfter
        let closed = state.positions.withUnsafeBufferPointer { p in
            p.indices.filter { p[$0].openedAt + positionsDue <= w && p[$0].isClosed(watermark: w, delay: delay) }
        }
        for i in closed {
            let joined = state.positions[i].joined
            state.positions[i].joined = []
            let finalPosition = state.positions[i]
            let seqs = joined.map(\.decision.seq).sorted()
            step.append(.position(finalPosition, decisionSeqs: seqs))
            state.totals.positionRows += 1
            if seqs.isEmpty { state.totals.positionsWithoutDecision += 1 }
            for s in joined {
                step.append(.decision(s.decision, outcomes: s.outcomes, position: finalPosition))
                state.totals.decisionRows += 1
                if !s.outcomes.isEmpty { state.totals.decisionsWithOutcomes += 1 }
            }
        }
        if !closed.isEmpty { removePositions(at: closed) }

        let outcomesDue = c.outcomeWindowBeforeSeconds * second + settleAfter
        let forgotten = state.outcomes.withUnsafeBufferPointer { o in
            o.indices.filter { o[$0].signalTime + outcomesDue <= w }
        }
        for i in forgotten {
            state.totals.outcomes += 1
            if !state.outcomes[i].joined { state.totals.unmatchedOutcomes += 1 }
        }
        Self.remove(at: forgotten, from: &state.outcomes)
        if !step.isEmpty { state.finalized += Row.sorted(step) }
    }

    /// `settle` binary-searches `state.outcomes` by signal time. `apply` keeps them sorted, but a state restored
    /// from a snapshot written before that rule held them in arrival order: sort it once (one cheap pass per
    /// finalization step checks it).
    private mutating func restoreOutcomeOrder() {
        let sorted = state.outcomes.withUnsafeBufferPointer { o in
            o.indices.dropFirst().allSatisfy { (o[$0 - 1].signalTime, o[$0 - 1].seq) <= (o[$0].signalTime, o[$0].seq) }
        }
        if !sorted { state.outcomes.sort { ($0.signalTime, $0.seq) < ($1.signalTime, $1.seq) } }
    }

    /// Removes the positions at `indices` (ascending) and keeps `positionIndex` equal to the index of the
    /// remaining ones: the removed keys go, every other entry moves down by the removals before it (values
    /// updated in place: no key rehashed).
    private mutating func removePositions(at indices: [Int]) {
        for i in indices {
            state.positionIndex.removeValue(forKey: state.positions[i].key)
        }
        var shift = [Int](repeating: 0, count: state.positions.count)  // old index → removals before it
        var removedSoFar = 0
        var next = 0
        for i in shift.indices {
            if next < indices.count, indices[next] == i {
                removedSoFar += 1
                next += 1
            }
            shift[i] = removedSoFar
        }
        var values = state.positionIndex.values.startIndex
        while values != state.positionIndex.values.endIndex {
            state.positionIndex.values[values] -= shift[state.positionIndex.values[values]]
            state.positionIndex.values.formIndex(after: &values)
        }
        Self.remove(at: indices, from: &state.positions)
    }

    /// Removes the elements at `indices` (ascending), keeping the others in order: one `removeSubrange` per
    /// run of consecutive indices, last run first. That moves the survivors bitwise (memmove) instead of
    /// copying them with every string retained, as rebuilding the array, `removeAll(where:)` or `swapAt` do.
    /// The due records are nearly always a prefix (records arrive in about time order), so one run.
    private static func remove<T>(at indices: [Int], from array: inout [T]) {
        var end = indices.count
        while end > 0 {
            var start = end - 1
            while start > 0, indices[start - 1] == indices[start] - 1 { start -= 1 }
            array.removeSubrange(indices[start]...indices[end - 1])
            end = start
        }
    }

    /// (opened at, index) of every position, sorted: built once per finalization step, so that settling a
    /// decision looks at the few positions opened in its window instead of scanning every held position (an
    /// open position stays in the state until it closes: hundreds of them).
    private func positionsByOpening() -> [(openedAt: Int64, index: Int)] {
        var order = state.positions.withUnsafeBufferPointer { p in
            p.indices.map { (openedAt: p[$0].openedAt, index: $0) }
        }
        // Positions arrive in about opening order: check before sorting.
        if !order.indices.dropFirst().allSatisfy({ order[$0 - 1].openedAt <= order[$0].openedAt }) {
            order.sort { ($0.openedAt, $0.index) < ($1.openedAt, $1.index) }
        }
        return order
    }

    /// What `settle` compares of an outcome, inline: scanning the outcomes themselves reads each one's box.
    struct OutcomeKey {
        var signalTime: Int64
        var side: Side
        var symbol: String
        /// Index in `state.outcomes`.
        var index: Int
    }

    /// The outcomes any of the due decisions (`indices` into `state.decisions`) may join, in (signal time,
    /// seq) order: built once per finalization step, so that each decision scans a compact array instead of
    /// reading every outcome of its window through its box (about 27 per decision).
    private func outcomeWindow(of indices: [Int]) -> [OutcomeKey] {
        let second: Int64 = 1_000_000
        var first = Int64.max
        var last = Int64.min
        state.decisions.withUnsafeBufferPointer { d in
            for i in indices {
                first = min(first, d[i].time)
                last = max(last, d[i].time)
            }
        }
        let lo = first - configuration.outcomeWindowBeforeSeconds * second
        let hi = last + configuration.outcomeWindowAfterSeconds * second
        return state.outcomes.withUnsafeBufferPointer { o in
            var low = 0
            var high = o.count
            while low < high {
                let mid = (low + high) / 2
                if o[mid].signalTime < lo { low = mid + 1 } else { high = mid }
            }
            var window: [OutcomeKey] = []
            var i = low
            while i < o.count, o[i].signalTime <= hi {
                window.append(OutcomeKey(signalTime: o[i].signalTime, side: o[i].side, symbol: o[i].symbol, index: i))
                i += 1
            }
            return window
        }
    }

    /// The first index of `window` whose signal time is not less than `t`.
    private static func lowerBound(_ window: [OutcomeKey], _ t: Int64) -> Int {
        var lo = 0
        var hi = window.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if window[mid].signalTime < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The first index of `order` whose opening time is not less than `t`.
    private static func lowerBound(_ order: [(openedAt: Int64, index: Int)], _ t: Int64) -> Int {
        var lo = 0
        var hi = order.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if order[mid].openedAt < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Decides a decision's joins from the records in the state (the same rules as `EnrichedJoin`): every
    /// outcome of its symbol and side in its window, and for an executed decision the nearest position of its
    /// symbol and side opened in its window (ties: the earlier by (opened_at, seq)).
    private mutating func settle(
        _ d: Decision,
        outcomeWindow window: [OutcomeKey],
        positionsByOpening: [(openedAt: Int64, index: Int)],
        into step: inout [Row]
    ) {
        let c = configuration
        let second: Int64 = 1_000_000
        let lo = d.time - c.outcomeWindowBeforeSeconds * second
        let hi = d.time + c.outcomeWindowAfterSeconds * second
        // The step's window of outcomes is sorted by (signal time, seq): binary-search this decision's start,
        // scan to its end. The result is already in (signal time, seq) order.
        var outcomes: [Outcome] = []
        var k = Self.lowerBound(window, lo)
        while k < window.count, window[k].signalTime <= hi {
            if window[k].side == d.side && window[k].symbol == d.symbol {
                let i = window[k].index
                // Only a first join writes: the outcome's box is shared with the rows of the decisions that
                // joined it before, and writing a shared box copies it.
                if !state.outcomes[i].joined { state.outcomes[i].joined = true }
                outcomes.append(state.outcomes[i])
            }
            k += 1
        }

        var best: (distance: Int64, openedAt: Int64, seq: UInt64, index: Int)?
        if d.kind == .signal, d.disposition == .executed || d.disposition == .partial {
            let pLo = d.time - c.positionWindowBeforeSeconds * second
            let pHi = d.time + c.positionWindowAfterSeconds * second
            // Only the positions opened in the window, found by binary search in the step's index (the choice
            // below is a minimum over a total order, so the order of the candidates does not matter).
            var k = Self.lowerBound(positionsByOpening, pLo)
            state.positions.withUnsafeBufferPointer { p in
                while k < positionsByOpening.count, positionsByOpening[k].openedAt <= pHi {
                    let i = positionsByOpening[k].index
                    k += 1
                    guard p[i].side == d.side, p[i].symbol == d.symbol else { continue }
                    let candidate = (abs(p[i].openedAt - d.time), p[i].openedAt, p[i].seq, i)
                    if best.map({ (candidate.0, candidate.1, candidate.2) < ($0.distance, $0.openedAt, $0.seq) })
                        ?? true
                    {
                        best = candidate
                    }
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
