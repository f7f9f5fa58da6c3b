/// The facts the simulator plants in the market. Every effect is a price drift injected into the symbol's path
/// (a ramp over the effect's horizon, then a reversion), so records computed from prices carry it exactly as a
/// real bot's records would. `truth.json` states these and what was realized in the written files.
struct PlantedModel: Sendable {
    struct Symbol: Sendable {
        var name: String
        var initialPrice: Double
        /// Decimal digits of the exchange's price tick.
        var priceDigits: Int
        /// Annualized volatility of the base path in the normal regime.
        var annualVolatility: Double
    }

    /// A signal component of the conviction gate (`signal_name` in signal_outcomes.jsonl).
    struct Component: Sendable {
        var name: String
        /// Probability that the component fires (non-zero confidence, LONG/SHORT) in one evaluation.
        var fireProbability: Double
        /// Drift (price fraction) in the signal's direction reached at `horizonSeconds`, for confidence 0.5; it
        /// scales with (0.5 + confidence). Negative = inverted edge, 0 = no edge.
        var drift: Double
        var horizon: String
        var horizonSeconds: Int64
    }

    /// Planted counterfactual behaviour of one blocking gate.
    enum CounterfactualKind: String, Sendable { case winner, loser, neutral }

    /// A gate that blocks trades (the `block_gate` of state/blocked_trades.jsonl).
    struct Gate: Sendable {
        var name: String
        var weight: Double
        var kind: CounterfactualKind
        /// Drift (price fraction, in the blocked trade's direction) over the 60 minutes after the block.
        var drift: Double
        /// Which record shape the gate's rows use in state/blocked_trades.jsonl.
        var variant: BlockedRecordVariant
    }

    /// One state of a sizing gate (`gate_attribution` on positions).
    struct AttributionState: Sendable {
        /// The state name the sizing learners use (`strong_conflict`, `2_losses`, `mismatch`, …).
        var state: String
        var weight: Double
        var multiplier: Double
        /// Drift (price fraction, in the position's direction) over the holding period.
        var drift: Double
    }

    struct Timeframe: Sendable {
        var label: String
        var weight: Double
        var minHoldSeconds: Double
        var maxHoldSeconds: Double
        /// Drift (price fraction, in the position's direction) over the holding period.
        var drift: Double
    }

    var symbols: [Symbol]
    var components: [Component]
    var gates: [Gate]
    /// Families in the order intel, streak, regime, fee, roi.
    var attribution: [(family: String, states: [AttributionState])]
    var timeframes: [Timeframe]
    var strategies: [(name: String, weight: Double)]
    /// Symbol index and direction of the planted losing combo; its positions get `killedComboDrift`.
    var killedComboSymbol: Int
    var killedComboDirection = "SHORT"
    var killedComboDrift = -0.02
    /// How often the killed combo's symbol is picked relative to others, and P(SHORT) when it is.
    var killedComboSymbolWeight = 1.6
    var killedComboShortProbability = 0.7

    static let referenceSymbols: [Symbol] = [
        Symbol(name: "BTCUSDT", initialPrice: 91_234.5, priceDigits: 1, annualVolatility: 0.5),
        Symbol(name: "ETHUSDT", initialPrice: 3_012.45, priceDigits: 2, annualVolatility: 0.65),
        Symbol(name: "SOLUSDT", initialPrice: 131.2, priceDigits: 2, annualVolatility: 0.8),
        Symbol(name: "XRPUSDT", initialPrice: 2.0141, priceDigits: 4, annualVolatility: 0.75),
        Symbol(name: "DOGEUSDT", initialPrice: 0.14213, priceDigits: 5, annualVolatility: 0.9),
        Symbol(name: "ADAUSDT", initialPrice: 0.4123, priceDigits: 4, annualVolatility: 0.85),
        Symbol(name: "AVAXUSDT", initialPrice: 12.343, priceDigits: 3, annualVolatility: 0.9),
        Symbol(name: "DOTUSDT", initialPrice: 2.105, priceDigits: 3, annualVolatility: 0.85),
        Symbol(name: "BNBUSDT", initialPrice: 880.12, priceDigits: 2, annualVolatility: 0.55),
    ]

