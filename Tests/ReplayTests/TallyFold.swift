import EventLog
import Foundation
import Projections
import Replay

/// A small fold for Replay tests: counts events per kind, sums prices, and every hour of event time runs a
/// "learning cycle" that folds the watermark and the counterfactuals resolved so far into a running digest.
/// It reads the context (price marks, counterfactuals), so restoring the shared state matters to it.
struct TallyFold: Fold {
    struct Configuration: FoldConfiguration {
        var cycleSeconds: Int64 = 3600
        var scale: Double = 1
        init() {}
    }
    struct State: Codable, Sendable, Equatable {
        var counts: [String: Int] = [:]
        var priceSum: Double = 0
        var digest: UInt64 = 0
        var resolved: Int = 0
        var clock = LearningClock()
    }
    static let name = "tally"
    static let version = 1
    let configuration: Configuration
    var state = State()
    init(configuration: Configuration) { self.configuration = configuration }

    mutating func apply(_ event: Event, context: FoldContext) {
        let schedule = LearningSchedule(intervalSeconds: configuration.cycleSeconds)
        while let boundary = state.clock.nextDueCycle(schedule: schedule, watermark: context.watermark) {
            state.digest = (state.digest &* 31) &+ UInt64(bitPattern: boundary) &+ UInt64(state.resolved)
        }
        state.counts[event.kind.name, default: 0] += 1
        state.resolved += context.resolvedCounterfactuals.count
        if case .decisionLogged(let d) = event.payload, let p = d.entryPrice {
            state.priceSum += p * configuration.scale
        }
    }

    func exports(context: ExportContext) -> [ExportFile] {
        let counts = state.counts.keys.sorted().map { "\"\($0)\":\(state.counts[$0]!)" }.joined(separator: ",")
        let text =
            "{\"as_of\":\(context.asOf),\"counts\":{\(counts)},\"digest\":\(state.digest),"
            + "\"price_sum\":\(state.priceSum),\"resolved\":\(state.resolved)}\n"
        return [ExportFile(relativePath: "feature_store/tally_\(Int(configuration.scale)).json", text: text)]
    }
}

enum TestPipelines {
    static func tally(scale: Double = 1) -> PipelineTarget {
        var configuration = TallyFold.Configuration()
        configuration.scale = scale
        return PipelineTarget(Pipeline(folds: [AnyFold.wrap(TallyFold(configuration: configuration))]))
    }
}

extension TestPipelines {
    /// The tally fold plus the enriched-decision projection: both append-only exports are exercised
    /// (counterfactual outcomes are in every pipeline).
    static func enriched() -> PipelineTarget {
        PipelineTarget(Pipeline(folds: [AnyFold.wrap(EnrichedDecisions()), AnyFold.wrap(TallyFold())]))
    }
}
