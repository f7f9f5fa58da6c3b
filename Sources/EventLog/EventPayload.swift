/// The typed, normalized content of an event. Every case keeps the units documented on its fields;
/// the original record (with every field, known or not) stays in `Event.original`.
public enum EventPayload: Sendable, Equatable {
    case decisionLogged(DecisionLogged)
    case signalOutcomeResolved(SignalOutcomeResolved)
    case tradeBlocked(TradeBlocked)
    /// The two largest payloads are boxed (`indirect`): they are rare (positions), and inline they made
    /// every `EventPayload` 464 bytes instead of 240, copied on every decode and every `case let` binding.
    indirect case positionOpened(PositionOpened)
    case positionUpdated(PositionUpdated)
    indirect case positionClosed(PositionClosed)
    case positionRemoved(PositionRemoved)
    case recordRejected(RecordRejected)
    case sourceReset(SourceReset)
    /// A kind this build does not know (written by a newer hindsight): kept as raw bytes, never dropped.
    case unknown(kindRawValue: UInt8, bytes: [UInt8])

    public var kind: EventKind {
        switch self {
        case .decisionLogged: .decisionLogged
        case .signalOutcomeResolved: .signalOutcomeResolved
        case .tradeBlocked: .tradeBlocked
        case .positionOpened: .positionOpened
        case .positionUpdated: .positionUpdated
        case .positionClosed: .positionClosed
        case .positionRemoved: .positionRemoved
        case .recordRejected: .recordRejected
        case .sourceReset: .sourceReset
        case .unknown: .unknown
        }
    }
}

/// A normalized trade direction. The spelling the bot wrote is always kept beside it (`sideRaw`).
public enum Side: UInt8, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case long = 1
    case short = 2
    /// NEUTRAL or a spelling hindsight does not recognise.
    case neutral = 3

    public var description: String { self == .long ? "LONG" : self == .short ? "SHORT" : "NEUTRAL" }
    /// +1 for long, −1 for short, 0 for neutral: multiply a raw price return by this to get the side's return.
    public var sign: Double { self == .long ? 1 : self == .short ? -1 : 0 }
}

/// What the bot did with a considered signal (signals.jsonl `disposition`, either case).
public enum Disposition: UInt8, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case executed = 1
    case blocked = 2
    case warned = 3
    case skipped = 4
    case partial = 5
    case other = 6

    public var description: String {
        switch self {
        case .executed: "executed"
        case .blocked: "blocked"
        case .warned: "warned"
        case .skipped: "skipped"
        case .partial: "partial"
        case .other: "other"
        }
    }
}

/// Outcome horizons of `signal_outcomes.jsonl`, in the bot's order.
public enum Horizon: UInt8, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case m1 = 1
    case m5 = 2
    case m15 = 3
    case m30 = 4
    case h1 = 5

    public var label: String {
        switch self {
        case .m1: "1m"
        case .m5: "5m"
        case .m15: "15m"
        case .m30: "30m"
        case .h1: "1h"
        }
    }
    public var seconds: Int64 {
        switch self {
        case .m1: 60
        case .m5: 300
        case .m15: 900
        case .m30: 1800
        case .h1: 3600
        }
    }
    public var description: String { label }
    public init?(label: String) {
        guard let h = Horizon.allCases.first(where: { $0.label == label }) else { return nil }
        self = h
    }
    public static func < (a: Horizon, b: Horizon) -> Bool { a.rawValue < b.rawValue }
}

// MARK: - signals.jsonl

/// One row of `logs/signals.jsonl`: a signal the bot considered and what it did with it.
public struct DecisionLogged: Sendable, Equatable {
    public var symbol: String
    public var side: Side
    public var sideRaw: String
    public var disposition: Disposition
    public var dispositionRaw: String
    /// Price at decision, quote currency; null from the live writer.
    public var entryPrice: Double?
    public var blockReason: String?
    public var blockGate: String?
    /// `context.strategy` when present.
    public var strategy: String?
    public var venue: String?
    /// `intelligence.ofi`, `intelligence.ensemble`, `intelligence.mtf_confidence`, `intelligence.volatility` (unitless scores).
    public var ofi: Double?
    public var ensemble: Double?
    public var mtfConfidence: Double?
    public var volatility: Double?
    public var regime: String?
    /// `timeframe` when the bot writes one (15m / 1h / 4h).
    public var timeframe: String?

