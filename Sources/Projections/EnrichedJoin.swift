import EventLog

/// The provisional join of the records still in the enriched-decisions state (not finalized yet): what the
/// pending file `logs/enriched_decisions_pending.jsonl` shows and what the report counts beside the totals
/// of finalized rows. Computed over records sorted by content, so the result does not depend on how sources
/// were interleaved in the log.
struct EnrichedJoin {
    typealias State = EnrichedDecisions.State
    /// The state's live records, taken once (`State.decisions` and `State.outcomes` build their arrays on
    /// each read).
    let decisions: [EnrichedDecisions.Decision]
    let outcomes: [EnrichedDecisions.Outcome]
    let positions: [EnrichedDecisions.Position]
    /// Per unsettled decision index: indices of joined outcomes (ascending signal time, then seq).
    private(set) var outcomesOf: [[Int]]
    /// Per unsettled decision index: the joined position index.
    private(set) var positionOf: [Int?]
    /// Per position index: the unsettled decision indices that joined it.
    private(set) var decisionsOf: [[Int]]
    private(set) var outcomeUsed: [Bool]

    init(state: State, configuration: EnrichedDecisionsConfiguration) {
        let decisions = state.decisions
        let outcomes = state.outcomes
        let positions = state.positions
        self.decisions = decisions
        self.outcomes = outcomes
        self.positions = positions
        outcomesOf = Array(repeating: [], count: decisions.count)
        positionOf = Array(repeating: nil, count: decisions.count)
        decisionsOf = Array(repeating: [], count: positions.count)
        outcomeUsed = outcomes.map(\.joined)

        let outcomeGroups = Self.group(outcomes.indices) {
            (
                Self.key(outcomes[$0].symbol, outcomes[$0].side), outcomes[$0].signalTime,
                outcomes[$0].seq
            )
        }
        let positionGroups = Self.group(positions.indices) {
            (
                Self.key(positions[$0].symbol, positions[$0].side), positions[$0].openedAt,
                positions[$0].seq
            )
        }
        let second: Int64 = 1_000_000
        for (di, d) in decisions.enumerated() {
            let key = Self.key(d.symbol, d.side)
            if let group = outcomeGroups[key] {
                let lo = d.time - configuration.outcomeWindowBeforeSeconds * second
                let hi = d.time + configuration.outcomeWindowAfterSeconds * second
                var i = Self.lowerBound(group, lo) { outcomes[$0].signalTime }
                while i < group.count, outcomes[group[i]].signalTime <= hi {
                    outcomesOf[di].append(group[i])
                    outcomeUsed[group[i]] = true
                    i += 1
                }
            }
            guard d.kind == .signal, d.disposition == .executed || d.disposition == .partial,
                let group = positionGroups[key]
            else { continue }
            let lo = d.time - configuration.positionWindowBeforeSeconds * second
            let hi = d.time + configuration.positionWindowAfterSeconds * second
            var i = Self.lowerBound(group, lo) { positions[$0].openedAt }
            var best: (distance: Int64, index: Int)?
            while i < group.count, positions[group[i]].openedAt <= hi {
                let distance = abs(positions[group[i]].openedAt - d.time)
                if best.map({ distance < $0.distance }) ?? true { best = (distance, group[i]) }
                i += 1
            }
            if let best {
                positionOf[di] = best.index
                decisionsOf[best.index].append(di)
            }
        }
    }

    private static func key(_ symbol: String, _ side: Side) -> String { "\(symbol)\u{1F}\(side.rawValue)" }

    /// Indices grouped by key, each group sorted by (time, seq).
    private static func group(
        _ indices: Range<Int>,
        _ by: (Int) -> (String, Int64, UInt64)
    ) -> [String: [Int]] {
        var groups: [String: [(Int64, UInt64, Int)]] = [:]
        for i in indices {
            let (k, t, s) = by(i)
            groups[k, default: []].append((t, s, i))
        }
        return groups.mapValues { $0.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2) }
    }

    private static func lowerBound(_ group: [Int], _ value: Int64, _ time: (Int) -> Int64) -> Int {
        var lo = 0
        var hi = group.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if time(group[mid]) < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Seqs of every decision joined to position `pi`: settled ones and provisional ones, ascending.
    func decisionSeqs(ofPosition pi: Int) -> [UInt64] {
        (positions[pi].joined.map(\.decision.seq) + decisionsOf[pi].map { decisions[$0].seq }).sorted()
    }

    /// Every row not finalized yet, by (decision time, seq).
    func pendingRows() -> [EnrichedDecisions.Row] {
        var rows: [EnrichedDecisions.Row] = []
        rows.reserveCapacity(pendingRowCount)
        for (di, d) in decisions.enumerated() {
            rows.append(
                .decision(
                    d,
                    outcomes: outcomesOf[di].map { outcomes[$0] },
                    position: positionOf[di].map { positions[$0] }
                )
            )
        }
        for (pi, p) in positions.enumerated() {
            for settled in p.joined {
                rows.append(.decision(settled.decision, outcomes: settled.outcomes, position: p))
            }
            rows.append(.position(p, decisionSeqs: decisionSeqs(ofPosition: pi)))
        }
        return EnrichedDecisions.Row.sorted(rows)
    }

    var settledWaiting: Int { positions.reduce(0) { $0 + $1.joined.count } }
    var pendingRowCount: Int { decisions.count + settledWaiting + positions.count }
    var decisionsWithOutcomes: Int {
        outcomesOf.count { !$0.isEmpty } + positions.reduce(0) { $0 + $1.joined.count { !$0.outcomes.isEmpty } }
    }
    var unmatchedDecisions: Int {
        decisions.indices.count { outcomesOf[$0].isEmpty && positionOf[$0] == nil }
    }
    var unmatchedOutcomes: Int { outcomeUsed.count { !$0 } }
    var positionsWithoutDecision: Int {
        positions.indices.count { decisionsOf[$0].isEmpty && positions[$0].joined.isEmpty }
    }
}
