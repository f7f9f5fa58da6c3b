import EventLog
import HindsightJSON

extension Counterfactual {
    public static let outcomesPath = "logs/counterfactual_outcomes.jsonl"
    public static let learningsPath = "feature_store/counterfactual_learnings.json"

    public func exports(context: ExportContext) -> [ExportFile] {
        [
            ExportFile(relativePath: Self.outcomesPath, bytes: state.resolved.map(row).jsonLines()),
            ExportFile(relativePath: Self.learningsPath, bytes: learnings(asOf: context.asOf).document()),
        ]
    }

    /// One `counterfactual_outcomes.jsonl` row: the reference's fields first, hindsight's additions after.
    func row(_ o: CounterfactualOutcome) -> JSONValue {
        var outcomes: [(String, JSONValue)] = []
        for h in o.horizons {
            let pct = h.netReturn.map { $0 * 100 }
            outcomes.append(
                (
                    h.label,
                    .object([
                        ("exit_price", h.exitPrice.map(JSONValue.double) ?? .null),
                        ("pnl_pct", .rounded(pct, places: 4)),
                        ("gross_pnl_pct", .rounded(h.grossReturn.map { $0 * 100 }, places: 4)),
                        ("would_win", pct.map { .bool($0 > configuration.winThresholdPct) } ?? .null),
                    ])
                )
            )
        }
        var intelligence: [(String, JSONValue)] = []
        if let v = o.ofi { intelligence.append(("ofi", .double(v))) }
        if let v = o.ensemble { intelligence.append(("ensemble", .double(v))) }
        if let v = o.regime { intelligence.append(("regime", .string(v))) }
        let best = o.bestNetReturn.map { $0 * 100 }
        let won = best.map { $0 > configuration.winThresholdPct }
        return .object([
            ("signal_ts", .int(UTCTime.epochSeconds(o.decisionTime))),
            ("analyzed_ts", .int(UTCTime.epochSeconds(o.resolvedAt))),
            ("symbol", .string(o.symbol)),
            ("side", .string(o.side.description)),
            ("entry_price", o.entryPrice.map(JSONValue.double) ?? .null),
            ("disposition", .string(o.disposition.uppercased())),
            ("block_reason", .optional(o.reason)),
            ("block_gate", .optional(o.gate)),
            ("intelligence", .object(intelligence)),
            ("outcomes", .object(outcomes)),
            ("best_pnl_pct", .rounded(best, places: 4)),
            ("best_interval", .optional(o.bestHorizonSeconds.map(CounterfactualHorizon.label))),
            ("would_have_won", .optional(won)),
            ("missed_opportunity", .bool(o.classification == .missedOpportunity)),
            ("avoided_loss", .bool(o.classification == .avoidedLoss)),
            ("classification", .string(o.classification.rawValue)),
            ("decision_ts", .string(UTCTime.iso8601(o.decisionTime))),
            ("seq", .int(Int64(o.decisionSeq))),
            ("source", .string(o.source.rawValue)),
            ("strategy", .optional(o.strategy)),
            ("timeframe", .optional(o.timeframe)),
            ("entry_price_source", .optional(o.entryPriceSource)),
            ("learner_weight", .double(o.weight)),
        ])
    }

    struct Tally {
        var blocked = 0
        var priced = 0
        var won = 0
        var avoided = 0
        var missedPnlPct = 0.0
        var sumBestPct = 0.0
        var wouldWinPct: Double { priced == 0 ? 0 : Double(won) / Double(priced) * 100 }
        var avoidedPct: Double { priced == 0 ? 0 : Double(avoided) / Double(priced) * 100 }

        mutating func add(_ o: CounterfactualOutcome, threshold: Double) {
            blocked += 1
            guard let best = o.bestNetReturn.map({ $0 * 100 }) else { return }
            priced += 1
            sumBestPct += best
            if best > threshold {
                won += 1
                missedPnlPct += best
            }
            if o.classification == .avoidedLoss { avoided += 1 }
        }
    }

