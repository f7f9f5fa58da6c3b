import EventLog
import HindsightJSON

/// `state/blocked_trades.jsonl` → `TradeBlocked`: hindsight's own schema plus the three shapes the reference bot
/// writes elsewhere (trading-bot-formats.md §1.4), told apart by their distinctive fields:
///
/// | variant | detected by | gate | reason | price | score |
/// |---|---|---|---|---|---|
/// | `beta` | `bot_id == "beta"` or `tier` present | `block_gate` (default `beta_filter`) | `block_reason` | – | – |
/// | `convictionGate` | `weighted_score` or `score_breakdown` present | `"conviction_gate"` | `block_reason` | `price_at_block` | `weighted_score` |
/// | `counterfactualTracker` | `signal_price` present or `status == "blocked"` | `block_gate` | `block_reason` | `signal_price` | – |
/// | `hindsight` | anything else | `gate` | `reason` | `price` | `score` |
///
/// Every variant: `symbol` and a side (`side`, else `direction`) are required strings; the time is `ts`, else
/// `ts_iso` (epoch seconds/ms or ISO). `strategy`, `timeframe`, `expected_move_pct` (**percent**) are read when
/// present (`signal_context.strategy` for the counterfactual shape). Event time: that timestamp.
struct BlockedTradesNormalizer {
    private enum F {
        static let keys = KeyTable([
            "ts", "ts_iso", "symbol", "side", "direction", "gate", "reason", "price", "strategy", "timeframe",
            "expected_move_pct", "score", "signal_price", "block_gate", "block_reason", "status", "signal_context",
            "weighted_score", "score_breakdown", "price_at_block", "tier", "bot_id",
        ])
        static let ts = 0, tsIso = 1, symbol = 2, side = 3, direction = 4, gate = 5, reason = 6, price = 7
        static let strategy = 8, timeframe = 9, expectedMovePct = 10, score = 11, signalPrice = 12, blockGate = 13
        static let blockReason = 14, status = 15, signalContext = 16, weightedScore = 17, scoreBreakdown = 18
        static let priceAtBlock = 19, tier = 20, botID = 21
    }

    private static let contextKeys = KeyTable(["strategy"])

    private var fields = RecordFields()
    private var nested = RecordFields()

    mutating func normalize(_ root: JSONElement) -> LineVerdict {
        fields.collect(root, keys: F.keys)
        let time = try? eventTime()
        do throws(FieldProblem) {
            let eventTime = try self.eventTime()
            let variant = detectVariant()
            let sideSlot = fields.element(F.side) != nil ? F.side : F.direction
            guard fields.element(sideSlot) != nil else { throw .missing("side") }
            let sideRaw = try fields.requiredString(sideSlot)
            var blocked = TradeBlocked(
                variant: variant,
                symbol: try fields.requiredString(F.symbol),
                side: Side(normalizing: sideRaw.utf8),
                sideRaw: sideRaw,
                strategy: try fields.optionalString(F.strategy),
                timeframe: try fields.optionalString(F.timeframe),
                expectedMovePct: try fields.optionalDouble(F.expectedMovePct)
            )
            switch variant {
            case .hindsight:
                blocked.gate = try fields.optionalString(F.gate)
                blocked.reason = try fields.optionalString(F.reason)
                blocked.price = try fields.optionalDouble(F.price)
                blocked.score = try fields.optionalDouble(F.score)
            case .counterfactualTracker:
                blocked.gate = try fields.optionalString(F.blockGate)
                blocked.reason = try fields.optionalString(F.blockReason)
                blocked.price = try fields.optionalDouble(F.signalPrice)
                if blocked.strategy == nil, let context = try fields.optionalObject(F.signalContext) {
                    nested.collect(context, keys: Self.contextKeys, path: "signal_context")
                    blocked.strategy = try nested.optionalString(0)
                }
            case .convictionGate:
                blocked.gate = "conviction_gate"
                blocked.reason = try fields.optionalString(F.blockReason)
                blocked.price = try fields.optionalDouble(F.priceAtBlock)
                blocked.score = try fields.optionalDouble(F.weightedScore)
            case .beta:
                blocked.gate = try fields.optionalString(F.blockGate) ?? "beta_filter"
                blocked.reason = try fields.optionalString(F.blockReason)
            }
            return .event(eventTime: eventTime, payload: .tradeBlocked(blocked))
        } catch {
            return .rejected(error.rejection, eventTime: time)
        }
    }

    private func detectVariant() -> BlockedTradeVariant {
        if fields.element(F.botID)?.stringEquals("beta") == true || fields.element(F.tier) != nil { return .beta }
        if fields.element(F.weightedScore) != nil || fields.element(F.scoreBreakdown) != nil { return .convictionGate }
        if fields.element(F.signalPrice) != nil || fields.element(F.status)?.stringEquals("blocked") == true {
            return .counterfactualTracker
        }
        return .hindsight
    }

    private func eventTime() throws(FieldProblem) -> Int64 {
        if let ts = try fields.optionalTimestamp(F.ts) { return ts.microseconds }
        if let iso = try fields.optionalTimestamp(F.tsIso) { return iso.microseconds }
        throw .missing("ts")
    }
}
