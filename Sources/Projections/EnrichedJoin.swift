import EventLog
import HindsightJSON

/// The join behind `logs/enriched_decisions.jsonl`, computed from the fold's records in content order.
struct EnrichedJoin {
    typealias State = EnrichedDecisions.State
    let state: State
    /// Per decision index: indices of joined outcomes (ascending signal time, then seq).
    private(set) var outcomesOf: [[Int]]
    /// Per decision index: the joined position index.
    private(set) var positionOf: [Int?]
    /// Per position index: the decision indices that joined it.
    private(set) var decisionsOf: [[Int]]
    private(set) var outcomeUsed: [Bool]

    init(state: State, configuration: EnrichedDecisionsConfiguration) {
        self.state = state
        outcomesOf = Array(repeating: [], count: state.decisions.count)
        positionOf = Array(repeating: nil, count: state.decisions.count)
        decisionsOf = Array(repeating: [], count: state.positions.count)
        outcomeUsed = Array(repeating: false, count: state.outcomes.count)

        let outcomeGroups = Self.group(state.outcomes.indices) {
            (
                Self.key(state.outcomes[$0].symbol, state.outcomes[$0].side), state.outcomes[$0].signalTime,
                state.outcomes[$0].seq
            )
        }
        let positionGroups = Self.group(state.positions.indices) {
            (
                Self.key(state.positions[$0].symbol, state.positions[$0].side), state.positions[$0].openedAt,
                state.positions[$0].seq
            )
        }
        let second: Int64 = 1_000_000
        for (di, d) in state.decisions.enumerated() {
            let key = Self.key(d.symbol, d.side)
            if let group = outcomeGroups[key] {
                let lo = d.time - configuration.outcomeWindowBeforeSeconds * second
                let hi = d.time + configuration.outcomeWindowAfterSeconds * second
                var i = Self.lowerBound(group, lo) { state.outcomes[$0].signalTime }
                while i < group.count, state.outcomes[group[i]].signalTime <= hi {
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
            var i = Self.lowerBound(group, lo) { state.positions[$0].openedAt }
            var best: (distance: Int64, index: Int)?
            while i < group.count, state.positions[group[i]].openedAt <= hi {
                let distance = abs(state.positions[group[i]].openedAt - d.time)
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

    var rowCount: Int { state.decisions.count + state.positions.count }
    var decisionsWithOutcomes: Int { outcomesOf.count { !$0.isEmpty } }
    var unmatchedDecisions: Int {
        state.decisions.indices.count { outcomesOf[$0].isEmpty && positionOf[$0] == nil }
    }
    var unmatchedOutcomes: Int { outcomeUsed.count { !$0 } }
    var positionsWithoutDecision: Int { decisionsOf.count { $0.isEmpty } }

    /// All rows, decisions and positions together, by (decision time, seq).
    func rows() -> [JSONValue] {
        var order: [(Int64, UInt64, Int)] = []  // (time, seq, index ≥ 0 decision, < 0 position −1−index)
        order.reserveCapacity(rowCount)
        for (i, d) in state.decisions.enumerated() { order.append((d.time, d.seq, i)) }
        for (i, p) in state.positions.enumerated() { order.append((p.openedAt, p.seq, -1 - i)) }
        order.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        return order.map { $0.2 >= 0 ? decisionRow($0.2) : positionRow(-1 - $0.2) }
    }

    private func decisionRow(_ di: Int) -> JSONValue {
        let d = state.decisions[di]
        let outcomes = outcomesOf[di]
        let executed = d.kind == .signal && (d.disposition == .executed || d.disposition == .partial)
        var flags: [JSONValue] = []
        if outcomes.isEmpty { flags.append("no_signal_outcomes") }
        if executed, positionOf[di] == nil { flags.append("no_position") }
        let unmatched = outcomes.isEmpty && positionOf[di] == nil
        var members: [(String, JSONValue)] = [
            ("ts", .int(UTCTime.epochSeconds(d.time))),
            ("decision_ts", .string(UTCTime.iso8601(d.time))),
            ("seq", .int(Int64(d.seq))),
            ("decision", .string(d.kind.rawValue)),
            ("symbol", .string(d.symbol)),
            ("side", .string(d.side.description)),
            ("strategy", .optional(d.strategy)),
            ("disposition", .string(d.disposition.description)),
            ("block_reason", .optional(d.reason)),
            ("block_gate", .optional(d.gate)),
            ("venue", .optional(d.venue)),
            ("timeframe", .optional(d.timeframe)),
            ("entry_price", .optional(d.price)),
            (
                "signal_ctx",
                .object([
                    ("ofi", .optional(d.ofi)), ("ensemble", .optional(d.ensemble)),
                    ("mtf_confidence", .optional(d.mtfConfidence)), ("volatility", .optional(d.volatility)),
                    ("regime", .optional(d.regime)), ("side", .string(d.sideRaw)), ("_unmatched", .bool(unmatched)),
                ])
            ),
            ("signal_outcomes", .array(outcomes.map(outcomeRow))),
        ]
        if let pi = positionOf[di] {
            members.append(("position", positionSummary(pi)))
            members.append(("outcome", positionOutcome(pi)))
        } else {
            members.append(("position", .null))
            members.append(("outcome", .null))
        }
        members.append(("decision_seqs", .array([])))
        members.append(("flags", .array(flags)))
        return .object(members)
    }

    private func positionRow(_ pi: Int) -> JSONValue {
        let p = state.positions[pi]
        var flags: [JSONValue] = []
        if decisionsOf[pi].isEmpty { flags.append("no_decision") }
        if !p.hasOpening { flags.append("unmatched_opening") }
        if p.closes.isEmpty { flags.append(p.removedReason == nil ? "open" : "removed") }
        return .object([
            ("ts", .int(UTCTime.epochSeconds(p.openedAt))),
            ("decision_ts", .string(UTCTime.iso8601(p.openedAt))),
            ("seq", .int(Int64(p.seq))),
            ("decision", "position"),
            ("symbol", .string(p.symbol)),
            ("side", .string(p.side.description)),
            ("strategy", .string(p.strategy)),
            ("disposition", "executed"),
            ("block_reason", .null),
            ("block_gate", .null),
            ("venue", .optional(p.venue)),
            ("timeframe", .optional(p.timeframe)),
            ("entry_price", .optional(p.entryPrice)),
            (
                "signal_ctx",
                .object([("side", .string(p.directionRaw)), ("_unmatched", .bool(decisionsOf[pi].isEmpty))])
            ),
            ("signal_outcomes", .array([])),
            ("position", positionSummary(pi)),
            ("outcome", positionOutcome(pi)),
            ("decision_seqs", .array(decisionsOf[pi].map { .int(Int64(state.decisions[$0].seq)) })),
            ("flags", .array(flags)),
        ])
    }

    private func outcomeRow(_ oi: Int) -> JSONValue {
        let o = state.outcomes[oi]
        var returns: [(String, JSONValue)] = []
        var hits: [(String, JSONValue)] = []
        let rs = o.results.returns
        let hs = o.results.hits
        for h in Horizon.allCases {
            let i = Int(h.rawValue) - 1
            if let r = rs[i] { returns.append((h.label, .rounded(r, places: 6))) }
            if let hit = hs[i] { hits.append((h.label, .bool(hit))) }
        }
        return .object([
            ("signal", .string(o.signalName)),
            ("signal_ts", .string(UTCTime.iso8601(o.signalTime))),
            ("seq", .int(Int64(o.seq))),
            ("confidence", .double(o.confidence)),
            ("price_at_signal", .double(o.priceAtSignal)),
            ("returns", .object(returns)),
            ("hits", .object(hits)),
            ("ev_contribution", .rounded(o.evContribution, places: 6)),
            ("partial", .bool(o.partial)),
        ])
    }

    private func positionSummary(_ pi: Int) -> JSONValue {
        let p = state.positions[pi]
        return .object([
            ("key", .string("\(p.symbol)/\(p.strategy)/\(p.directionRaw)@\(UTCTime.iso8601(p.openedAt))")),
            ("opened_at", .string(UTCTime.iso8601(p.openedAt))),
            ("entry_price", .optional(p.entryPrice)),
            ("size_usd", .optional(p.sizeUSD)),
            ("leverage", .optional(p.leverage)),
            ("margin_usd", .optional(p.marginUSD)),
            ("closes", .int(Int64(p.closes.count))),
            ("removed_reason", .optional(p.removedReason)),
        ])
    }

    /// The position's realized result: summed over closes (partial closes included); `net_return` is the
    /// summed net P&L over the summed margin when every close has both, else the single close's return.
    private func positionOutcome(_ pi: Int) -> JSONValue {
        let closes = state.positions[pi].closes.sorted { ($0.closedAt, $0.seq) < ($1.closedAt, $1.seq) }
        guard let last = closes.last else { return .null }
        var pnl: Double? = 0
        var margin: Double? = 0
        var quality: [DataQualityFlag] = []
        for c in closes {
            pnl = pnl.flatMap { s in c.netPnlUSD.map { s + $0 } }
            margin = margin.flatMap { s in c.marginUSD.map { s + $0 } }
            for q in c.quality where !quality.contains(q) { quality.append(q) }
        }
        quality.sort { $0.rawValue < $1.rawValue }
        var netReturn: Double? = closes.count == 1 ? last.netReturn : nil
        if netReturn == nil, let pnl, let margin, margin > 0 { netReturn = pnl / margin }
        return .object([
            ("pnl_usd", .rounded(pnl, places: 6)),
            ("net_return", .rounded(netReturn, places: 6)),
            ("pnl_pct", .rounded(netReturn.map { $0 * 100 }, places: 4)),
            ("exit_price", .optional(last.exitPrice)),
            ("closed_at", .string(UTCTime.iso8601(last.closedAt))),
            ("close_reason", .optional(last.closeReason)),
            ("closes", .int(Int64(closes.count))),
            ("quality", .array(quality.map { .string($0.description) })),
        ])
    }
}
