public import Projections

/// Configuration of the killed-combos learner (seed 001; reference §2.6 step 6).
public struct KilledCombosConfiguration: FoldConfiguration {
    /// Closed trades of a combo inside the window needed before it can be killed (or revived).
    public var minTrades: Int
    /// A combo is killed when its win rate is below this (fraction; seed 001: 40 %, the code: 35 %) …
    public var maxWinRate: Double
    /// … and its net P&L in the window is below this (USD).
    public var maxTotalPnlUSD: Double
    /// Look-back window in event time, seconds (reference: 168 h).
    public var windowSeconds: Int64
    /// Learning cycles in event time (reference: every 12 h).
    public var schedule: LearningSchedule
    /// Whether a killed combo can be revived (the reference never prunes its killed set).
    public var revive: Bool
    /// Optional: revive a killed combo that has had no trade for this long (a killed combo that the bot honors
    /// gets no new trades, so it could never show a recovery). 0 = off.
    public var reviveAfterQuietSeconds: Int64
    /// Whether counterfactual outcomes of blocked entries of a killed combo count as revival evidence (at their
    /// weight, 0.5 by default): the only evidence a killed combo can produce while the bot honors the kill.
    public var counterfactualRevival: Bool
    /// The counterfactual horizon whose net return is read (seconds; 3600 = the reference's 60m check).
    public var counterfactualHorizonSeconds: Int64

    public init(
        minTrades: Int = 20,
        maxWinRate: Double = 0.40,
        maxTotalPnlUSD: Double = 0,
        windowSeconds: Int64 = 168 * 3600,
        schedule: LearningSchedule = .every(hours: 12),
        revive: Bool = true,
        reviveAfterQuietSeconds: Int64 = 0,
        counterfactualRevival: Bool = true,
        counterfactualHorizonSeconds: Int64 = 3600
    ) {
        self.minTrades = minTrades
        self.maxWinRate = maxWinRate
        self.maxTotalPnlUSD = maxTotalPnlUSD
        self.windowSeconds = windowSeconds
        self.schedule = schedule
        self.revive = revive
        self.reviveAfterQuietSeconds = reviveAfterQuietSeconds
        self.counterfactualRevival = counterfactualRevival
        self.counterfactualHorizonSeconds = counterfactualHorizonSeconds
    }

    public init() { self.init(minTrades: 20) }

    /// Documented variant for `diff`: the reference code's constants (35 % win rate, killed forever).
    public static let referenceCode = KilledCombosConfiguration(
        maxWinRate: 0.35,
        revive: false,
        counterfactualRevival: false
    )

    public func validate() throws(LearnersError) {
        guard minTrades >= 1 else {
            throw LearnersError(.invalidConfiguration, "killed combos: min_trades must be >= 1")
        }
        guard maxWinRate >= 0, maxWinRate <= 1 else {
            throw LearnersError(.invalidConfiguration, "killed combos: max_win_rate must be in [0, 1]")
        }
        guard windowSeconds > 0, schedule.intervalSeconds > 0 else {
            throw LearnersError(.invalidConfiguration, "killed combos: window and schedule interval must be > 0")
        }
        guard reviveAfterQuietSeconds >= 0, counterfactualHorizonSeconds > 0 else {
            throw LearnersError(.invalidConfiguration, "killed combos: quiet time >= 0 and horizon > 0 required")
        }
    }
}

extension KilledCombosConfiguration: ValidatedConfiguration {
    /// Decodes with every key optional (defaults fill the gaps) and validates (see `SignalWeightsConfiguration`).
    public init(from decoder: any Decoder) throws {
        let d = Self()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            minTrades: try c.decodeIfPresent(Int.self, forKey: .minTrades) ?? d.minTrades,
            maxWinRate: try c.decodeIfPresent(Double.self, forKey: .maxWinRate) ?? d.maxWinRate,
            maxTotalPnlUSD: try c.decodeIfPresent(Double.self, forKey: .maxTotalPnlUSD) ?? d.maxTotalPnlUSD,
            windowSeconds: try c.decodeIfPresent(Int64.self, forKey: .windowSeconds) ?? d.windowSeconds,
            schedule: try c.decodeIfPresent(LearningSchedule.self, forKey: .schedule) ?? d.schedule,
            revive: try c.decodeIfPresent(Bool.self, forKey: .revive) ?? d.revive,
            reviveAfterQuietSeconds: try c.decodeIfPresent(Int64.self, forKey: .reviveAfterQuietSeconds)
                ?? d.reviveAfterQuietSeconds,
            counterfactualRevival: try c.decodeIfPresent(Bool.self, forKey: .counterfactualRevival)
                ?? d.counterfactualRevival,
            counterfactualHorizonSeconds: try c.decodeIfPresent(Int64.self, forKey: .counterfactualHorizonSeconds)
                ?? d.counterfactualHorizonSeconds
        )
        try validateForDecoding(decoder)
    }
}
