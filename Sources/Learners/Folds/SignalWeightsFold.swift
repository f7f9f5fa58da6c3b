public import EventLog
public import Projections

/// `signal_weights@1`: the signal-weight learner (`SignalWeightsLearner`) on its event-time schedule.
///
/// Counterfactual outcomes are deliberately **not** used: signal outcomes are already per component and cover
/// every evaluated signal, executed or blocked (the bot logs an outcome for each component of each evaluation),
/// so a blocked trade's counterfactual adds no component-level evidence and would count the same move twice.
public struct SignalWeightsFold: Fold, ComparableLearner {
    public static let name = "signal_weights"
    public static let version = 1

    public struct State: Sendable, Codable, Equatable {
        public var learner: SignalWeightsLearner
        public var clock = LearningClock()
        /// Set when the configuration is invalid: the fold then ignores events and reports this.
        public var configurationProblem: String?
    }

    public var state: State
    public var configuration: SignalWeightsConfiguration { state.learner.configuration }

    public init(configuration: SignalWeightsConfiguration) {
        var problem: String?
        do { try configuration.validate() } catch { problem = error.message }
        state = State(
            learner: SignalWeightsLearner(unchecked: problem == nil ? configuration : SignalWeightsConfiguration()),
            configurationProblem: problem
        )
    }

    public mutating func apply(_ event: Event, context: FoldContext) {
        apply(event, payload: event.payload, context: context)
    }

    public mutating func apply(_ event: Event, payload: EventPayload, context: FoldContext) {
        guard state.configurationProblem == nil else { return }
        let schedule = state.learner.configuration.schedule
        while let boundary = state.clock.nextDueCycle(schedule: schedule, watermark: context.watermark) {
            state.learner.learn(at: boundary)
        }
        // The kind first (`Event.kind(of:)`): matching a case of `payload` copies the whole payload to read its tag.
        if event.kind(of: payload) == .signalOutcomeResolved, case .signalOutcomeResolved(let outcome) = payload {
            state.learner.observe(outcome)
        }
    }

    public func exports(context: ExportContext) -> [ExportFile] {
        [ExportFile(relativePath: SignalWeightsLearner.exportPath, bytes: state.learner.exportBytes())]
    }

    public func report(context: FoldContext) -> FoldReport {
        let learner = state.learner
        let withData = learner.stats.filter { $0.outcomes >= learner.configuration.minSamples }.count
        var notes: [String] = []
        if let problem = state.configurationProblem { notes.append("configuration refused: \(problem)") }
        if withData == 0 {
            notes.append(
                "weights at defaults: 0 of \(learner.stats.count) signals have \(learner.configuration.minSamples) outcomes"
            )
        }
        return FoldReport(
            identity: identity,
            lastCycle: state.clock.lastCycle,
            cycles: state.clock.cycles,
            counters: ["outcomes": learner.totalOutcomes, "signals_with_data": withData],
            notes: notes
        )
    }

    public var comparisonMetrics: [ComparisonMetric] { state.learner.comparison.metrics }
}
