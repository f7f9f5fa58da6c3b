public import EventLog

/// Configuration of the projections every fold shares (they are part of the pipeline, not registered folds,
/// because downstream folds read them through `FoldContext`).
public struct PipelineConfiguration: Sendable, Equatable {
    public var priceMarks: PriceMarksConfiguration
    public var counterfactual: CounterfactualConfiguration

    public init(
        priceMarks: PriceMarksConfiguration = PriceMarksConfiguration(),
        counterfactual: CounterfactualConfiguration = CounterfactualConfiguration()
    ) {
        self.priceMarks = priceMarks
        self.counterfactual = counterfactual
    }
}

/// Runs the shared projections and any number of folds over one event stream, in one pass.
///
/// For each event, in this fixed order (this is the dependency passing):
/// 1. the context observes it: watermark = max(watermark, event time), price marks record its prices;
/// 2. the counterfactual projection registers it (if a blocked decision) and resolves what the watermark
///    now passes, into `context.resolvedCounterfactuals`;
/// 3. every fold, in the order given, applies it with the read-only context.
/// Exports are built only when asked, from the final context and every fold's report.
public final class Pipeline {
    public let configuration: PipelineConfiguration
    /// The folds in application order (as given).
    public let folds: [AnyFold]
    /// Unchecked exclusivity (like `FoldBox.fold`): `apply` lends both to every step, and the dynamic access
    /// checks on a class's stored properties cost a runtime call pair per event each.
    @exclusivity(unchecked) public private(set) var context: FoldContext
    @exclusivity(unchecked) public private(set) var counterfactual: Counterfactual

    public init(configuration: PipelineConfiguration = PipelineConfiguration(), folds: [AnyFold]) {
        self.configuration = configuration
        self.folds = folds
        context = FoldContext(priceMarks: PriceMarks(configuration: configuration.priceMarks))
        counterfactual = Counterfactual(configuration: configuration.counterfactual)
    }

    /// Replaces the state of the shared projections (context and counterfactual), e.g. from a snapshot.
    /// Together with each fold's `restoreState` this resumes a pipeline exactly where a saved one stood.
    /// (Added by Replay for snapshots.)
    public func restoreShared(context: FoldContext, counterfactual state: Counterfactual.State) {
        self.context = context
        self.counterfactual.state = state
    }

    /// Folds one event through the shared projections and every fold.
    public func apply(_ event: Event) {
        if let stored = event.storedPayload {
            Self.step(event, stored.value, context: &context, counterfactual: &counterfactual, folds: folds)
        } else {
            // Events read from the log decode their payload on access: decode it once here, not once per fold.
            var event = event
            event.materializePayload()  // always leaves a stored payload
            Self.step(
                event,
                event.storedPayload!.value,
                context: &context,
                counterfactual: &counterfactual,
                folds: folds
            )
        }
    }

    /// One event through everything, on `inout` parameters rather than the class's stored properties: a
    /// stored property passed to a call is copied (retaining every buffer of the context, once per fold,
    /// and making the resolved-outcomes array copy-on-write), while an `inout` parameter is borrowed.
    /// `payload` is `event.payload`, lent in place from the event's storage (`Event.storedPayload`): reading
    /// `event.payload` copied it (a retain and a release of each of its strings and arrays) once per event.
    @inline(__always)
    private static func step(
        _ event: Event,
        _ payload: EventPayload,
        context: inout FoldContext,
        counterfactual: inout Counterfactual,
        folds: [AnyFold]
    ) {
        if !context.resolvedCounterfactuals.isEmpty {
            context.resolvedCounterfactuals.removeAll(keepingCapacity: true)
        }
        context.observe(event, payload: payload)
        counterfactual.advance(
            event,
            payload: payload,
            watermark: context.watermark,
            marks: context.priceMarks,
            resolved: &context.resolvedCounterfactuals
        )
        // The array keeps every box alive, so each call borrows it without a retain/release pair (one per fold
        // per event otherwise).
        for i in folds.indices {
            Unmanaged.passUnretained(folds[i])._withUnsafeGuaranteedRef {
                $0.apply(event, payload: payload, context: context)
            }
        }
    }

    public func apply<Events: Sequence>(contentsOf events: Events) where Events.Element == Event {
        for event in events { apply(event) }
    }

    /// Rows finalized since the last call by the counterfactual projection and every fold, for the append-only
    /// exports (sorted by path; see `Fold.takeFinalizedRows`).
    public func takeFinalizedRows() -> [ExportAppend] {
        var rows = counterfactual.takeFinalizedRows()
        for fold in folds { rows += fold.takeFinalizedRows() }
        return rows.sorted { $0.relativePath < $1.relativePath }
    }

    /// Every export as whole files, for one-shot use (tests, tools that fold everything and write once):
    /// `exports()` plus one file per append-only export holding the rows finalized since the last take (for
    /// a pipeline that never handed rows out before, the whole file). Sorted by path.
    public func drainExports() throws(ProjectionsError) -> [ExportFile] {
        var files = try exports()
        files += takeFinalizedRows().map { ExportFile(relativePath: $0.relativePath, bytes: $0.bytes) }
        files.sort { $0.relativePath < $1.relativePath }
        return files
    }

    /// Reports of the shared projections and of every fold, sorted by identity.
    public func reports() -> [FoldReport] {
        var reports = [context.priceMarks.report(context: context), counterfactual.report(context: context)]
        for fold in folds { reports.append(fold.report(context: context)) }
        return reports.sorted { $0.identity < $1.identity }
    }

    /// Every export, sorted by path. Two folds exporting the same path is a configuration error (e.g. two
    /// versions of one learner in one pipeline), reported rather than letting one silently win.
    public func exports() throws(ProjectionsError) -> [ExportFile] {
        let exportContext = ExportContext(fold: context, reports: reports())
        var files = counterfactual.exports(context: exportContext)
        for fold in folds { files += fold.exports(context: exportContext) }
        files.sort { $0.relativePath < $1.relativePath }
        for (a, b) in zip(files, files.dropFirst()) where a.relativePath == b.relativePath {
            throw ProjectionsError(.duplicate, "two folds export \(a.relativePath)")
        }
        return files
    }
}
