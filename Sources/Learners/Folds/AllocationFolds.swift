public import EventLog
public import Projections

/// `allocation@2`: the ROI allocation of issue 5 (`AllocationLearner`), updated on every closed position.
///
/// Counterfactual outcomes are deliberately **not** used: the allocation is learned from ROI on margin of
/// realized trades, while a counterfactual has neither margin nor leverage nor a real fill, and blocked
/// decisions were never sized by the allocation being learned.
public struct AllocationFoldV2: Fold, ComparableLearner {
    public static let name = "allocation"
    public static let version = 2

    public struct State: Sendable, Codable, Equatable {
        public var learner: AllocationLearner
        public var configurationProblem: String?
    }

    public var state: State
    public var configuration: AllocationConfiguration { state.learner.configuration }

    public init(configuration: AllocationConfiguration) {
        var problem: String?
        do { try configuration.validate() } catch { problem = error.message }
        state = State(
            learner: AllocationLearner(unchecked: problem == nil ? configuration : AllocationConfiguration()),
            configurationProblem: problem
        )
    }

    public mutating func apply(_ event: Event, context: FoldContext) {
        apply(event, payload: event.payload, context: context)
    }

    /// Tests the payload's kind first (`Event.kind(of:)`): matching a case of `payload` copies the whole payload
    /// to read its tag, and nineteen events in twenty are not closed positions.
    public mutating func apply(_ event: Event, payload: EventPayload, context: FoldContext) {
        guard event.kind(of: payload) == .positionClosed, state.configurationProblem == nil,
            case .positionClosed(let closed) = payload
        else { return }
        state.learner.observe(closed)
    }

    public func exports(context: ExportContext) -> [ExportFile] {
        [ExportFile(relativePath: AllocationBook.exportPath, bytes: state.learner.book.exportBytes())]
    }

    public func report(context: FoldContext) -> FoldReport {
        allocationReport(identity: identity, book: state.learner.book, problem: state.configurationProblem)
    }

    public var comparisonMetrics: [ComparisonMetric] { state.learner.comparison.metrics }
}

/// `allocation@1`: seed 004's "current state" rule (`AllocationLearnerV1`), kept runnable beside `allocation@2`.
public struct AllocationFoldV1: Fold, ComparableLearner {
    public static let name = "allocation"
    public static let version = 1

    public struct State: Sendable, Codable, Equatable {
        public var learner: AllocationLearnerV1
        public var configurationProblem: String?
    }

    public var state: State
    public var configuration: AllocationConfiguration { state.learner.configuration }

    public init(configuration: AllocationConfiguration) {
        var problem: String?
        do { try configuration.validate() } catch { problem = error.message }
        state = State(
            learner: AllocationLearnerV1(unchecked: problem == nil ? configuration : AllocationConfiguration()),
            configurationProblem: problem
        )
    }

    public mutating func apply(_ event: Event, context: FoldContext) {
        apply(event, payload: event.payload, context: context)
    }

    public mutating func apply(_ event: Event, payload: EventPayload, context: FoldContext) {
        guard event.kind(of: payload) == .positionClosed, state.configurationProblem == nil,
            case .positionClosed(let closed) = payload
        else { return }
        state.learner.observe(closed)
    }

    public func exports(context: ExportContext) -> [ExportFile] {
        [ExportFile(relativePath: AllocationBook.exportPath, bytes: state.learner.book.exportBytes())]
    }

    public func report(context: FoldContext) -> FoldReport {
        var report = allocationReport(identity: identity, book: state.learner.book, problem: state.configurationProblem)
        report.notes.append("R/R is not in the records: this version uses each trade's net return on margin instead")
        return report
    }

    public var comparisonMetrics: [ComparisonMetric] { state.learner.comparison.metrics }
}

/// Decision counts as counters (sorted by the report's exporter), and why the last trade did not move it.
/// `continuous`: the allocation updates on every closed position, never on a schedule, so health must not
/// report "No learning cycle has run" for it.
private func allocationReport(identity: FoldIdentity, book: AllocationBook, problem: String?) -> FoldReport {
    var counters: [String: Int] = ["closed_trades": book.global.n]
    for decision in AllocationDecision.allCases { counters["decision_\(decision.rawValue)"] = book.count(of: decision) }
    var notes: [String] = []
    if let problem { notes.append("configuration refused: \(problem)") }
    if let last = book.lastDecision, last != .updated {
        notes.append("last trade left the allocation unchanged: \(last.rawValue)")
    }
    return FoldReport(identity: identity, counters: counters, notes: notes, continuous: true)
}
