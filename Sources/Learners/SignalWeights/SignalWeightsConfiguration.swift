public import Projections

/// Configuration of the signal-weight learner (seed 001; reference §2.3). Every constant of the reference is
/// a field here, with the reference's value as default, so that a variant is one changed field.
public struct SignalWeightsConfiguration: FoldConfiguration {
    /// One component and its starting weight.
    public struct ComponentWeight: Sendable, Codable, Equatable, Hashable {
        public var name: String
        public var weight: Double
        public init(name: String, weight: Double) {
            self.name = name
            self.weight = weight
        }
    }

    /// The venue-migration clamp of the reference (step 5). Off by default: it only made sense while the
    /// bot moved exchange, and it silently shrinks every change to a tenth.
    public struct VenueClamp: Sendable, Codable, Equatable, Hashable {
        public var enabled: Bool
        /// When the migration started (UTC µs); 0 means "no start date known", i.e. the initial multiplier
        /// (the reference's behaviour when `venue_migration_state.json` has no start for the exchange).
        public var migrationStart: Int64
        /// Days over which the multiplier ramps linearly from `initialMultiplier` to 1.
        public var rampDays: Double
        public var initialMultiplier: Double
        /// Bound on the clamped relative change while the multiplier is below 1.
        public var maxClampedChange: Double
        public init(
            enabled: Bool = false,
            migrationStart: Int64 = 0,
            rampDays: Double = 14,
            initialMultiplier: Double = 0.1,
            maxClampedChange: Double = 0.10
        ) {
            self.enabled = enabled
            self.migrationStart = migrationStart
            self.rampDays = rampDays
            self.initialMultiplier = initialMultiplier
            self.maxClampedChange = maxClampedChange
        }
    }

    /// The components the learner weighs, with their default weights (reference §1.7.1). Outcomes of other
    /// signal names (e.g. `ensemble`) are counted in `total_outcomes` but get no weight, as in the reference.
    public var components: [ComponentWeight]
    /// Minimum outcomes of a component before its weight moves.
    public var minSamples: Int
    /// Largest relative change of a weight per learning cycle, before normalization.
    public var maxChangePct: Double
    /// Lowest weight a component can have; holds after normalization (the reference lost it there).
    public var weightFloor: Double
    /// EV → relative change: adj = clamp(evScale × best EV, ±maxChangePct).
    public var evScale: Double
    /// Whether the disagreement bonus of the reference (step 3) is applied.
    public var disagreementBonus: Bool
    /// Venue clamp (reference step 5), off by default.
    public var venueClamp: VenueClamp
    /// Learning cycles in event time (the reference controller runs every 12 h).
    public var schedule: LearningSchedule
    /// Most history entries kept in the export.
    public var historyLimit: Int

    public init(
        components: [ComponentWeight] = SignalWeightsConfiguration.referenceDefaults,
        minSamples: Int = 50,
        maxChangePct: Double = 0.20,
        weightFloor: Double = 0.05,
        evScale: Double = 10,
        disagreementBonus: Bool = true,
        venueClamp: VenueClamp = VenueClamp(),
        schedule: LearningSchedule = .every(hours: 12),
        historyLimit: Int = 100
    ) {
        self.components = components
        self.minSamples = minSamples
        self.maxChangePct = maxChangePct
        self.weightFloor = weightFloor
        self.evScale = evScale
        self.disagreementBonus = disagreementBonus
        self.venueClamp = venueClamp
        self.schedule = schedule
        self.historyLimit = historyLimit
    }

    public init() { self.init(components: Self.referenceDefaults) }

    /// The reference's default weights (`signal_weight_learner.py`, HEAD copy of `signal_weights_gate.json`).
    public static let referenceDefaults: [ComponentWeight] = [
        .init(name: "liquidation", weight: 0.22),
        .init(name: "funding", weight: 0.16),
        .init(name: "oi_velocity", weight: 0.05),
        .init(name: "whale_flow", weight: 0.20),
        .init(name: "ofi_momentum", weight: 0.06),
        .init(name: "fear_greed", weight: 0.06),
        .init(name: "hurst", weight: 0.08),
        .init(name: "lead_lag", weight: 0.08),
        .init(name: "volatility_skew", weight: 0.05),
        .init(name: "oi_divergence", weight: 0.04),
    ]

