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

    /// All rows, decisions and positions together, by (decision time, seq), as JSON Lines bytes (written
    /// directly: a `JSONValue` tree per row cost more than the fold itself).
    func jsonLines() -> [UInt8] {
        var order: [(Int64, UInt64, Int)] = []  // (time, seq, index ≥ 0 decision, < 0 position −1−index)
        order.reserveCapacity(rowCount)
        for (i, d) in state.decisions.enumerated() { order.append((d.time, d.seq, i)) }
        for (i, p) in state.positions.enumerated() { order.append((p.openedAt, p.seq, -1 - i)) }
        order.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        var out = JSONLineBuilder(capacity: rowCount * 700)
        for entry in order {
            if entry.2 >= 0 {
                writeDecisionRow(entry.2, into: &out)
            } else {
                writePositionRow(-1 - entry.2, into: &out)
            }
            out.endLine()
        }
        return out.bytes
    }

    private func writeDecisionRow(_ di: Int, into out: inout JSONLineBuilder) {
        let d = state.decisions[di]
        let outcomes = outcomesOf[di]
        let executed = d.kind == .signal && (d.disposition == .executed || d.disposition == .partial)
        let unmatched = outcomes.isEmpty && positionOf[di] == nil
        out.beginObject()
        out.key("ts")
        out.int(UTCTime.epochSeconds(d.time))
        out.key("decision_ts")
        out.string(UTCTime.iso8601(d.time))
        out.key("seq")
        out.int(Int64(d.seq))
        out.key("decision")
        out.string(d.kind.rawValue)
        out.key("symbol")
        out.string(d.symbol)
        out.key("side")
        out.string(d.side.description)
        out.key("strategy")
        out.string(d.strategy)
        out.key("disposition")
        out.string(d.disposition.description)
        out.key("block_reason")
        out.string(d.reason)
        out.key("block_gate")
        out.string(d.gate)
        out.key("venue")
        out.string(d.venue)
        out.key("timeframe")
        out.string(d.timeframe)
        out.key("entry_price")
        out.double(d.price)
        out.key("signal_ctx")
        out.beginObject()
        out.key("ofi")
        out.double(d.ofi)
        out.key("ensemble")
        out.double(d.ensemble)
        out.key("mtf_confidence")
        out.double(d.mtfConfidence)
        out.key("volatility")
        out.double(d.volatility)
        out.key("regime")
        out.string(d.regime)
        out.key("side")
        out.string(d.sideRaw)
        out.key("_unmatched")
        out.bool(unmatched)
        out.endObject()
        out.key("signal_outcomes")
        out.beginArray()
        for oi in outcomes { writeOutcome(oi, into: &out) }
        out.endArray()
        out.key("position")
        if let pi = positionOf[di] {
            writePositionSummary(pi, into: &out)
            out.key("outcome")
            writePositionOutcome(pi, into: &out)
        } else {
            out.null()
            out.key("outcome")
            out.null()
        }
        out.key("decision_seqs")
        out.beginArray()
        out.endArray()
        out.key("flags")
        out.beginArray()
        if outcomes.isEmpty { out.string("no_signal_outcomes") }
        if executed, positionOf[di] == nil { out.string("no_position") }
        out.endArray()
        out.endObject()
    }

    private func writePositionRow(_ pi: Int, into out: inout JSONLineBuilder) {
        let p = state.positions[pi]
        out.beginObject()
        out.key("ts")
        out.int(UTCTime.epochSeconds(p.openedAt))
        out.key("decision_ts")
        out.string(UTCTime.iso8601(p.openedAt))
        out.key("seq")
        out.int(Int64(p.seq))
        out.key("decision")
        out.string("position")
        out.key("symbol")
        out.string(p.symbol)
        out.key("side")
        out.string(p.side.description)
        out.key("strategy")
        out.string(p.strategy)
        out.key("disposition")
        out.string("executed")
        out.key("block_reason")
        out.null()
        out.key("block_gate")
        out.null()
        out.key("venue")
        out.string(p.venue)
        out.key("timeframe")
        out.string(p.timeframe)
        out.key("entry_price")
        out.double(p.entryPrice)
        out.key("signal_ctx")
        out.beginObject()
        out.key("side")
        out.string(p.directionRaw)
        out.key("_unmatched")
        out.bool(decisionsOf[pi].isEmpty)
        out.endObject()
        out.key("signal_outcomes")
        out.beginArray()
        out.endArray()
        out.key("position")
        writePositionSummary(pi, into: &out)
        out.key("outcome")
        writePositionOutcome(pi, into: &out)
        out.key("decision_seqs")
        out.beginArray()
        for di in decisionsOf[pi] { out.int(Int64(state.decisions[di].seq)) }
        out.endArray()
        out.key("flags")
        out.beginArray()
        if decisionsOf[pi].isEmpty { out.string("no_decision") }
        if !p.hasOpening { out.string("unmatched_opening") }
        if p.closes.isEmpty { out.string(p.removedReason == nil ? "open" : "removed") }
        out.endArray()
        out.endObject()
    }

    private func writeOutcome(_ oi: Int, into out: inout JSONLineBuilder) {
        let o = state.outcomes[oi]
        let rs = o.results.returns
        let hs = o.results.hits
        out.beginObject()
        out.key("signal")
        out.string(o.signalName)
        out.key("signal_ts")
        out.string(UTCTime.iso8601(o.signalTime))
        out.key("seq")
        out.int(Int64(o.seq))
        out.key("confidence")
        out.double(o.confidence)
        out.key("price_at_signal")
        out.double(o.priceAtSignal)
        out.key("returns")
        out.beginObject()
        for h in Horizon.allCases {
            if let r = rs[Int(h.rawValue) - 1] {
                out.key(h.label)
                out.rounded(r, places: 6)
            }
        }
        out.endObject()
        out.key("hits")
        out.beginObject()
        for h in Horizon.allCases {
            if let hit = hs[Int(h.rawValue) - 1] {
                out.key(h.label)
                out.bool(hit)
            }
        }
        out.endObject()
        out.key("ev_contribution")
        out.rounded(o.evContribution, places: 6)
        out.key("partial")
        out.bool(o.partial)
        out.endObject()
    }

    private func writePositionSummary(_ pi: Int, into out: inout JSONLineBuilder) {
        let p = state.positions[pi]
        let opened = UTCTime.iso8601(p.openedAt)
        out.beginObject()
        out.key("key")
        out.string("\(p.symbol)/\(p.strategy)/\(p.directionRaw)@\(opened)")
        out.key("opened_at")
        out.string(opened)
        out.key("entry_price")
        out.double(p.entryPrice)
        out.key("size_usd")
        out.double(p.sizeUSD)
        out.key("leverage")
        out.double(p.leverage)
        out.key("margin_usd")
        out.double(p.marginUSD)
        out.key("closes")
        out.int(Int64(p.closes.count))
        out.key("removed_reason")
        out.string(p.removedReason)
        out.endObject()
    }

    /// The position's realized result: summed over closes (partial closes included); `net_return` is the
    /// summed net P&L over the summed margin when every close has both, else the single close's return.
    private func writePositionOutcome(_ pi: Int, into out: inout JSONLineBuilder) {
        let closes = state.positions[pi].closes.sorted { ($0.closedAt, $0.seq) < ($1.closedAt, $1.seq) }
        guard let last = closes.last else { return out.null() }
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
        out.beginObject()
        out.key("pnl_usd")
        out.rounded(pnl, places: 6)
        out.key("net_return")
        out.rounded(netReturn, places: 6)
        out.key("pnl_pct")
        out.rounded(netReturn.map { $0 * 100 }, places: 4)
        out.key("exit_price")
        out.double(last.exitPrice)
        out.key("closed_at")
        out.string(UTCTime.iso8601(last.closedAt))
        out.key("close_reason")
        out.string(last.closeReason)
        out.key("closes")
        out.int(Int64(closes.count))
        out.key("quality")
        out.beginArray()
        for q in quality { out.string(q.description) }
        out.endArray()
        out.endObject()
    }
}
