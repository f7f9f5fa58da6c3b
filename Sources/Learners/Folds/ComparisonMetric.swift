/// One number the `diff` command can put side by side for two versions of a learner replayed over the same log.
public struct ComparisonMetric: Sendable, Equatable, Hashable, Codable {
    /// Stable snake_case name (`allocated_return`, `blocked_pnl_usd`, …).
    public var name: String
    public var value: Double
    /// Whether a larger value means the version did better on realized history (nil: informational only).
    public var higherIsBetter: Bool?
    /// One line saying what the number is.
    public var meaning: String

    public init(name: String, value: Double, higherIsBetter: Bool?, meaning: String) {
        self.name = name
        self.value = value
        self.higherIsBetter = higherIsBetter
        self.meaning = meaning
    }
}

/// A learner that keeps, while it folds, the metrics that evaluate it on realized history.
public protocol ComparableLearner {
    /// The metrics in a fixed order (the first is the headline).
    var comparisonMetrics: [ComparisonMetric] { get }
}

extension SignalWeightsComparison {
    var metrics: [ComparisonMetric] {
        [
            .init(
                name: "weighted_mean_return",
                value: weightedMeanReturn,
                higherIsBetter: true,
                meaning: "outcomes' directional return weighted by the component weight at signal time"
            ),
            .init(
                name: "mean_return",
                value: meanReturn,
                higherIsBetter: nil,
                meaning: "unweighted mean directional return of the same outcomes (baseline)"
            ),
            .init(name: "outcomes", value: Double(outcomes), higherIsBetter: nil, meaning: "outcomes compared"),
        ]
    }
}

extension AllocationComparison {
    var metrics: [ComparisonMetric] {
        [
            .init(
                name: "allocated_return",
                value: allocatedReturn,
                higherIsBetter: true,
                meaning: "Σ bucket allocation before the trade × the trade's net return on margin"
            ),
            .init(
                name: "allocated_pnl_usd",
                value: allocatedPnlUSD,
                higherIsBetter: true,
                meaning: "Σ bucket allocation before the trade × the trade's net P&L (USD)"
            ),
            .init(name: "pnl_usd", value: pnlUSD, higherIsBetter: nil, meaning: "Σ net P&L of the same trades"),
            .init(name: "trades", value: Double(trades), higherIsBetter: nil, meaning: "closed trades compared"),
        ]
    }
}

extension KilledCombosComparison {
    var metrics: [ComparisonMetric] {
        [
            .init(
                name: "kept_pnl_usd",
                value: keptPnlUSD,
                higherIsBetter: true,
                meaning: "net P&L of the trades this version would have let through"
            ),
            .init(
                name: "blocked_pnl_usd",
                value: blockedPnlUSD,
                higherIsBetter: false,
                meaning: "net P&L of trades opened while their combo was killed (negative = losses avoided)"
            ),
            .init(
                name: "blocked_trades",
                value: Double(blockedTrades),
                higherIsBetter: nil,
                meaning: "trades opened while their combo was killed"
            ),
            .init(name: "trades", value: Double(trades), higherIsBetter: nil, meaning: "closed trades compared"),
        ]
    }
}
