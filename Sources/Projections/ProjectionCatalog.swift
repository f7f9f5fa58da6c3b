/// The registrable folds of this module (every version kept). The executable composes the full registry as
/// `FoldRegistry(ProjectionCatalog.descriptors + LearnerCatalog.descriptors)`.
///
/// Price marks and counterfactual P&L are not listed: they run inside every `Pipeline` because other folds
/// read them through `FoldContext` (configure them with `PipelineConfiguration`).
public enum ProjectionCatalog {
    public static let descriptors: [FoldDescriptor] = [
        FoldDescriptor(EnrichedDecisions.self),
        FoldDescriptor(LearningHealth.self),
    ]
}