    static func standard(symbolCount: Int) -> PlantedModel {
        var symbols = Array(referenceSymbols.prefix(max(1, symbolCount)))
        var n = symbols.count
        while symbols.count < symbolCount {
            n += 1
            symbols.append(
                Symbol(name: "SYM\(n)USDT", initialPrice: 10.0 + Double(n), priceDigits: 3, annualVolatility: 0.8)
            )
        }
        func c(_ name: String, _ p: Double, _ drift: Double, _ h: String) -> Component {
            let seconds: Int64 = ["1m": 60, "5m": 300, "15m": 900, "30m": 1800, "1h": 3600][h] ?? 300
            return Component(name: name, fireProbability: p, drift: drift, horizon: h, horizonSeconds: seconds)
        }
        let components = [
            c("liquidation", 0.35, 0.0030, "1h"),
            c("funding", 0.35, 0.0016, "15m"),
            c("oi_velocity", 0.30, 0, "5m"),
            c("whale_flow", 0.30, 0.0024, "30m"),
            c("ofi_momentum", 0.35, 0.0005, "1m"),
            c("fear_greed", 0.30, 0, "1h"),
            c("hurst", 0.40, -0.0028, "1h"),
            c("lead_lag", 0.35, 0.0010, "5m"),
            c("volatility_skew", 0.40, 0.0014, "15m"),
            c("oi_divergence", 0.30, -0.0018, "30m"),
            c("ensemble", 0.40, 0.0011, "5m"),
        ]
        let gates = [
            Gate(name: "profit_gate", weight: 0.20, kind: .loser, drift: -0.006, variant: .counterfactualTracker),
            Gate(name: "intel_gate", weight: 0.18, kind: .winner, drift: 0.006, variant: .counterfactualTracker),
            Gate(name: "phase93_gate", weight: 0.14, kind: .neutral, drift: 0, variant: .counterfactualTracker),
            Gate(name: "learned_rules", weight: 0.14, kind: .loser, drift: -0.005, variant: .counterfactualTracker),
            Gate(name: "venue_router", weight: 0.08, kind: .neutral, drift: 0, variant: .counterfactualTracker),
            Gate(name: "conviction_gate", weight: 0.14, kind: .loser, drift: -0.004, variant: .convictionGate),
            Gate(name: "beta_filter", weight: 0.12, kind: .winner, drift: 0.005, variant: .beta),
            // The time filter blocks only in hours 0–3 UTC; its rows name the hour (`hour_2_utc`).
            Gate(name: "time_filter", weight: 0, kind: .winner, drift: 0.006, variant: .counterfactualTracker),
        ]
        func s(_ state: String, _ w: Double, _ m: Double, _ d: Double) -> AttributionState {
            AttributionState(state: state, weight: w, multiplier: m, drift: d)
        }
        let attribution: [(family: String, states: [AttributionState])] = [
            (
                "intel",
                [
                    s("aligned", 0.22, 1.0, 0.002), s("aligned_boost", 0.08, 1.3, 0.004),
                    s("neutral", 0.2, 0.85, 0), s("weak_conflict", 0.16, 0.8, -0.001),
                    s("moderate_conflict", 0.16, 0.6, -0.004), s("strong_conflict", 0.18, 0.4, -0.009),
                ]
            ),
            (
                "streak",
                [
                    s("3_plus_wins", 0.08, 1.5, 0), s("2_wins", 0.1, 1.3, 0), s("1_win", 0.14, 1.1, 0),
                    s("neutral", 0.36, 1.0, 0), s("1_loss", 0.14, 0.85, 0), s("2_losses", 0.1, 0.7, 0),
                    s("3_plus_losses", 0.08, 0.5, 0),
                ]
            ),
            ("regime", [s("match", 0.6, 1.0, 0.001), s("mismatch", 0.4, 0.6, -0.004)]),
            (
                "fee",
                [
                    s("good_edge", 0.6, 1.0, 0), s("insufficient_buffer", 0.25, 0.65, -0.002),
                    s("negative_ev", 0.15, 0.3, -0.005),
                ]
            ),
            ("roi", [s("above_threshold", 0.7, 1.0, 0), s("below_threshold", 0.3, 0.6, -0.003)]),
        ]
        let timeframes = [
            Timeframe(label: "15m", weight: 0.3, minHoldSeconds: 600, maxHoldSeconds: 2_700, drift: -0.004),
            Timeframe(label: "1h", weight: 0.4, minHoldSeconds: 2_400, maxHoldSeconds: 10_800, drift: 0.010),
            Timeframe(label: "4h", weight: 0.3, minHoldSeconds: 10_800, maxHoldSeconds: 36_000, drift: 0.004),
        ]
        let strategies = [
            ("Sentiment-Fusion", 0.3), ("Trend-Conservative", 0.25), ("Alpha-OFI", 0.15),
            ("Reentry-Module", 0.15), ("Breakout-Aggressive", 0.15),
        ]
        return PlantedModel(
            symbols: symbols,
            components: components,
            gates: gates,
            attribution: attribution,
            timeframes: timeframes,
            strategies: strategies.map { (name: $0.0, weight: $0.1) },
            killedComboSymbol: min(4, symbols.count - 1)
        )
    }
}

/// The record shapes the simulator writes into state/blocked_trades.jsonl (see docs/simulator.md).
enum BlockedRecordVariant: String, Sendable {
    /// `counterfactual_tracker.log_blocked_signal`: `ts` float, `ts_iso` +00:00, `signal_price`, `block_gate`…
    case counterfactualTracker = "counterfactual_tracker"
    /// conviction gate `blocked_signals.jsonl`: naive `ts`, `weighted_score`, `signals`, `price_at_block: null`.
    case convictionGate = "conviction_gate"
    /// beta learning system: `tier`, float `ts`, `ts_iso` Z, `block_gate: "beta_filter"`, `bot_id: "beta"`, no price.
    case beta = "beta"
}
