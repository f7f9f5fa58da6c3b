import EventLog
public import Projections

/// The result of `hindsight diff`: where two learner versions part on the same events, how far apart they end,
/// how the distance evolved per day, and which one did better on the realized history.
public struct DiffReport: Sendable {
    /// `name@version#hash` of each side, and the user's spelling (with overrides).
    public var identityA: String
    public var identityB: String
    public var labelA: String
    public var labelB: String
    public var startSequence: UInt64
    public var endSequence: UInt64
    public var events: Int
    public var initiallyDifferent: Bool
    public var initialDifferences: [KeyDifference]
    public var first: FirstDivergence?
    public var finalDifferences: [KeyDifference]
    public var finalDistance: Double
    public var days: [DivergenceDay]
    public var changesA: Int
    public var changesB: Int
    public var divergedEvents: Int
    public var outcomes: [OutcomeMetric]

    /// True when the two sides never differed (a learner against itself must give this).
    public var isIdentical: Bool { !initiallyDifferent && first == nil && finalDifferences.isEmpty }
}

/// One side of a diff: a fold built from `name@version` + overrides, and how to read it.
public struct DiffSide {
    public var label: String
    public var fold: AnyFold
    public var probe: any DiffProbe

    public init(label: String, fold: AnyFold, probe: any DiffProbe) {
        self.label = label
        self.fold = fold
        self.probe = probe
    }
}

/// Runs both sides over the same events in one pass (one `Pipeline` holding both folds, so they read the
/// same context) and compares their outputs after every event.
public enum DiffEngine {
    public static func run<Log: EventLogAccess>(
        a: DiffSide,
        b: DiffSide,
        log: Log,
        from: LogPoint? = nil,
        to: LogPoint? = nil,
        pipelineConfiguration: PipelineConfiguration = PipelineConfiguration(),
        progress: inout ProgressBar
    ) throws(ReplayError) -> DiffReport {
        guard a.fold !== b.fold else {
            throw ReplayError(.invalidArgument, "the two sides of a diff must be separate fold instances")
        }
        let start =
            try from.map { (p: LogPoint) throws(ReplayError) -> UInt64 in try LogRange.start(of: p, in: log) } ?? 0
        let end = try to.map { (p: LogPoint) throws(ReplayError) -> UInt64 in try LogRange.end(of: p, in: log) }
        if let end, end < start {
            throw ReplayError(.invalidArgument, "--from \(from!) starts after --to \(to!)")
        }
        let pipeline = Pipeline(configuration: pipelineConfiguration, folds: [a.fold, b.fold])
        var tracker = DivergenceTracker(initialA: a.probe.outputs(of: a.fold), initialB: b.probe.outputs(of: b.fold))
        var stream = try log.stream(from: start)
        var next = start
        var readerA = CachedOutputs(side: a)
        var readerB = CachedOutputs(side: b)
        while let event = try stream.next() {
            if let end, event.seq >= end { break }
            pipeline.apply(event)
            tracker.observe(event, a: readerA.read(), b: readerB.read())
            next = event.seq &+ 1
            progress.update(UInt64(tracker.events))
        }
        progress.finish()
        let outcomesA = a.probe.outcomes(of: a.fold)
        let outcomesB = b.probe.outcomes(of: b.fold)
        var outcomes: [OutcomeMetric] = []
        for metric in outcomesA {
            guard let other = outcomesB.first(where: { $0.name == metric.name }) else { continue }
            outcomes.append(
                OutcomeMetric(
                    name: metric.name,
                    a: metric.value,
                    b: other.value,
                    higherIsBetter: metric.higherIsBetter,
                    meaning: metric.meaning
                )
            )
        }
        return DiffReport(
            identityA: a.fold.identity.description,
            identityB: b.fold.identity.description,
            labelA: a.label,
            labelB: b.label,
            startSequence: start,
            endSequence: next,
            events: tracker.events,
            initiallyDifferent: tracker.initiallyDifferent,
            initialDifferences: tracker.initialA.differences(to: tracker.initialB),
            first: tracker.first,
            finalDifferences: tracker.finalA.differences(to: tracker.finalB),
            finalDistance: tracker.finalA.l1Distance(to: tracker.finalB),
            days: tracker.days,
            changesA: tracker.changesA,
            changesB: tracker.changesB,
            divergedEvents: tracker.divergedEvents,
            outcomes: outcomes
        )
    }
}

/// Rebuilds a side's outputs only when its probe's generation changed (or always, without a generation).
private struct CachedOutputs {
    let side: DiffSide
    var generation: Int?
    var outputs: DiffOutputs = .empty
    var primed = false

    init(side: DiffSide) { self.side = side }

    mutating func read() -> DiffOutputs {
        let now = side.probe.generation(of: side.fold)
        if !primed || now == nil || now != generation {
            outputs = side.probe.outputs(of: side.fold)
            generation = now
            primed = true
        }
        return outputs
    }
}
