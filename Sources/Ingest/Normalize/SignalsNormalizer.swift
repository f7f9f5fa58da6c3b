import EventLog
import HindsightJSON

/// `logs/signals.jsonl` → `DecisionLogged` (trading-bot-formats.md §1.1; both the live lowercase-disposition
/// writer and the `unified_stack` uppercase shape).
///
/// Required: `symbol`, `side`, `disposition` (strings) and a time: `ts` (epoch) or, when `ts` is absent or null,
/// `ts_iso`. Optional (null = absent): `entry_price`, `block_reason`, `block_gate`, `timeframe`,
/// `context.strategy`, `context.venue`, `intelligence.{ofi, ensemble, mtf_confidence, volatility, regime}`.
/// Event time: `ts`.
///
/// One extraction (`extract`, strings borrowed from the parsed document) feeds both outputs: the value
/// (`normalize`) and the encoded payload (`encode`, ingest's hot path), so they cannot disagree.
struct SignalsNormalizer {
    private enum F {
        static let keys = KeyTable([
            "ts", "ts_iso", "symbol", "side", "disposition", "entry_price", "block_reason", "block_gate",
            "context", "intelligence", "timeframe",
        ])
        static let ts = 0, tsIso = 1, symbol = 2, side = 3, disposition = 4, entryPrice = 5, blockReason = 6
        static let blockGate = 7, context = 8, intelligence = 9, timeframe = 10
    }

    private enum Context {
        static let keys = KeyTable(["strategy", "venue"])
        static let strategy = 0, venue = 1
    }

    private enum Intel {
        static let keys = KeyTable(["ofi", "ensemble", "mtf_confidence", "volatility", "regime"])
        static let ofi = 0, ensemble = 1, mtfConfidence = 2, volatility = 3, regime = 4
    }

    private var fields = RecordFields()
    private var nested = RecordFields()

    mutating func normalize(_ root: JSONElement) -> LineVerdict {
        switch extract(root) {
        case .view(let time, let view): .event(eventTime: time, payload: .decisionLogged(view.decoded()))
        case .rejected(let rejection, let time): .rejected(rejection, eventTime: time)
        }
    }

    mutating func encode(_ root: JSONElement, into writer: inout PayloadWriter) -> EncodedLineVerdict {
        switch extract(root) {
        case .view(let time, let view):
            writer.write(view)
            return .event(eventTime: time, kind: .decisionLogged)
        case .rejected(let rejection, let time):
            return .rejected(rejection, eventTime: time)
        }
    }

    /// The record's fields, strings borrowed from the document `root` belongs to.
    mutating func extract(_ root: JSONElement) -> Extraction<DecisionLoggedView> {
        fields.collect(root, keys: F.keys)
        // Computed once: the rejection path reuses it (nil when the time itself is the problem).
        let time: Result<Int64, FieldProblem> = Result { () throws(FieldProblem) in try eventTime() }
        do throws(FieldProblem) {
            let eventTime = try time.get()
            let sideRaw = try fields.requiredStringBytes(F.side)
            let dispositionRaw = try fields.requiredStringBytes(F.disposition)
            var decision = DecisionLoggedView(
                symbol: try fields.requiredStringBytes(F.symbol),
                side: Side(normalizing: sideRaw),
                sideRaw: sideRaw,
                disposition: Disposition(normalizing: dispositionRaw),
                dispositionRaw: dispositionRaw
            )
            decision.entryPrice = try fields.optionalDouble(F.entryPrice)
            decision.blockReason = try fields.optionalStringBytes(F.blockReason)
            decision.blockGate = try fields.optionalStringBytes(F.blockGate)
            decision.timeframe = try fields.optionalStringBytes(F.timeframe)
            if let context = try fields.optionalObject(F.context) {
                nested.collect(context, keys: Context.keys, path: "context")
                decision.strategy = try nested.optionalStringBytes(Context.strategy)
                decision.venue = try nested.optionalStringBytes(Context.venue)
            }
            if let intelligence = try fields.optionalObject(F.intelligence) {
                nested.collect(intelligence, keys: Intel.keys, path: "intelligence")
                decision.ofi = try nested.optionalDouble(Intel.ofi)
                decision.ensemble = try nested.optionalDouble(Intel.ensemble)
                decision.mtfConfidence = try nested.optionalDouble(Intel.mtfConfidence)
                decision.volatility = try nested.optionalDouble(Intel.volatility)
                decision.regime = try nested.optionalStringBytes(Intel.regime)
            }
            return .view(eventTime: eventTime, decision)
        } catch {
            return .rejected(error.rejection, eventTime: try? time.get())
        }
    }

    private func eventTime() throws(FieldProblem) -> Int64 {
        if let ts = try fields.optionalTimestamp(F.ts) { return ts.microseconds }
        if let iso = try fields.optionalTimestamp(F.tsIso) { return iso.microseconds }
        throw .missing("ts")
    }
}

/// What a normalizer extracted from one record: a payload view with its event time, or why it is rejected.
enum Extraction<View> {
    case view(eventTime: Int64, View)
    case rejected(RecordRejected, eventTime: Int64?)
}
