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
    /// The stored fields, kept once in a copy-on-write box: a copy of this value (into an array, a row, the
    /// context) costs one retain instead of one per string, and arrays of it move 8 bytes per element.
    /// `Fields` has exactly the old stored properties, so the Codable encoding (snapshots) is unchanged.
    struct Fields: Sendable, Codable, Equatable {
        var decisionSeq: UInt64
        var decisionTime: Int64
        var resolvedAt: Int64
        var source: BlockedDecisionSource
        var symbol: String
        var side: Side
        var disposition: String
        var gate: String?
        var reason: String?
        var strategy: String?
        var timeframe: String?
        var ofi: Double?
        var ensemble: Double?
        var regime: String?
        var entryPrice: Double?
        var entryPriceSource: String?
        var horizons: [CounterfactualHorizon]
        var bestNetReturn: Double?
        var bestHorizonSeconds: Int64?
        var classification: CounterfactualClassification
        var weight: Double
        var twinSeq: UInt64?
    }

    private var storage: CopyOnWrite<Fields>

    init(fields: Fields) { storage = CopyOnWrite(fields) }

    /// The fields (a copy), e.g. to build a changed value with one allocation.
    var fields: Fields { storage.value }

    public init(from decoder: any Decoder) throws { storage = try CopyOnWrite(from: decoder) }

    public func encode(to encoder: any Encoder) throws { try storage.encode(to: encoder) }

    public var decisionSeq: UInt64 {
        get { storage.value.decisionSeq }
        set { storage.write { $0.decisionSeq = newValue } }
    }

    /// Decision time (UTC µs).
    public var decisionTime: Int64 {
        get { storage.value.decisionTime }
        set { storage.write { $0.decisionTime = newValue } }
    }

    /// The watermark at which the outcome resolved (UTC µs).
    public var resolvedAt: Int64 {
        get { storage.value.resolvedAt }
        set { storage.write { $0.resolvedAt = newValue } }
    }

    public var source: BlockedDecisionSource {
        get { storage.value.source }
        set { storage.write { $0.source = newValue } }
    }

    public var symbol: String {
        get { storage.value.symbol }
        set { storage.write { $0.symbol = newValue } }
    }

    public var side: Side {
        get { storage.value.side }
        set { storage.write { $0.side = newValue } }
    }

    public var disposition: String {
        get { storage.value.disposition }
        set { storage.write { $0.disposition = newValue } }
    }

    public var gate: String? {
        get { storage.value.gate }
        set { storage.write { $0.gate = newValue } }
    }

    public var reason: String? {
        get { storage.value.reason }
        set { storage.write { $0.reason = newValue } }
    }

    public var strategy: String? {
        get { storage.value.strategy }
        set { storage.write { $0.strategy = newValue } }
    }

    public var timeframe: String? {
        get { storage.value.timeframe }
        set { storage.write { $0.timeframe = newValue } }
    }

    /// `intelligence` scores of signals rows (nil for blocked-trade records).
    public var ofi: Double? {
        get { storage.value.ofi }
        set { storage.write { $0.ofi = newValue } }
    }

    public var ensemble: Double? {
        get { storage.value.ensemble }
        set { storage.write { $0.ensemble = newValue } }
    }

    public var regime: String? {
        get { storage.value.regime }
        set { storage.write { $0.regime = newValue } }
    }

    public var entryPrice: Double? {
        get { storage.value.entryPrice }
        set { storage.write { $0.entryPrice = newValue } }
    }

    /// `record` when the decision carried its price, `mark` when the price mark at its time was used.
    public var entryPriceSource: String? {
        get { storage.value.entryPriceSource }
        set { storage.write { $0.entryPriceSource = newValue } }
    }

    public var horizons: [CounterfactualHorizon] {
        get { storage.value.horizons }
        set { storage.write { $0.horizons = newValue } }
    }

    /// The best net return over priced horizons and its horizon (seconds).
    public var bestNetReturn: Double? {
        get { storage.value.bestNetReturn }
        set { storage.write { $0.bestNetReturn = newValue } }
    }

    public var bestHorizonSeconds: Int64? {
        get { storage.value.bestHorizonSeconds }
        set { storage.write { $0.bestHorizonSeconds = newValue } }
    }

    public var classification: CounterfactualClassification {
        get { storage.value.classification }
        set { storage.write { $0.classification = newValue } }
    }

    /// The weight learners give this outcome relative to a real trade (0.5 by default: less certain).
    public var weight: Double {
        get { storage.value.weight }
        set { storage.write { $0.weight = newValue } }
    }

    /// The seq of the other record of this same blocked decision (a blocked-trade record for a `signals.jsonl`
    /// row, or the reverse), merged into this outcome instead of being counted twice; nil when the decision
    /// was logged once.
    public var twinSeq: UInt64? {
        get { storage.value.twinSeq }
        set { storage.write { $0.twinSeq = newValue } }
    }

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
        storage = CopyOnWrite(
            Fields(
                decisionSeq: decisionSeq,
                decisionTime: decisionTime,
                resolvedAt: resolvedAt,
                source: source,
                symbol: symbol,
                side: side,
                disposition: disposition,
                gate: gate,
                reason: reason,
                strategy: strategy,
                timeframe: timeframe,
                ofi: ofi,
                ensemble: ensemble,
                regime: regime,
                entryPrice: entryPrice,
                entryPriceSource: entryPriceSource,
                horizons: horizons,
                bestNetReturn: bestNetReturn,
                bestHorizonSeconds: bestHorizonSeconds,
                classification: classification,
                weight: weight,
                twinSeq: nil
            )
        )
    }
}

extension CounterfactualOutcome.Fields {
    /// These fields without the strings that resolution leaves unchanged (`restoreStrings` puts them back).
    var hollowed: Self {
        Self(
            decisionSeq: decisionSeq,
            decisionTime: decisionTime,
            resolvedAt: resolvedAt,
            source: source,
            symbol: "",
            side: side,
            disposition: "",
            ofi: ofi,
            ensemble: ensemble,
            entryPrice: entryPrice,
            entryPriceSource: entryPriceSource,
            horizons: horizons,
            bestNetReturn: bestNetReturn,
            bestHorizonSeconds: bestHorizonSeconds,
            classification: classification,
            weight: weight,
            twinSeq: twinSeq
        )
    }

    /// Puts back the strings `hollowed` removed, from the outcome these fields resolved to (resolution does
    /// not change them).
    mutating func restoreStrings(from resolved: CounterfactualOutcome) {
        symbol = resolved.symbol
        disposition = resolved.disposition
        gate = resolved.gate
        reason = resolved.reason
        strategy = resolved.strategy
        timeframe = resolved.timeframe
        regime = resolved.regime
    }
}
