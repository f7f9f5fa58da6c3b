public import EventLog
public import Projections

/// `killed_combos@1`: the killed-combos learner (`KilledCombosLearner`) on its event-time schedule.
///
/// Counterfactual outcomes **are** used, for one thing only: revival evidence for a combo that is killed (see
/// `KilledCombosLearner.observeBlockedOutcome`), at the outcome's weight (0.5 by default). Kills themselves come
/// from realized trades only.
public struct KilledCombosFold: Fold, ComparableLearner {
    public static let name = "killed_combos"
    public static let version = 1

    public struct State: Sendable, Codable, Equatable {
        public var learner: KilledCombosLearner
        public var clock = LearningClock()
        public var configurationProblem: String?
    }

    public var state: State
    public var configuration: KilledCombosConfiguration { state.learner.configuration }

    public init(configuration: KilledCombosConfiguration) {
        var problem: String?
        do { try configuration.validate() } catch { problem = error.message }
        state = State(
            learner: KilledCombosLearner(unchecked: problem == nil ? configuration : KilledCombosConfiguration()),
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
        if event.kind(of: payload) == .positionClosed, case .positionClosed(let closed) = payload {
            state.learner.observe(closed)
        }
        // `observeBlockedOutcome` in two steps: the combo's kill first, the horizons only for a killed combo. The
        // outcomes are read in place through a buffer: iterating the array copied each one (a retain and a release).
        if !context.resolvedCounterfactuals.isEmpty, state.learner.acceptsBlockedOutcomes() {
            let horizon = state.learner.configuration.counterfactualHorizonSeconds
            context.resolvedCounterfactuals.withUnsafeBufferPointer { outcomes in
                for i in outcomes.indices {
                    guard
                        let combo = state.learner.killedComboIndex(
                            symbol: outcomes[i].symbol,
                            side: outcomes[i].side,
                            at: outcomes[i].decisionTime
                        )
                    else { continue }
                    state.learner.observeBlockedOutcome(
                        ofKilledCombo: combo,
                        decisionTime: outcomes[i].decisionTime,
                        netReturn: outcomes[i].horizons.first { $0.seconds == horizon }?.netReturn,
                        weight: outcomes[i].weight
                    )
                }
            }
        }
    }

    public func exports(context: ExportContext) -> [ExportFile] {
        [ExportFile(relativePath: KilledCombosLearner.exportPath, bytes: state.learner.exportBytes())]
    }

    public func report(context: FoldContext) -> FoldReport {
        let learner = state.learner
        var notes: [String] = []
        if let problem = state.configurationProblem { notes.append("configuration refused: \(problem)") }
        if !learner.lastRevivals.isEmpty { notes.append("revived: \(learner.lastRevivals.joined(separator: ", "))") }
        return FoldReport(
            identity: identity,
            lastCycle: state.clock.lastCycle,
            cycles: state.clock.cycles,
            counters: [
                "killed": learner.killed.count,
                "combos": learner.combos.count,
                "skipped_trades": learner.skippedTrades,
            ],
            notes: notes
        )
    }

    public var comparisonMetrics: [ComparisonMetric] { state.learner.comparison.metrics }
}