    /// Documented variant for `diff`: slower learning (±10 % per cycle).
    public static let slowChanges = SignalWeightsConfiguration(maxChangePct: 0.10)
    /// Documented variant for `diff`: more evidence before a weight moves.
    public static let moreSamples = SignalWeightsConfiguration(minSamples: 100)

    /// Checks the values that would make the learner meaningless.
    public func validate() throws(LearnersError) {
        guard !components.isEmpty else { throw LearnersError(.invalidConfiguration, "signal weights: no components") }
        let names = components.map(\.name)
        guard Set(names).count == names.count else {
            throw LearnersError(.invalidConfiguration, "signal weights: duplicate component names")
        }
        guard components.allSatisfy({ $0.weight > 0 && $0.weight.isFinite }) else {
            throw LearnersError(.invalidConfiguration, "signal weights: default weights must be positive")
        }
        guard minSamples >= 1 else {
            throw LearnersError(.invalidConfiguration, "signal weights: min_samples must be >= 1")
        }
        guard maxChangePct > 0, maxChangePct < 1 else {
            throw LearnersError(.invalidConfiguration, "signal weights: max_change_pct must be in (0, 1)")
        }
        guard weightFloor >= 0, weightFloor * Double(components.count) < 1 else {
            throw LearnersError(
                .invalidConfiguration,
                "signal weights: weight_floor × components must be below 1 (floor \(weightFloor))"
            )
        }
        guard schedule.intervalSeconds > 0 else {
            throw LearnersError(.invalidConfiguration, "signal weights: schedule.intervalSeconds must be > 0")
        }
        guard historyLimit >= 0 else {
            throw LearnersError(.invalidConfiguration, "signal weights: history_limit must be >= 0")
        }
    }
}

extension SignalWeightsConfiguration {
    /// Decodes with every key optional (missing keys take their defaults) and validates, so a `--set` override
    /// with an impossible value is refused with a one-line reason before any event is folded.
    public init(from decoder: any Decoder) throws {
        let d = Self()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            components: try c.decodeIfPresent([ComponentWeight].self, forKey: .components) ?? d.components,
            minSamples: try c.decodeIfPresent(Int.self, forKey: .minSamples) ?? d.minSamples,
            maxChangePct: try c.decodeIfPresent(Double.self, forKey: .maxChangePct) ?? d.maxChangePct,
            weightFloor: try c.decodeIfPresent(Double.self, forKey: .weightFloor) ?? d.weightFloor,
            evScale: try c.decodeIfPresent(Double.self, forKey: .evScale) ?? d.evScale,
            disagreementBonus: try c.decodeIfPresent(Bool.self, forKey: .disagreementBonus) ?? d.disagreementBonus,
            venueClamp: try c.decodeIfPresent(VenueClamp.self, forKey: .venueClamp) ?? d.venueClamp,
            schedule: try c.decodeIfPresent(LearningSchedule.self, forKey: .schedule) ?? d.schedule,
            historyLimit: try c.decodeIfPresent(Int.self, forKey: .historyLimit) ?? d.historyLimit
        )
        try validateForDecoding(decoder)
    }
}

extension FoldConfiguration {
    /// Runs `validate` as a decoding error (what `ConfigurationCoding` reports for a bad override).
    func validateForDecoding(_ decoder: any Decoder) throws {
        guard let validating = self as? any ValidatedConfiguration else { return }
        do {
            try validating.validate()
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }
}

/// A learner configuration that can check itself.
protocol ValidatedConfiguration {
    func validate() throws(LearnersError)
}

extension SignalWeightsConfiguration: ValidatedConfiguration {}
