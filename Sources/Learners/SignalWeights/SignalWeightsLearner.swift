public import EventLog
import Projections

/// Weights as they stood from `time` on (UTC µs of the learning cycle that set them).
public struct WeightsSnapshot: Sendable, Codable, Equatable, Hashable {
    public var time: Int64
    /// Aligned with `SignalWeightsConfiguration.components`.
    public var weights: [Double]
    public init(time: Int64, weights: [Double]) {
        self.time = time
        self.weights = weights
    }
}

/// What one learning cycle decided for one component (the export's `reasoning`, `best_horizons`).
public struct ComponentDecision: Sendable, Codable, Equatable, Hashable {
    public var outcomes: Int
    /// nil when no horizon has data yet.
    public var bestHorizon: Horizon?
    public var bestEV: Double
    /// Relative change applied before normalization; nil when the weight was kept (too few samples).
    public var change: Double?
    public var reasoning: String
}

/// The signal-weight learner (seed 001; reference §2.3) as a pure value: `observe` folds one signal outcome
/// (cheap, no allocation once the component is known), `learn(at:)` runs one learning cycle.
///
/// Fixes against the reference (issue 5): a missing horizon is not a loss (see `HorizonEV`); the 0.05 floor
/// holds after normalization (`SignalWeightMath.normalize`); the venue clamp is an option, off by default.
/// EVs are over every outcome seen so far (no window), as in the reference.
public struct SignalWeightsLearner: Sendable, Codable, Equatable {
    public let configuration: SignalWeightsConfiguration
    /// Current weights, aligned with `configuration.components`.
    public private(set) var weights: [Double]
    /// Event time of the last cycle that ran (nil before the first).
    public private(set) var updatedAt: Int64?
    public private(set) var stats: [ComponentOutcomeStats]
    /// Every outcome folded, of any signal name (the export's `total_outcomes`).
    public private(set) var totalOutcomes: Int = 0
    /// The export's `history`: previous weights with the time they were set, newest last, ≤ `historyLimit`.
    public private(set) var history: [WeightsSnapshot] = []
    /// Every weight vector ever in force, oldest first; the first has time `Int64.min` (the defaults).
    /// Used by `weights(asOf:)`; one entry per cycle (730 a year), so it is kept whole.
    public private(set) var timeline: [WeightsSnapshot]
    /// The last cycle's decision per component (aligned with components); empty before the first cycle.
    public private(set) var decisions: [ComponentDecision] = []
    private var disagreements = DisagreementBook()
    /// Component name → index in `configuration.components` (not encoded: rebuilt from the configuration).
    private var index: StringIndex

    public init(configuration: SignalWeightsConfiguration = .init()) throws(LearnersError) {
        try configuration.validate()
        self.init(unchecked: configuration)
    }

    /// For folds, whose initializer cannot throw; they validate first and report a problem instead.
    init(unchecked configuration: SignalWeightsConfiguration) {
        self.configuration = configuration
        // The defaults are exported as configured (the reference's oi_divergence 0.04 sits below the floor);
        // the floor applies from the first learning cycle on.
        let defaults = configuration.components.map(\.weight)
        self.weights = defaults
        self.stats = Array(repeating: ComponentOutcomeStats(), count: configuration.components.count)
        self.timeline = [WeightsSnapshot(time: .min, weights: defaults)]
        self.index = Self.makeIndex(configuration)
    }

    private static func makeIndex(_ c: SignalWeightsConfiguration) -> StringIndex {
        StringIndex(c.components.map(\.name))
    }

    /// The outcome metric of this version on realized history (see `SignalWeightsComparison`).
    public private(set) var comparison = SignalWeightsComparison()

    /// Folds one resolved outcome.
    public mutating func observe(_ outcome: SignalOutcomeResolved) {
        totalOutcomes += 1
        let component = index.lookUp(outcome.signalName) ?? -1
        if component >= 0 {
            observeForComparison(outcome, component: Int(component))
            stats[Int(component)].add(outcome)
        }
        if configuration.disagreementBonus {
            disagreements.record(component: component, outcome: outcome, into: &stats)
        }
    }

