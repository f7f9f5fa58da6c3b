public import Projections

/// Every learner hindsight can run, each version kept runnable (`allocation@1` beside `allocation@2`). The
/// executable composes `FoldRegistry(ProjectionCatalog.descriptors + LearnerCatalog.descriptors)`.
public enum LearnerCatalog {
    public static let descriptors: [FoldDescriptor] = [
        FoldDescriptor(AllocationFoldV1.self),
        FoldDescriptor(AllocationFoldV2.self),
        FoldDescriptor(KilledCombosFold.self),
        FoldDescriptor(SignalWeightsFold.self),
    ]

    /// The comparison metrics of a learner wrapped in `AnyFold` (what `diff` prints side by side), or nil for a
    /// fold that is not one of these learners.
    public static func comparisonMetrics(of fold: AnyFold) -> [ComparisonMetric]? {
        if let f = fold.unwrap(as: SignalWeightsFold.self) { return f.comparisonMetrics }
        if let f = fold.unwrap(as: AllocationFoldV2.self) { return f.comparisonMetrics }
        if let f = fold.unwrap(as: AllocationFoldV1.self) { return f.comparisonMetrics }
        if let f = fold.unwrap(as: KilledCombosFold.self) { return f.comparisonMetrics }
        return nil
    }

    /// Documented configuration variants for `diff` (as `--set` overrides): name → overrides.
    public static let variants: [(fold: String, name: String, overrides: [String: String])] = [
        ("signal_weights@1", "slow_changes", ["maxChangePct": "0.1"]),
        ("signal_weights@1", "more_samples", ["minSamples": "100"]),
        ("allocation@2", "faster_steps", ["maxChangePerTrade": "0.01"]),
        (
            "killed_combos@1", "reference_code",
            ["maxWinRate": "0.35", "revive": "false", "counterfactualRevival": "false"]
        ),
    ]
}
