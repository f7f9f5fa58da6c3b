import EventLog
import HindsightJSON

extension EnrichedDecisions {
    /// A decision whose joins were decided (`settled`): its outcomes are fixed; it waits in its position's
    /// `joined` list when it joined one that is not final yet.
    public struct Settled: Sendable, Codable, Equatable {
        public var decision: Decision
        public var outcomes: [Outcome]
    }

    /// One row of `enriched_decisions.jsonl`, with everything it prints (no indices into the state, so a
    /// finalized row can leave the state). Small: `Decision`, `Outcome` and `Position` keep their fields in
    /// copy-on-write boxes, so a row is three references (the finalized rows, hundreds of thousands between two
    /// takes, grow, sort and move as ~32-byte values, with no allocation of their own).
    public enum Row: Sendable, Codable, Equatable {
        case decision(Decision, outcomes: [Outcome], position: Position?)
        case position(Position, decisionSeqs: [UInt64])

        /// Rows are ordered by (decision time, seq) within one finalization step and in the pending file.
        var sortKey: (Int64, UInt64) {
            switch self {
            case .decision(let d, _, _): (d.time, d.seq)
            case .position(let p, _): (p.openedAt, p.seq)
            }
        }

        /// Stable sort by `sortKey`. Sorts a permutation and moves each row once: sorting the rows themselves
        /// moved these large values around at every step of the sort.
        static func sorted(_ rows: [Row]) -> [Row] {
            let keys = rows.map(\.sortKey)
            let order = rows.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
            return order.map { rows[$0] }
        }
    }

    /// The append of finalized `rows` to `logs/enriched_decisions.jsonl`, rendered by the export writer (see
    /// `ExportAppend`): the same bytes as `jsonLines(rows)`.
    static func finalizedAppend(_ rows: [Row]) -> ExportAppend {
        ExportAppend(relativePath: exportPath, lineCount: rows.count) { sink in
            var outcomes = OutcomeFragmentCache()
            sink.renderLines(rows) { row, out in writeRow(row, outcomes: &outcomes, into: &out) }
        }
    }

    /// JSON Lines bytes of `rows`, in the given order (written directly: a `JSONValue` tree per row cost more
    /// than the fold itself).
    static func jsonLines(_ rows: [Row]) -> [UInt8] {
        var out = JSONLineBuilder(capacity: rows.count * 700)
        var outcomes = OutcomeFragmentCache()
        for row in rows {
            writeRow(row, outcomes: &outcomes, into: &out)
            out.endLine()
        }
        return out.bytes
    }

    private static func writeRow(
        _ row: Row,
        outcomes cache: inout OutcomeFragmentCache,
        into out: inout JSONLineBuilder
    ) {
        switch row {
        case .decision(let d, let outcomes, let position): writeDecisionRow(d, outcomes, position, &cache, into: &out)
        case .position(let p, let seqs): writePositionRow(p, seqs, into: &out)
        }
    }

    /// Opens a row and writes the fields every row starts with, decision or position alike.
    private static func writeHead(
        time: Int64,
        seq: UInt64,
        decision: String,
        symbol: String,
        side: Side,
        strategy: String?,
        disposition: String,
        reason: String?,
        gate: String?,
        venue: String?,
        timeframe: String?,
        price: Double?,
        into out: inout JSONLineBuilder
    ) {
        out.beginObject()
        out.key("ts")
        out.int(UTCTime.epochSeconds(time))
        out.key("decision_ts")
        out.iso8601(time)
        out.key("seq")
        out.int(Int64(seq))
        out.key("decision")
        out.string(decision)
        out.key("symbol")
        out.string(symbol)
        out.key("side")
        out.string(side.description)
        out.key("strategy")
        out.string(strategy)
        out.key("disposition")
        out.string(disposition)
        out.key("block_reason")
        out.string(reason)
        out.key("block_gate")
        out.string(gate)
        out.key("venue")
        out.string(venue)
        out.key("timeframe")
        out.string(timeframe)
        out.key("entry_price")
        out.double(price)
    }

