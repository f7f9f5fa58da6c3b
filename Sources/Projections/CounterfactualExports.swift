import EventLog
import HindsightJSON

extension Counterfactual {
    public static let outcomesPath = "logs/counterfactual_outcomes.jsonl"
    public static let learningsPath = "feature_store/counterfactual_learnings.json"

    /// `counterfactual_learnings.json` (rewritten whole). The outcome rows are append-only: see
    /// `takeFinalizedRows`.
    public func exports(context: ExportContext) -> [ExportFile] {
        [ExportFile(relativePath: Self.learningsPath, bytes: learnings(asOf: context.asOf).document())]
    }

    /// The `counterfactual_outcomes.jsonl` rows of the outcomes resolved since the last call, in resolution
    /// order: a resolved outcome never changes, so its row is written once (appended) and forgotten. The rows
    /// are rendered by the export writer (`ExportAppend`'s deferred form), not here.
    public mutating func takeFinalizedRows() -> [ExportAppend] {
        let outcomes = current.unexported
        current.unexported.removeAll()
        let threshold = configuration.winThresholdPct
        return [
            ExportAppend(relativePath: Self.outcomesPath, lineCount: outcomes.count) { sink in
                sink.renderLines(outcomes) { o, out in Self.writeRow(o, winThresholdPct: threshold, into: &out) }
            }
        ]
    }

    /// Rows of `counterfactual_outcomes.jsonl`, written straight to bytes (a `JSONValue` tree per row cost
    /// more than the fold itself).
    func outcomesJSONLines(_ outcomes: [CounterfactualOutcome]) -> [UInt8] {
        var out = JSONLineBuilder(capacity: outcomes.count * 900)
        for o in outcomes {
            Self.writeRow(o, winThresholdPct: configuration.winThresholdPct, into: &out)
            out.endLine()
        }
        return out.bytes
    }

    /// One `counterfactual_outcomes.jsonl` row: the reference's fields first, hindsight's additions after.
    private static func writeRow(
        _ o: CounterfactualOutcome,
        winThresholdPct: Double,
        into out: inout JSONLineBuilder
    ) {
        let best = o.bestNetReturn.map { $0 * 100 }
        out.beginObject()
        out.key("signal_ts")
        out.int(UTCTime.epochSeconds(o.decisionTime))
        out.key("analyzed_ts")
        out.int(UTCTime.epochSeconds(o.resolvedAt))
        out.key("symbol")
        out.string(o.symbol)
        out.key("side")
        out.string(o.side.description)
        out.key("entry_price")
        out.double(o.entryPrice)
        out.key("disposition")
        out.string(o.disposition.uppercased())
        out.key("block_reason")
        out.string(o.reason)
        out.key("block_gate")
        out.string(o.gate)
        out.key("intelligence")
        out.beginObject()
        if let v = o.ofi {
            out.key("ofi")
            out.double(v)
        }
        if let v = o.ensemble {
            out.key("ensemble")
            out.double(v)
        }
        if let v = o.regime {
            out.key("regime")
            out.string(v)
        }
        out.endObject()
        out.key("outcomes")
        out.beginObject()
        for h in o.horizons {
            let pct = h.netReturn.map { $0 * 100 }
            out.key(h.label)
            out.beginObject()
            out.key("exit_price")
            out.double(h.exitPrice)
            out.key("pnl_pct")
            out.rounded(pct, places: 4)
            out.key("gross_pnl_pct")
            out.rounded(h.grossReturn.map { $0 * 100 }, places: 4)
            out.key("would_win")
            out.bool(pct.map { $0 > winThresholdPct })
            out.endObject()
        }
        out.endObject()
        out.key("best_pnl_pct")
        out.rounded(best, places: 4)
        out.key("best_interval")
        out.string(o.bestHorizonSeconds.map(CounterfactualHorizon.label))
        out.key("would_have_won")
        out.bool(best.map { $0 > winThresholdPct })
        out.key("missed_opportunity")
        out.bool(o.classification == .missedOpportunity)
        out.key("avoided_loss")
        out.bool(o.classification == .avoidedLoss)
        out.key("classification")
        out.string(o.classification.rawValue)
        out.key("decision_ts")
        out.iso8601(o.decisionTime)
        out.key("seq")
        out.int(Int64(o.decisionSeq))
        out.key("source")
        out.string(o.source.rawValue)
        out.key("also_logged_as_seq")
        out.int(o.twinSeq.map { Int64($0) })
        out.key("strategy")
        out.string(o.strategy)
        out.key("timeframe")
        out.string(o.timeframe)
        out.key("entry_price_source")
        out.string(o.entryPriceSource)
        out.key("learner_weight")
        out.double(o.weight)
        out.endObject()
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
        for o in current.recent where o.decisionTime >= since {
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
                        ("resolved_total", .int(Int64(current.resolvedTotal))),
                        ("pending", .int(Int64(current.waiting.count))),
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
