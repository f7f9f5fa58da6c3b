public import Projections

extension PipelineTarget {
    /// A copy of the pipeline (every fold box copied, the shared context and counterfactual state copied):
    /// folds are value types, so the copy shares storage copy-on-write and costs little until one side
    /// mutates. `run` builds exports from it on the writer thread while the original keeps folding.
    public func forkForExports() -> (any ReplayTarget)? {
        let copy = Pipeline(configuration: pipeline.configuration, folds: pipeline.folds.map { $0.copy() })
        copy.restoreShared(context: pipeline.context, counterfactual: pipeline.counterfactual.state)
        return PipelineTarget(copy)
    }

    /// Rows the pipeline's folds finalized since the last call (append-only exports).
    public func takeFinalizedRows() -> [ExportAppend] { pipeline.takeFinalizedRows() }
}
