public import EventLog

/// How a resolved counterfactual is read.
public enum CounterfactualClassification: String, Sendable, Codable, CaseIterable {
    /// The best horizon's net P&L beat the win threshold: the block cost money.
    case missedOpportunity = "missed_opportunity"
    /// Every priced horizon lost money net of costs: the block saved money.
    case avoidedLoss = "avoided_loss"
    /// Neither (small gains below the threshold, or mixed results).
    case neutral = "neutral"
    /// No entry price, or no exit price at any horizon: nothing can be said.
    case unpriced = "unpriced"
    /// The decision had no direction (NEUTRAL): a P&L has no sign.
    case noDirection = "no_direction"

    /// Position in `allCases` (index into per-classification counters).
    var index: Int {
        switch self {
        case .missedOpportunity: 0
        case .avoidedLoss: 1
        case .neutral: 2
        case .unpriced: 3
        case .noDirection: 4
        }
    }
}

/// The theoretical result of one blocked decision at one horizon.
public struct CounterfactualHorizon: Sendable, Codable, Equatable {
    public var seconds: Int64
    /// Exit price: the first price mark at or after decision time + horizon, within the maximum staleness.
    public var exitPrice: Double?
    /// Side-adjusted price return without costs (fraction).
    public var grossReturn: Double?
    /// Side-adjusted return after slippage on both legs and taker fees on both legs (fraction).
    public var netReturn: Double?

    public init(seconds: Int64, exitPrice: Double? = nil, grossReturn: Double? = nil, netReturn: Double? = nil) {
        self.seconds = seconds
        self.exitPrice = exitPrice
        self.grossReturn = grossReturn
        self.netReturn = netReturn
    }

    /// `5m`, `15m`, `60m` (the reference's keys), then `2h`, `4h`, `8h`…
    public var label: String { CounterfactualHorizon.label(seconds) }

    public static func label(_ seconds: Int64) -> String {
        if seconds <= 3600, seconds % 60 == 0 { return "\(seconds / 60)m" }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        return "\(seconds)s"
    }
}

/// Where a blocked decision came from.
public enum BlockedDecisionSource: String, Sendable, Codable {
    /// A `TradeBlocked` event (`state/blocked_trades.jsonl`).
    case tradeBlocked = "trade_blocked"
    /// A `DecisionLogged` event (`logs/signals.jsonl`) with a blocking disposition.
    case signals = "signals"
}

/// A blocked decision's theoretical outcome over every configured horizon: what learners consume (at
/// `weight`) and what `logs/counterfactual_outcomes.jsonl` lists.
public struct CounterfactualOutcome: Sendable, Codable, Equatable {
    public var decisionSeq: UInt64
    /// Decision time (UTC µs).
    public var decisionTime: Int64
    /// The watermark at which the outcome resolved (UTC µs).
    public var resolvedAt: Int64
    public var source: BlockedDecisionSource
    public var symbol: String
    public var side: Side
    public var disposition: String
    public var gate: String?
    public var reason: String?
    public var strategy: String?
    public var timeframe: String?
    /// `intelligence` scores of signals rows (nil for blocked-trade records).
    public var ofi: Double?
    public var ensemble: Double?
    public var regime: String?
    public var entryPrice: Double?
    /// `record` when the decision carried its price, `mark` when the price mark at its time was used.
    public var entryPriceSource: String?
    public var horizons: [CounterfactualHorizon]
    /// The best net return over priced horizons and its horizon (seconds).
    public var bestNetReturn: Double?
    public var bestHorizonSeconds: Int64?
    public var classification: CounterfactualClassification
    /// The weight learners give this outcome relative to a real trade (0.5 by default: less certain).
    public var weight: Double
    /// The seq of the other record of this same blocked decision (a blocked-trade record for a `signals.jsonl`
    /// row, or the reverse), merged into this outcome instead of being counted twice; nil when the decision
    /// was logged once.
    public var twinSeq: UInt64?

    /// The gate a summary groups this outcome under: the gate, else the reason without its parenthesized
    /// details (`Phase 9.3 exposure cap reached (0.34)` → `Phase 9.3 exposure cap reached`, so that one gate's
    /// reasons with different numbers form one group), else `unknown`.
    public var gateKey: String {
        if let gate, !gate.isEmpty { return gate }
        guard let reason else { return "unknown" }
        var key = ""
        var depth = 0
        for c in reason {
            if c == "(" {
                depth += 1
            } else if c == ")" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                key.append(c)
            }
        }
        while key.last == " " { key.removeLast() }
        return key.isEmpty ? "unknown" : key
    }

    public init(
        decisionSeq: UInt64,
        decisionTime: Int64,
        resolvedAt: Int64,
        source: BlockedDecisionSource,
        symbol: String,
        side: Side,
        disposition: String = "blocked",
        gate: String? = nil,
        reason: String? = nil,
        strategy: String? = nil,
        timeframe: String? = nil,
        ofi: Double? = nil,
        ensemble: Double? = nil,
        regime: String? = nil,
        entryPrice: Double? = nil,
        entryPriceSource: String? = nil,
        horizons: [CounterfactualHorizon] = [],
        bestNetReturn: Double? = nil,
        bestHorizonSeconds: Int64? = nil,
        classification: CounterfactualClassification = .unpriced,
        weight: Double = 0.5
    ) {
        self.decisionSeq = decisionSeq
        self.decisionTime = decisionTime
        self.resolvedAt = resolvedAt
        self.source = source
        self.symbol = symbol
        self.side = side
        self.disposition = disposition
        self.gate = gate
        self.reason = reason
        self.strategy = strategy
        self.timeframe = timeframe
        self.ofi = ofi
        self.ensemble = ensemble
        self.regime = regime
        self.entryPrice = entryPrice
        self.entryPriceSource = entryPriceSource
        self.horizons = horizons
        self.bestNetReturn = bestNetReturn
        self.bestHorizonSeconds = bestHorizonSeconds
        self.classification = classification
        self.weight = weight
    }
}