    /// `feature_store/counterfactual_learnings.json`: the reference's gate feedback over the last
    /// `feedbackWindowDays` of decision time before the watermark, plus full per-gate/per-symbol tallies.
    func learnings(asOf watermark: Int64) -> JSONValue {
        let c = configuration
        let since = watermark == .min ? Int64.min : watermark - c.feedbackWindowDays * 86_400_000_000
        var gates: [String: Tally] = [:]
        var symbols: [String: Tally] = [:]
        var summary = Tally()
        var counts: [String: Int] = [:]
        for o in state.resolved where o.decisionTime >= since {
            gates[o.gateKey, default: Tally()].add(o, threshold: c.winThresholdPct)
            symbols[o.symbol, default: Tally()].add(o, threshold: c.winThresholdPct)
            summary.add(o, threshold: c.winThresholdPct)
            counts[o.classification.rawValue, default: 0] += 1
        }
        var loosen: [JSONValue] = []
        var tighten: [JSONValue] = []
        var gateRows: [JSONValue] = []
        for gate in gates.keys.sorted() {
            let t = gates[gate]!
            let pct = JSONValue.round(t.wouldWinPct, places: 1)
            if t.blocked >= c.gateMinBlocked, t.priced > 0, t.wouldWinPct > c.loosenAboveWinPct {
                loosen.append(
                    .object([
                        ("gate", .string(gate)), ("blocked", .int(Int64(t.blocked))), ("would_win_pct", .double(pct)),
                        ("recommendation", .string("loosen: \(pct)% of blocked trades would have won")),
                    ])
                )
            } else if t.blocked >= c.gateMinBlocked, t.priced > 0, t.wouldWinPct < c.tightenBelowWinPct {
                tighten.append(
                    .object([
                        ("gate", .string(gate)), ("blocked", .int(Int64(t.blocked))), ("would_win_pct", .double(pct)),
                        ("recommendation", .string("tighten: only \(pct)% of blocked trades would have won")),
                    ])
                )
            }
            gateRows.append(tallyRow(key: "gate", value: gate, t))
        }
        var adjustments: [JSONValue] = []
        var symbolRows: [JSONValue] = []
        for symbol in symbols.keys.sorted() {
            let t = symbols[symbol]!
            let pct = JSONValue.round(t.wouldWinPct, places: 1)
            if t.blocked >= c.symbolMinBlocked, t.priced > 0, t.wouldWinPct > c.symbolAboveWinPct {
                adjustments.append(
                    .object([
                        ("symbol", .string(symbol)), ("blocked", .int(Int64(t.blocked))),
                        ("would_win_pct", .double(pct)), ("missed_pnl_pct", .rounded(t.missedPnlPct, places: 4)),
                        ("recommendation", .string("reduce blocking for \(symbol): \(pct)% of blocks would have won")),
                    ])
                )
            }
            symbolRows.append(tallyRow(key: "symbol", value: symbol, t))
        }
        return .object([
            ("generated_at", watermark == .min ? .null : .string(UTCTime.naive(watermark))),
            ("gates_to_loosen", .array(loosen)),
            ("gates_to_tighten", .array(tighten)),
            ("symbol_adjustments", .array(adjustments)),
            ("window_days", .int(c.feedbackWindowDays)),
            ("learner_weight", .double(c.learnerWeight)),
            (
                "summary",
                .object(
                    [
                        ("resolved_in_window", .int(Int64(summary.blocked))),
                        ("resolved_total", .int(Int64(state.resolved.count))),
                        ("pending", .int(Int64(state.waiting.count))),
                    ]
                        + CounterfactualClassification.allCases.map {
                            ($0.rawValue, .int(Int64(counts[$0.rawValue] ?? 0)))
                        }
                )
            ),
            ("gates", .array(gateRows)),
            ("symbols", .array(symbolRows)),
        ])
    }

    private func tallyRow(key: String, value: String, _ t: Tally) -> JSONValue {
        .object([
            (key, .string(value)),
            ("blocked", .int(Int64(t.blocked))),
            ("priced", .int(Int64(t.priced))),
            ("would_win", .int(Int64(t.won))),
            ("would_win_pct", .rounded(t.wouldWinPct, places: 1)),
            ("avoided_loss", .int(Int64(t.avoided))),
            ("avoided_loss_pct", .rounded(t.avoidedPct, places: 1)),
            ("avg_best_pnl_pct", .rounded(t.priced == 0 ? nil : t.sumBestPct / Double(t.priced), places: 4)),
            ("missed_pnl_pct", .rounded(t.missedPnlPct, places: 4)),
        ])
    }
}