    /// One learning cycle at event time `time`: every component with enough outcomes moves by its capped
    /// relative change, then all are normalized with the floor kept.
    public mutating func learn(at time: Int64) {
        let c = configuration
        var raw = weights
        var newDecisions: [ComponentDecision] = []
        newDecisions.reserveCapacity(weights.count)
        for i in weights.indices {
            let s = stats[i]
            let best = s.bestHorizon
            guard s.outcomes >= c.minSamples else {
                newDecisions.append(
                    ComponentDecision(
                        outcomes: s.outcomes,
                        bestHorizon: best?.horizon,
                        bestEV: best?.ev ?? 0,
                        change: nil,
                        reasoning: "Insufficient data (\(s.outcomes) < \(c.minSamples) samples), keeping current weight"
                    )
                )
                continue
            }
            let dwr: Double? = c.disagreementBonus ? s.disagreementWinRate : nil
            let change = SignalWeightMath.relativeChange(
                bestEV: best?.ev ?? 0,
                disagreementWinRate: dwr,
                configuration: c,
                at: time
            )
            raw[i] = max(c.weightFloor, weights[i] * (1 + change))
            let verb = change > 0 ? "increased" : change < 0 ? "decreased" : "unchanged"
            let label = best?.horizon.label ?? "none"
            newDecisions.append(
                ComponentDecision(
                    outcomes: s.outcomes,
                    bestHorizon: best?.horizon,
                    bestEV: best?.ev ?? 0,
                    change: change,
                    reasoning: "EV=\(fixed(best?.ev ?? 0, places: 4)), best_horizon=\(label), "
                        + "\(verb) \(fixed(abs(change) * 100, places: 1))%"
                )
            )
        }
        history.append(WeightsSnapshot(time: updatedAt ?? time, weights: weights))
        if history.count > c.historyLimit { history.removeFirst(history.count - c.historyLimit) }
        weights = SignalWeightMath.normalize(raw, floor: c.weightFloor)
        decisions = newDecisions
        updatedAt = time
        timeline.append(WeightsSnapshot(time: time, weights: weights))
        disagreements.prune(before: time - 3 * 3_600_000_000)
    }

    /// Weighs the outcome's directional return at its longest resolved horizon by the component's weight as it
    /// stood at the signal's time (a binary search over the cycles; no allocation).
    private mutating func observeForComparison(_ outcome: SignalOutcomeResolved, component: Int) {
        guard outcome.side != .neutral, let last = outcome.horizons.last,
            let r = HorizonEV.returnFraction(of: last, priceAtSignal: outcome.priceAtSignal)
        else { return }
        let w = timeline[timelineIndex(asOf: outcome.signalTime)].weights[component]
        comparison.observe(weight: w, directionalReturn: outcome.side.sign * r)
    }

    /// The weights in force at event time `time` (set by the last cycle at or before it).
    public func weights(asOf time: Int64) -> [Double] { timeline[timelineIndex(asOf: time)].weights }

    /// The index in `timeline` of the weights in force at `time` (read in place by `observeForComparison`:
    /// returning the array cost a retain and a release per outcome).
    /// Most outcomes are of signals after the last cycle (an outcome resolves within hours of its signal, cycles
    /// are half a day apart): the last entry is tried before the binary search. Always inlined: called from the
    /// mutating `observeForComparison`, the call copied the whole learner (~330 bytes) to lend it.
    @inline(__always)
    private func timelineIndex(asOf time: Int64) -> Int {
        let last = timeline.count - 1
        if timeline[last].time <= time { return last }
        var lo = 0
        var hi = timeline.count
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if timeline[mid].time <= time { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// The weight of component `name` at `time`; nil for a name without a weight.
    public func weight(of name: String, asOf time: Int64) -> Double? {
        index.id(of: name).map { weights(asOf: time)[Int($0)] }
    }

    /// Index of a component name in `configuration.components`.
    public func componentIndex(_ name: String) -> Int? { index.id(of: name).map(Int.init) }

    private enum CodingKeys: String, CodingKey {
        case configuration, weights, updatedAt, stats, totalOutcomes, history, timeline, decisions, disagreements
        case comparison
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        configuration = try c.decode(SignalWeightsConfiguration.self, forKey: .configuration)
        weights = try c.decode([Double].self, forKey: .weights)
        updatedAt = try c.decodeIfPresent(Int64.self, forKey: .updatedAt)
        stats = try c.decode([ComponentOutcomeStats].self, forKey: .stats)
        totalOutcomes = try c.decode(Int.self, forKey: .totalOutcomes)
        history = try c.decode([WeightsSnapshot].self, forKey: .history)
        timeline = try c.decode([WeightsSnapshot].self, forKey: .timeline)
        decisions = try c.decode([ComponentDecision].self, forKey: .decisions)
        disagreements = try c.decode(DisagreementBook.self, forKey: .disagreements)
        comparison = try c.decode(SignalWeightsComparison.self, forKey: .comparison)
        index = Self.makeIndex(configuration)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(configuration, forKey: .configuration)
        try c.encode(weights, forKey: .weights)
        try c.encodeIfPresent(updatedAt, forKey: .updatedAt)
        try c.encode(stats, forKey: .stats)
        try c.encode(totalOutcomes, forKey: .totalOutcomes)
        try c.encode(history, forKey: .history)
        try c.encode(timeline, forKey: .timeline)
        try c.encode(decisions, forKey: .decisions)
        try c.encode(disagreements, forKey: .disagreements)
        try c.encode(comparison, forKey: .comparison)
    }
}
