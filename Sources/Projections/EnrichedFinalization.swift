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
    /// Runs once per `finalizeStepMicros` of watermark over everything the state holds (hours of records), so
    /// it scans the inline keys (`EnrichedJoinKeys.swift`), not the records, and appends rows straight to
    /// `state.finalized`, ordering the step's rows there (`orderStepRows`).
    mutating func finalize(watermark w: Int64) {
        state.nextFinalizeAt = w + Self.finalizeStepMicros
        let c = configuration
        let second: Int64 = 1_000_000
        let delay = c.finalizeDelaySeconds * second
        let settleAfter = max(c.outcomeWindowAfterSeconds, c.positionWindowAfterSeconds) * second + delay
        let firstRow = state.finalized.count
        // The step's scratch lists, moved out of the state and back (their capacity is reused by every step).
        var scratch = FinalizeScratch()
        swap(&scratch, &state.scratch)
        defer { swap(&scratch, &state.scratch) }
        scratch.clear()

        dueDecisions(settleAfter: settleAfter, watermark: w, into: &scratch.due)
        if !scratch.due.isEmpty {
            let anyExecuted = scratch.due.contains { state.decisionKeys[$0].executed }
            let byOpening = anyExecuted ? positionsByOpening() : nil
            joinOutcomes(of: scratch.due, into: &scratch)
            var positionCursor = 0  // see `gallopingLowerBound(from:count:_:time:)`
            for (n, i) in scratch.due.enumerated() {
                settle(
                    decision: i,
                    outcomes: scratch.joins[(n == 0 ? 0 : scratch.ends[n - 1])..<scratch.ends[n]],
                    positionsByOpening: byOpening,
                    positionCursor: &positionCursor,
                    stepKeys: &scratch.stepKeys
                )
            }
            removeSettled(scratch.due)
        }

        let settledRows = scratch.stepKeys.count
        let positionsDue = self.positionsDue  // the same as the slots' `finalAt` uses
        state.positionSlots.withUnsafeBufferPointer { p in
            for i in p.indices
            where p[i].finalAt <= w && p[i].openedAt + positionsDue <= w && p[i].isClosed(watermark: w, delay: delay) {
                scratch.closed.append(i)
            }
        }
        for i in scratch.closed {
            var joined = state.heldPositions[i].takeJoined()
            // The slot's flag into the record, which leaves the state (see `State.heldPositions`).
            if state.positionSlots[i].updatedSinceClose { state.heldPositions[i].updatedSinceClose = true }
            let keys = state.positionSlots[i].joinedKeys
            let finalPosition = state.heldPositions[i]
            let seqs = keys.map(\.seq).sorted()
            state.finalized.append(.position(finalPosition, decisionSeqs: seqs))
            scratch.stepKeys.append((state.positionSlots[i].openedAt, state.positionSlots[i].seq))
            state.totals.positionRows += 1
            if seqs.isEmpty { state.totals.positionsWithoutDecision += 1 }
            // Moved out from the end (`popLast`), not copied: copying retains each decision's cold box. The
            // order of the rows appended does not matter: `orderStepRows` sorts them by (time, seq), which
            // are unique (seqs are).
            var n = keys.count
            while let s = joined.popLast() {
                n -= 1
                if !s.outcomes.isEmpty { state.totals.decisionsWithOutcomes += 1 }
                state.finalized.append(.decision(s.decision, outcomes: s.outcomes, position: finalPosition))
                scratch.stepKeys.append(keys[n])
                state.totals.decisionRows += 1
            }
        }
        if !scratch.closed.isEmpty { removePositions(at: scratch.closed) }

        // Outcomes are sorted by signal time, so the ones to forget are a prefix of the live ones: they are
        // dropped by moving the head (see `State.outcomeHead`).
        let outcomesDue = c.outcomeWindowBeforeSeconds * second + settleAfter
        var head = state.outcomeHead
        while head < state.outcomeKeys.count, state.outcomeKeys[head].signalTime + outcomesDue <= w {
            state.totals.outcomes += 1
            if !state.outcomeKeys[head].joined { state.totals.unmatchedOutcomes += 1 }
            head += 1
        }
        if head > state.outcomeHead {
            state.outcomeHead = head
            state.compactOutcomes()
        }
        if scratch.stepKeys.count > 1 {
            orderStepRows(from: firstRow, keys: scratch.stepKeys, settled: settledRows, order: &scratch.order)
        }
    }

    /// Lists one step fills, kept in the state between steps for their capacity (in memory only).
    struct FinalizeScratch: Sendable {
        /// Indices of the due decisions, ascending (`dueDecisions`).
        var due: [Int] = []
        /// `joinOutcomes`' answer: decision `due[n]` joins `joins[ends[n - 1]..<ends[n]]`.
        var joins: [Int] = []
        var ends: [Int] = []
        /// Outcomes joined for the first time in this step.
        var firstJoins: [Int] = []
        /// (time, seq) of each row appended by this step, for `orderStepRows` (known without reading the rows'
        /// records).
        var stepKeys: [(time: Int64, seq: UInt64)] = []
        /// Indices of the positions final in this step, ascending.
        var closed: [Int] = []
        /// `orderStepRows`' permutation.
        var order: [Int] = []

        mutating func clear() {
            due.removeAll(keepingCapacity: true)
            joins.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            firstJoins.removeAll(keepingCapacity: true)
            stepKeys.removeAll(keepingCapacity: true)
            closed.removeAll(keepingCapacity: true)
            order.removeAll(keepingCapacity: true)
        }
    }

    /// Removes the settled decisions at `due` (ascending, vacated by `settle`) with their keys: the leading
    /// run that starts at the head by moving the head (the usual case: decisions arrive in about time order),
    /// any others (decisions that arrived late) in one compacting pass.
    private mutating func removeSettled(_ due: [Int]) {
        var prefix = 0
        while prefix < due.count, due[prefix] == state.decisionHead + prefix { prefix += 1 }
        if prefix < due.count {
            let rest = Array(due[prefix...])
            Self.remove(at: rest, from: &state.heldDecisions, filler: Self.vacated)
            Self.remove(at: rest, from: &state.decisionKeys, filler: state.decisionKeys[rest[0]])
        }
        state.decisionHead += prefix
        state.compactDecisions()
    }

    /// Sorts `state.finalized[first...]`, the rows of one step, by (decision time, seq), stably (ties keep the
    /// order they were appended in, as `Row.sorted` does). Sorts a permutation of small keys and then moves
    /// each row once, bitwise: sorting the rows, or copying them into place, retained and released every
    /// record they hold.
    private mutating func orderStepRows(
        from first: Int,
        keys: [(time: Int64, seq: UInt64)],
        settled: Int,
        order: inout [Int]
    ) {
        func before(_ a: Int, _ b: Int) -> Bool { (keys[a].time, keys[a].seq) <= (keys[b].time, keys[b].seq) }
        if keys.indices.dropFirst().allSatisfy({ before($0 - 1, $0) }) { return }
        // The rows of settled decisions (`..<settled`) come in about time order, the few of closed positions
        // after them: sort those few and merge (a stable merge of two stably sorted runs is the stable sort),
        // unless the first run is out of order too.
        order.removeAll(keepingCapacity: true)
        order.reserveCapacity(keys.count)
        if (0..<settled).dropFirst().allSatisfy({ before($0 - 1, $0) }) {
            let closing = (settled..<keys.count).sorted {
                (keys[$0].time, keys[$0].seq, $0) < (keys[$1].time, keys[$1].seq, $1)
            }
            var a = 0
            var b = 0
            while a < settled || b < closing.count {
                if b == closing.count || (a < settled && before(a, closing[b])) {
                    order.append(a)
                    a += 1
                } else {
                    order.append(closing[b])
                    b += 1
                }
            }
        } else {
            order = keys.indices.sorted { (keys[$0].time, keys[$0].seq, $0) < (keys[$1].time, keys[$1].seq, $1) }
        }
        state.finalized.withUnsafeMutableBufferPointer { rows in
            let tail = rows.baseAddress! + first
            let count = order.count
            let moved = UnsafeMutablePointer<Row>.allocate(capacity: count)
            defer { moved.deallocate() }
            moved.moveInitialize(from: tail, count: count)
            for (to, from) in order.enumerated() { (tail + to).moveInitialize(from: moved + from, count: 1) }
        }
    }

    /// Appends to `due` the indices (ascending) of the held decisions whose windows closed `settleAfter`
    /// before `w`. Stops at the first decision later than the cutoff by more than `decisionLateness`: none
    /// after it can be due.
    private func dueDecisions(settleAfter: Int64, watermark w: Int64, into due: inout [Int]) {
        let cutoff = w - settleAfter
        let lateness = state.decisionLateness
        state.decisionKeys.withUnsafeBufferPointer { k in
            var i = state.decisionHead
            while i < k.count {
                let t = k[i].time
                if t + settleAfter <= w {
                    due.append(i)
                } else if t &- cutoff > lateness {  // wraps only when t is far below the cutoff: due, handled above
                    break
                }
                i += 1
            }
        }
    }

    /// Removes the positions at `indices` (ascending) with their keys; the other positions keep their serials,
    /// so nothing else is renumbered.
    private mutating func removePositions(at indices: [Int]) {
        for i in indices {
            state.positionSerials.remove(
                serial: state.positionSlots[i].serial,
                openedAt: state.positionSlots[i].openedAt
            )
        }
        Self.remove(at: indices, from: &state.heldPositions, filler: Self.vacatedPosition)
        Self.remove(at: indices, from: &state.positionSlots, filler: state.positionSlots[indices[0]])
    }

    /// Removes the elements at `indices` (ascending, not empty), keeping the others in order, in one pass
    /// that moves each survivor after the first removed index once, bitwise (one `removeSubrange` per run of
    /// removed indices moved the tail once per run; copying retains every record). The vacated tail is
    /// refilled with `filler` and dropped with `removeLast`, so the array never holds an uninitialized element.
    static func remove<T>(at indices: [Int], from array: inout [T], filler: T) {
        let removed = indices.count
        array.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            var write = indices[0]
            for (n, i) in indices.enumerated() {
                (base + i).deinitialize(count: 1)
                let next = n + 1 < removed ? indices[n + 1] : buffer.count
                let run = next - i - 1
                if run > 0 {
                    (base + write).moveInitialize(from: base + i + 1, count: run)
                    write += run
                }
            }
            (base + write).initialize(repeating: filler, count: removed)
        }
        array.removeLast(removed)
    }

    /// The indices of the held positions in (opened at, index) order, or nil when they are in that order
    /// already (positions arrive in about opening order: checked before building anything). Once per step,
    /// so that settling a decision looks at the few positions opened in its window instead of scanning every
    /// held position (an open position stays in the state until it closes: hundreds of them).
    private func positionsByOpening() -> [Int]? {
        state.positionSlots.withUnsafeBufferPointer { p in
            if p.indices.dropFirst().allSatisfy({ p[$0 - 1].openedAt <= p[$0].openedAt }) { return nil }
            return p.indices.sorted { (p[$0].openedAt, $0) < (p[$1].openedAt, $1) }
        }
    }

    /// The outcomes each of the due decisions (`due`, indices into `heldDecisions`) joins: every outcome of
    /// its symbol and side in its window, in (signal time, seq) order, appended to `scratch`: decision `due[n]`
    /// joins `scratch.joins[scratch.ends[n - 1]..<scratch.ends[n]]` (indices into `heldOutcomes`). Marks them
    /// joined.
    ///
    /// One pass for the whole step, before any row is built, and the boxes marked in a loop of their own:
    /// marking an outcome joined the first time reads its box, which is cold by now (it arrived hours of
    /// event time ago). There those reads are independent and their cache misses overlap; interleaved with
    /// building rows, each would wait alone behind the atomic retains that building does.
    ///
    /// (Grouping the step's outcomes by join key first, so that a decision looks only at its own symbol and
    /// side, was tried: the counting sort cost more than the ~27 integer compares per decision it saves.)
    private mutating func joinOutcomes(of due: [Int], into scratch: inout FinalizeScratch) {
        let c = configuration
        let second: Int64 = 1_000_000
        let head = state.outcomeHead
        /// The previous decision's window start (relative to `head`): due decisions come in about time order,
        /// so the next window starts a step or two further on (a binary search per decision cost more, in
        /// mispredicted branches).
        var start = 0
        for i in due {
            let key = state.decisionKeys[i]
            let lo = key.time - c.outcomeWindowBeforeSeconds * second
            let hi = key.time + c.outcomeWindowAfterSeconds * second
            // Sorted by (signal time, seq): find the window's first outcome, scan to its end (only the live
            // outcomes, from `head`: the ones before it are forgotten).
            state.outcomeKeys.withUnsafeMutableBufferPointer { all in
                let o = UnsafeMutableBufferPointer(rebasing: all[head...])
                start = gallopingLowerBound(from: start, count: o.count, lo) { o[$0].signalTime }
                var k = start
                while k < o.count, o[k].signalTime <= hi {
                    if o[k].join == key.join {
                        scratch.joins.append(head + k)
                        if !o[k].joined {
                            o[k].joined = true
                            scratch.firstJoins.append(head + k)
                        }
                    }
                    k += 1
                }
            }
            scratch.ends.append(scratch.joins.count)
        }
        // Only a first join writes the box: it is shared with the rows of the decisions that joined it
        // before, and writing a shared box copies it.
        for k in scratch.firstJoins { state.heldOutcomes[k].joined = true }
    }

    /// Settles the held decision at index `i` with the outcomes at `joins` (from `joinOutcomes`) and, for an
    /// executed decision, the nearest position of its symbol and side opened in its window (ties: the
    /// earlier by (opened_at, seq)), by the same rules as `EnrichedJoin`. Appends its row when it joined no
    /// position, else parks it in the position's `joined` list.
    private mutating func settle(
        decision i: Int,
        outcomes joins: ArraySlice<Int>,
        positionsByOpening order: [Int]?,
        positionCursor: inout Int,
        stepKeys: inout [(time: Int64, seq: UInt64)]
    ) {
        let c = configuration
        let second: Int64 = 1_000_000
        let key = state.decisionKeys[i]
        var outcomes: [Outcome] = []
        if !joins.isEmpty {
            outcomes.reserveCapacity(joins.count)
            for k in joins { outcomes.append(state.heldOutcomes[k]) }
        }

        var best: (distance: Int64, openedAt: Int64, seq: UInt64, index: Int)?
        if key.executed {
            let pLo = key.time - c.positionWindowBeforeSeconds * second
            let pHi = key.time + c.positionWindowAfterSeconds * second
            // Only the positions opened in the window, in opening order from the previous executed decision's
            // (the choice below is a minimum over a total order, so the order of candidates does not matter).
            state.positionSlots.withUnsafeBufferPointer { p in
                positionCursor = gallopingLowerBound(from: positionCursor, count: p.count, pLo) {
                    p[order?[$0] ?? $0].openedAt
                }
                var k = positionCursor
                while k < p.count {
                    let i = order?[k] ?? k
                    k += 1
                    if p[i].openedAt > pHi { break }
                    guard p[i].join == key.join else { continue }
                    let candidate = (abs(p[i].openedAt - key.time), p[i].openedAt, p[i].seq, i)
                    if best.map({ (candidate.0, candidate.1, candidate.2) < ($0.distance, $0.openedAt, $0.seq) })
                        ?? true
                    {
                        best = candidate
                    }
                }
            }
        }
        // Moved out, not copied: its box is not touched (copying retains it, and it is cold by now: settled
        // three hours of event time after it arrived). The placeholder is released when the slot is removed.
        var d = Self.vacated
        swap(&d, &state.heldDecisions[i])
        if let best {
            state.heldPositions[best.index].appendJoined(Settled(decision: consume d, outcomes: outcomes))
            state.positionSlots[best.index].joinedKeys.append((key.time, key.seq))
            return
        }
        state.finalized.append(.decision(consume d, outcomes: outcomes, position: nil))
        stepKeys.append((key.time, key.seq))
        state.totals.decisionRows += 1
        if outcomes.isEmpty { state.totals.unmatchedDecisions += 1 } else { state.totals.decisionsWithOutcomes += 1 }
    }

    /// What a removed position's slot holds for a moment (see `remove(at:from:filler:)`).
    private static let vacatedPosition = Position(
        seq: 0,
        symbol: "",
        strategy: "",
        directionRaw: "",
        openedAt: 0,
        side: .neutral,
        hasOpening: false
    )

    /// What a settled decision's slot in `heldDecisions` holds until the step removes it.
    private static let vacated = Decision(
        seq: 0,
        time: 0,
        kind: .signal,
        symbol: "",
        side: .neutral,
        sideRaw: "",
        disposition: .blocked
    )
}
