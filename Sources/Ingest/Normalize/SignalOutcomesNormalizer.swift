import EventLog
import HindsightJSON

/// `logs/signal_outcomes.jsonl` → `SignalOutcomeResolved` (trading-bot-formats.md §1.2).
///
/// Required: `ts` (ISO with or without `Z`, or epoch), `symbol`, `signal_name`, `direction` (strings),
/// `confidence`, `price_at_signal` (numbers). Optional: `prices`, `returns`, `hits` (objects keyed by horizon label
/// `1m`/`5m`/`15m`/`30m`/`1h`; any subset, partial outcomes allowed; other labels are ignored, they stay in the
/// original bytes), `ev_contribution` (number), `partial` (bool, default false).
/// `returns` are **fractions** ((p_h − p0)/p0, not direction-adjusted), `prices` are quote currency.
/// Event time: `ts` + the longest horizon present (when the outcome became known); `ts` alone when none.
/// One extraction feeds both the value (`normalize`) and the encoded payload (`encode`), as in `SignalsNormalizer`.
struct SignalOutcomesNormalizer {
    private enum F {
        static let keys = KeyTable([
            "ts", "symbol", "signal_name", "direction", "confidence", "price_at_signal", "prices", "returns", "hits",
            "ev_contribution", "partial",
        ])
        static let ts = 0, symbol = 1, signalName = 2, direction = 3, confidence = 4, priceAtSignal = 5
        static let prices = 6, returns = 7, hits = 8, evContribution = 9, partial = 10
    }

    private static let horizonKeys = KeyTable(Horizon.allCases.map(\.label))
    private static let template = Horizon.allCases.map { HorizonOutcome(horizon: $0) }

    private var fields = RecordFields()
    private var nested = RecordFields()
    /// Reused for every record's horizons (no array allocated per record on the encoding path).
    private var horizons: [HorizonOutcome] = []

    mutating func normalize(_ root: JSONElement) -> LineVerdict {
        switch extract(root) {
        case .view(let time, let view): .event(eventTime: time, payload: .signalOutcomeResolved(view.decoded()))
        case .rejected(let rejection, let time): .rejected(rejection, eventTime: time)
        }
    }

    mutating func encode(_ root: JSONElement, into writer: inout PayloadWriter) -> EncodedLineVerdict {
        switch extract(root) {
        case .view(let time, let view):
            writer.write(view)
            return .event(eventTime: time, kind: .signalOutcomeResolved)
        case .rejected(let rejection, let time):
            return .rejected(rejection, eventTime: time)
        }
    }

    /// The record's fields, strings borrowed from the document `root` belongs to; the view's horizons are this
    /// normalizer's scratch array (drop the view before the next call, or the array is copied).
    mutating func extract(_ root: JSONElement) -> Extraction<SignalOutcomeView> {
        fields.collect(root, keys: F.keys)
        let signalTime = try? fields.optionalTimestamp(F.ts)
        do throws(FieldProblem) {
            let ts = try fields.requiredTimestamp(F.ts)
            let directionRaw = try fields.requiredStringBytes(F.direction)
            horizons.removeAll(keepingCapacity: true)
            horizons.append(contentsOf: Self.template)
            var present: UInt8 = 0  // bit i: horizon i appears in prices, returns or hits
            if let prices = try fields.optionalObject(F.prices) {
                nested.collect(prices, keys: Self.horizonKeys, path: "prices")
                for i in 0..<Self.template.count where nested.element(i) != nil {
                    present |= 1 << i
                    horizons[i].price = try nested.optionalDouble(i)
                }
            }
            if let returns = try fields.optionalObject(F.returns) {
                nested.collect(returns, keys: Self.horizonKeys, path: "returns")
                for i in 0..<Self.template.count where nested.element(i) != nil {
                    present |= 1 << i
                    horizons[i].returnFraction = try nested.optionalDouble(i)
                }
            }
            if let hits = try fields.optionalObject(F.hits) {
                nested.collect(hits, keys: Self.horizonKeys, path: "hits")
                for i in 0..<Self.template.count where nested.element(i) != nil {
                    present |= 1 << i
                    horizons[i].hit = try nested.optionalBool(i)
                }
            }
            if present != 0b11111 {
                // Keep only the horizons that appear, in order (in place: no new array).
                var kept = 0
                for i in 0..<Self.template.count where present & (1 << i) != 0 {
                    horizons[kept] = horizons[i]
                    kept += 1
                }
                horizons.removeLast(horizons.count - kept)
            }
            let outcome = SignalOutcomeView(
                symbol: try fields.requiredStringBytes(F.symbol),
                signalName: try fields.requiredStringBytes(F.signalName),
                side: Side(normalizing: directionRaw),
                sideRaw: directionRaw,
                confidence: try fields.requiredDouble(F.confidence),
                priceAtSignal: try fields.requiredDouble(F.priceAtSignal),
                signalTime: ts.microseconds,
                horizons: horizons,
                evContribution: try fields.optionalDouble(F.evContribution),
                partial: try fields.optionalBool(F.partial) ?? false
            )
            let known = ts.microseconds + (horizons.last?.horizon.seconds ?? 0) * 1_000_000
            return .view(eventTime: known, outcome)
        } catch {
            return .rejected(error.rejection, eventTime: signalTime?.microseconds)
        }
    }
}
