import Learners
public import Projections

/// The diff probes of hindsight's learners, and the choice of probe for any fold.
///
/// Outputs are what the bot reads from each learner: signal weights per component, the allocation share per
/// bucket, the set of killed combos (1 per killed combo). Outcome metrics are the learners' own realized-history
/// comparisons (`LearnerCatalog.comparisonMetrics`): EV of decisions ranked by the weights in force at the time,
/// P&L weighted by the allocation in force when each trade closed, P&L of the trades a version would have blocked.
public enum LearnerProbes {
    /// The probe for a fold: a learner probe when the fold is a known learner, else the report fallback.
    public static func probe(for fold: AnyFold) -> any DiffProbe {
        if fold.unwrap(as: SignalWeightsFold.self) != nil { return SignalWeightsProbe() }
        if fold.unwrap(as: AllocationFoldV2.self) != nil || fold.unwrap(as: AllocationFoldV1.self) != nil {
            return AllocationProbe()
        }
        if fold.unwrap(as: KilledCombosFold.self) != nil { return KilledCombosProbe() }
        return ReportProbe()
    }

    static func metrics(_ fold: AnyFold) -> [(name: String, value: Double, higherIsBetter: Bool, meaning: String)] {
        (LearnerCatalog.comparisonMetrics(of: fold) ?? []).compactMap { metric in
            guard let higher = metric.higherIsBetter else {
                return (metric.name, metric.value, false, "(info) " + metric.meaning)
            }
            return (metric.name, metric.value, higher, metric.meaning)
        }
    }
}

/// Signal weights: one output per component (`weight.<name>`); changes only at learning cycles.
public struct SignalWeightsProbe: DiffProbe {
    public init() {}
    public func outputs(of fold: AnyFold) -> DiffOutputs {
        guard let f = fold.unwrap(as: SignalWeightsFold.self) else { return .empty }
        let learner = f.state.learner
        return DiffOutputs(
            zip(learner.configuration.components, learner.weights).map { ("weight." + $0.name, $1) }
        )
    }
    public func outcomes(of fold: AnyFold) -> [(name: String, value: Double, higherIsBetter: Bool, meaning: String)] {
        LearnerProbes.metrics(fold)
    }
    public func generation(of fold: AnyFold) -> Int? { fold.unwrap(as: SignalWeightsFold.self)?.state.clock.cycles }
}

/// Allocation (both versions): one output per bucket (`allocation.<bucket>`); changes only when a closed
/// trade is folded (every closed trade records one decision).
public struct AllocationProbe: DiffProbe {
    public init() {}
    public func outputs(of fold: AnyFold) -> DiffOutputs {
        let book =
            fold.unwrap(as: AllocationFoldV2.self)?.state.learner.book
            ?? fold.unwrap(as: AllocationFoldV1.self)?.state.learner.book
        guard let book else { return .empty }
        return DiffOutputs(book.buckets.map { ("allocation." + $0.name, $0.allocation) })
    }
    public func outcomes(of fold: AnyFold) -> [(name: String, value: Double, higherIsBetter: Bool, meaning: String)] {
        LearnerProbes.metrics(fold)
    }
    public func generation(of fold: AnyFold) -> Int? {
        let book =
            fold.unwrap(as: AllocationFoldV2.self)?.state.learner.book
            ?? fold.unwrap(as: AllocationFoldV1.self)?.state.learner.book
        return book.map { $0.decisionCounts.reduce(0, +) }
    }
}

/// Killed combos: 1 per killed combo (`killed.<combo>`), so the L1 distance is the symmetric difference of
/// the killed sets; changes only at learning cycles.
public struct KilledCombosProbe: DiffProbe {
    public init() {}
    public func outputs(of fold: AnyFold) -> DiffOutputs {
        guard let f = fold.unwrap(as: KilledCombosFold.self) else { return .empty }
        return DiffOutputs(f.state.learner.killed.map { ("killed." + $0, 1.0) })
    }
    public func outcomes(of fold: AnyFold) -> [(name: String, value: Double, higherIsBetter: Bool, meaning: String)] {
        LearnerProbes.metrics(fold)
    }
    public func generation(of fold: AnyFold) -> Int? { fold.unwrap(as: KilledCombosFold.self)?.state.clock.cycles }
}