    private static func writeDecisionRow(
        _ d: Decision,
        _ outcomes: [Outcome],
        _ position: Position?,
        _ cache: inout OutcomeFragmentCache,
        into out: inout JSONLineBuilder
    ) {
        let executed = d.kind == .signal && (d.disposition == .executed || d.disposition == .partial)
        let unmatched = outcomes.isEmpty && position == nil
        writeHead(
            time: d.time,
            seq: d.seq,
            decision: d.kind.rawValue,
            symbol: d.symbol,
            side: d.side,
            strategy: d.strategy,
            disposition: d.disposition.description,
            reason: d.reason,
            gate: d.gate,
            venue: d.venue,
            timeframe: d.timeframe,
            price: d.price,
            into: &out
        )
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
        for o in outcomes { cache.write(o, into: &out, render: writeOutcome) }
        out.endArray()
        out.key("position")
        if let position {
            writePositionSummary(position, into: &out)
            out.key("outcome")
            writePositionOutcome(position, into: &out)
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
        if executed, position == nil { out.string("no_position") }
        out.endArray()
        out.endObject()
    }

    private static func writePositionRow(_ p: Position, _ decisionSeqs: [UInt64], into out: inout JSONLineBuilder) {
        writeHead(
            time: p.openedAt,
            seq: p.seq,
            decision: "position",
            symbol: p.symbol,
            side: p.side,
            strategy: p.strategy,
            disposition: "executed",
            reason: nil,
            gate: nil,
            venue: p.venue,
            timeframe: p.timeframe,
            price: p.entryPrice,
            into: &out
        )
        out.key("signal_ctx")
        out.beginObject()
        out.key("side")
        out.string(p.directionRaw)
        out.key("_unmatched")
        out.bool(decisionSeqs.isEmpty)
        out.endObject()
        out.key("signal_outcomes")
        out.beginArray()
        out.endArray()
        out.key("position")
        writePositionSummary(p, into: &out)
        out.key("outcome")
        writePositionOutcome(p, into: &out)
        out.key("decision_seqs")
        out.beginArray()
        for seq in decisionSeqs { out.int(Int64(seq)) }
        out.endArray()
        out.key("flags")
        out.beginArray()
        if decisionSeqs.isEmpty { out.string("no_decision") }
        if !p.hasOpening { out.string("unmatched_opening") }
        if p.closes.isEmpty { out.string(p.removedReason == nil ? "open" : "removed") }
        out.endArray()
        out.endObject()
    }

    private static func writeOutcome(_ o: Outcome, into out: inout JSONLineBuilder) {
        let r = o.results
        out.beginObject()
        out.key("signal")
        out.string(o.signalName)
        out.key("signal_ts")
        out.iso8601(o.signalTime)
        out.key("seq")
        out.int(Int64(o.seq))
        out.key("confidence")
        out.double(o.confidence)
        out.key("price_at_signal")
        out.double(o.priceAtSignal)
        // Horizon by horizon with static keys (`results.returns` built two arrays per outcome).
        out.key("returns")
        out.beginObject()
        writeReturn(r.r1m, "1m", into: &out)
        writeReturn(r.r5m, "5m", into: &out)
        writeReturn(r.r15m, "15m", into: &out)
        writeReturn(r.r30m, "30m", into: &out)
        writeReturn(r.r1h, "1h", into: &out)
        out.endObject()
        out.key("hits")
        out.beginObject()
        writeHit(r.h1m, "1m", into: &out)
        writeHit(r.h5m, "5m", into: &out)
        writeHit(r.h15m, "15m", into: &out)
        writeHit(r.h30m, "30m", into: &out)
        writeHit(r.h1h, "1h", into: &out)
        out.endObject()
        out.key("ev_contribution")
        out.rounded(o.evContribution, places: 6)
        out.key("partial")
        out.bool(o.partial)
        out.endObject()
    }

    @inline(__always)
    private static func writeReturn(_ value: Double?, _ label: StaticString, into out: inout JSONLineBuilder) {
        guard let value else { return }
        out.key(label)
        out.rounded(value, places: 6)
    }

    @inline(__always)
    private static func writeHit(_ value: Bool?, _ label: StaticString, into out: inout JSONLineBuilder) {
        guard let value else { return }
        out.key(label)
        out.bool(value)
    }

    private static func writePositionSummary(_ p: Position, into out: inout JSONLineBuilder) {
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
    private static func writePositionOutcome(_ p: Position, into out: inout JSONLineBuilder) {
        let closes = p.closes.sorted { ($0.closedAt, $0.seq) < ($1.closedAt, $1.seq) }
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
        out.iso8601(last.closedAt)
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