    public init(
        symbol: String,
        side: Side,
        sideRaw: String,
        disposition: Disposition,
        dispositionRaw: String,
        entryPrice: Double? = nil,
        blockReason: String? = nil,
        blockGate: String? = nil,
        strategy: String? = nil,
        venue: String? = nil,
        ofi: Double? = nil,
        ensemble: Double? = nil,
        mtfConfidence: Double? = nil,
        volatility: Double? = nil,
        regime: String? = nil,
        timeframe: String? = nil
    ) {
        self.symbol = symbol
        self.side = side
        self.sideRaw = sideRaw
        self.disposition = disposition
        self.dispositionRaw = dispositionRaw
        self.entryPrice = entryPrice
        self.blockReason = blockReason
        self.blockGate = blockGate
        self.strategy = strategy
        self.venue = venue
        self.ofi = ofi
        self.ensemble = ensemble
        self.mtfConfidence = mtfConfidence
        self.volatility = volatility
        self.regime = regime
        self.timeframe = timeframe
    }
}

// MARK: - signal_outcomes.jsonl

/// One horizon of a signal outcome. Any part may be missing in partial outcomes.
public struct HorizonOutcome: Sendable, Equatable {
    public var horizon: Horizon
    /// Price at the horizon (quote currency).
    public var price: Double?
    /// Raw price return (p_h − p0)/p0 as a **fraction**, not direction-adjusted (as the bot writes it).
    public var returnFraction: Double?
    /// Whether the return had the signal's sign.
    public var hit: Bool?

    public init(horizon: Horizon, price: Double? = nil, returnFraction: Double? = nil, hit: Bool? = nil) {
        self.horizon = horizon
        self.price = price
        self.returnFraction = returnFraction
        self.hit = hit
    }
}

/// One row of `logs/signal_outcomes.jsonl`.
///
/// Event time is the moment the outcome became known: the signal time plus its longest resolved horizon
/// (a replay must not let a learner see an outcome before the live bot could have). `signalTime` keeps `ts`.
public struct SignalOutcomeResolved: Sendable, Equatable {
    public var symbol: String
    public var signalName: String
    public var side: Side
    public var sideRaw: String
    /// Clamped to [0, 1] by the bot.
    public var confidence: Double
    public var priceAtSignal: Double
    /// UTC microseconds of the signal (`ts`).
    public var signalTime: Int64
    /// Resolved horizons in ascending order; missing horizons are absent, not zero.
    public var horizons: [HorizonOutcome]
    /// The bot's `ev_contribution` (fraction), when present.
    public var evContribution: Double?
    public var partial: Bool

    public init(
        symbol: String,
        signalName: String,
        side: Side,
        sideRaw: String,
        confidence: Double,
        priceAtSignal: Double,
        signalTime: Int64,
        horizons: [HorizonOutcome],
        evContribution: Double? = nil,
        partial: Bool = false
    ) {
        self.symbol = symbol
        self.signalName = signalName
        self.side = side
        self.sideRaw = sideRaw
        self.confidence = confidence
        self.priceAtSignal = priceAtSignal
        self.signalTime = signalTime
        self.horizons = horizons
        self.evContribution = evContribution
        self.partial = partial
    }

    public func outcome(at horizon: Horizon) -> HorizonOutcome? { horizons.first { $0.horizon == horizon } }
}

// MARK: - state/blocked_trades.jsonl

/// Which of the accepted blocked-trade shapes a record had (see docs/sources.md).
public enum BlockedTradeVariant: UInt8, Sendable, Codable, CaseIterable {
    /// hindsight's own schema for `state/blocked_trades.jsonl`.
    case hindsight = 1
    /// `counterfactual_tracker.log_blocked_signal` shape (`signal_price`, `block_gate`, `status:"blocked"`).
    case counterfactualTracker = 2
    /// conviction gate `blocked_signals.jsonl` shape (`weighted_score`, `signals`, `price_at_block`).
    case convictionGate = 3
    /// beta learning system shape (`tier`, `bot_id:"beta"`, float `ts`).
    case beta = 4
}

/// A trade the bot decided not to take, with the gate and reason that stopped it.
public struct TradeBlocked: Sendable, Equatable {
    public var variant: BlockedTradeVariant
    public var symbol: String
    public var side: Side
    public var sideRaw: String
    public var gate: String?
    public var reason: String?
    /// Price at the block (quote currency); nil when the record carries none (counterfactuals then use the price mark).
    public var price: Double?
    public var strategy: String?
    public var timeframe: String?
    /// Expected move in **percent** when the record carries one.
    public var expectedMovePct: Double?
    /// Conviction gate's weighted score, when present.
    public var score: Double?

    public init(
        variant: BlockedTradeVariant,
        symbol: String,
        side: Side,
        sideRaw: String,
        gate: String? = nil,
        reason: String? = nil,
        price: Double? = nil,
        strategy: String? = nil,
        timeframe: String? = nil,
        expectedMovePct: Double? = nil,
        score: Double? = nil
    ) {
        self.variant = variant
        self.symbol = symbol
        self.side = side
        self.sideRaw = sideRaw
        self.gate = gate
        self.reason = reason
        self.price = price
        self.strategy = strategy
        self.timeframe = timeframe
        self.expectedMovePct = expectedMovePct
        self.score = score
    }
}
