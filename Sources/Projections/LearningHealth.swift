public import EventLog
import HindsightJSON

/// Configuration of the health export.
public struct LearningHealthConfiguration: FoldConfiguration {
    /// The signal weight learner keeps a signal's weight unless it has this many outcomes (reference: 50).
    public var minOutcomesPerSignal: Int = 50
    /// The signals the bot's gate weighs (reference §1.7.1): each is checked against the minimum even
    /// when the log holds none of its outcomes (that absence is the diagnosis).
    public var expectedSignals: [String] = [
        "liquidation", "funding", "oi_velocity", "whale_flow", "ofi_momentum", "fear_greed", "hurst", "lead_lag",
        "volatility_skew", "oi_divergence",
    ]
    /// A learner whose last cycle is older than this (event time, against the watermark) is unhealthy.
    public var maxCycleAgeHours: Int64 = 26

    public init() {}
}

/// `feature_store/learning_health_status.json` in the reference's shape, filled from facts: events by kind,
/// rejections, enriched-decision count, outcomes per signal against the minimum, last cycle per learner.
/// This makes seed 001's diagnosis ("0 enriched decisions", "weights at defaults: 0 outcomes < 50")
/// visible from the log itself.
public struct LearningHealth: Fold {
    public static let name = "learning_health"
    public static let version = 1
    public static let exportPath = "feature_store/learning_health_status.json"

    public struct State: Sendable, Codable, Equatable {
        /// Indexed by `EventKind.rawValue` (fixed arrays: no hashing per event).
        public var eventsByKind = [Int](repeating: 0, count: 256)
        public var rejectionsByReason = [Int](repeating: 0, count: 256)
        public var rejectionsBySource: [String: Int] = [:]
        public var resetsBySource: [String: Int] = [:]
        /// Saved under the key `outcomesBySignal` as the `[String: Int]` it stands for (the bytes this field had when
        /// it was that dictionary).
        public var outcomeCounts = NameCounts()
        public var partialOutcomes = 0
        public var firstEventTime: Int64?

        /// Signal outcomes per signal name.
        public var outcomesBySignal: [String: Int] { outcomeCounts.dictionary }

        private enum CodingKeys: String, CodingKey {
            case eventsByKind, rejectionsByReason, rejectionsBySource, resetsBySource
            case outcomeCounts = "outcomesBySignal"
            case partialOutcomes, firstEventTime
        }
    }

    public let configuration: LearningHealthConfiguration
    public var state = State()

    public init(configuration: LearningHealthConfiguration) { self.configuration = configuration }

    public mutating func apply(_ event: Event, context: FoldContext) {
        apply(event, payload: event.payload, context: context)
    }

    public mutating func apply(_ event: Event, payload: EventPayload, context: FoldContext) {
        // `payload.kind` from the box that holds `payload` (`Event.kind(of:)`): reading it from the payload, or
        // matching a case, copies the whole payload to look at its tag.
        let kind = event.kind(of: payload)
        state.eventsByKind[Int(kind.rawValue)] &+= 1
        if state.firstEventTime.map({ event.eventTime < $0 }) ?? true { state.firstEventTime = event.eventTime }
        switch kind {
        case .signalOutcomeResolved:
            guard case .signalOutcomeResolved(let o) = payload else { return }
            state.outcomeCounts.add(o.signalName)
            if o.partial { state.partialOutcomes += 1 }
        case .recordRejected:
            guard case .recordRejected(let r) = payload else { return }
            state.rejectionsByReason[Int(r.reason.rawValue)] &+= 1
            state.rejectionsBySource[event.source.rawValue, default: 0] += 1
        case .sourceReset:
            state.resetsBySource[event.source.rawValue, default: 0] += 1
        default:
            break
        }
    }

    public func exports(context: ExportContext) -> [ExportFile] {
        [ExportFile(relativePath: Self.exportPath, bytes: document(context).document())]
    }

    struct Component {
        var key: String
        var name: String
        var checks: [String] = []
        var issues: [String] = []
        var lastRun: Int64?

        var json: (String, JSONValue) {
            var members: [(String, JSONValue)] = [
                ("name", .string(name)), ("healthy", .bool(issues.isEmpty)),
                ("checks", .array(checks.map(JSONValue.string))), ("issues", .array(issues.map(JSONValue.string))),
            ]
            if let lastRun { members.append(("last_run", .string(UTCTime.naive(lastRun)))) }
            return (key, .object(members))
        }
    }

    func document(_ context: ExportContext) -> JSONValue {
        let watermark = context.asOf
        var components: [Component] = []

        var pipeline = Component(key: "data_pipeline", name: "Data Pipeline")
        let total = state.eventsByKind.reduce(0, +)
        pipeline.checks.append("Events folded: \(total)")
        for kind in EventKind.allCases where state.eventsByKind[Int(kind.rawValue)] > 0 {
            pipeline.checks.append("\(kind.name): \(state.eventsByKind[Int(kind.rawValue)])")
        }
        let rejected = state.eventsByKind[Int(EventKind.recordRejected.rawValue)]
        if total == 0 { pipeline.issues.append("No events in the log") }
        if rejected > 0 {
            let bySource = state.rejectionsBySource.keys.sorted().map { "\($0) \(state.rejectionsBySource[$0]!)" }
            pipeline.issues.append("Rejected records: \(rejected) (\(bySource.joined(separator: ", ")))")
        }
        for source in state.resetsBySource.keys.sorted() {
            pipeline.checks.append("Source resets (\(source)): \(state.resetsBySource[source]!)")
        }
        components.append(pipeline)

        let enrichedReport = context.reports.first { $0.identity.name == EnrichedDecisions.name }
        var enriched = Component(key: "data_enrichment", name: "Data Enrichment")
        if let r = enrichedReport {
            let count = r.counters["enriched_decisions"] ?? 0
            enriched.checks.append("Enriched decisions: \(count)")
            for key in r.counters.keys.sorted() where key != "enriched_decisions" {
                enriched.checks.append("\(key): \(r.counters[key]!)")
            }
            if count == 0 { enriched.issues.append("Enriched decisions: 0 (no decisions in the log)") }
            if (r.counters["decisions_with_outcomes"] ?? 0) == 0, count > 0 {
                enriched.issues.append("No decision joined any signal outcome")
            }
        } else {
            enriched.issues.append("Enriched decisions: 0 (projection \(EnrichedDecisions.name) not run)")
        }
        components.append(enriched)

        var outcomes = Component(key: "signal_outcomes", name: "Signal Outcomes")
        let outcomesBySignal = state.outcomesBySignal
        let totalOutcomes = outcomesBySignal.values.reduce(0, +)
        outcomes.checks.append("Signal outcomes: \(totalOutcomes) (partial: \(state.partialOutcomes))")
        var names = Set(configuration.expectedSignals)
        names.formUnion(outcomesBySignal.keys)
        var short: [String] = []
        for name in names.sorted() {
            let n = outcomesBySignal[name] ?? 0
            let ok = n >= configuration.minOutcomesPerSignal
            outcomes.checks.append(
                "\(name): \(n) outcomes (\(ok ? ">=" : "<") \(configuration.minOutcomesPerSignal) required)"
            )
            if !ok, configuration.expectedSignals.contains(name) { short.append(name) }
        }
        if !short.isEmpty {
            outcomes.issues.append(
                "Signal weights at defaults for \(short.count) of \(configuration.expectedSignals.count) signals "
                    + "(< \(configuration.minOutcomesPerSignal) outcomes): \(short.joined(separator: ", "))"
            )
        }
        components.append(outcomes)

        if let r = context.reports.first(where: { $0.identity.name == Counterfactual.name }) {
            var cf = Component(key: "counterfactual", name: "Counterfactual P&L")
            for key in r.counters.keys.sorted() { cf.checks.append("\(key): \(r.counters[key]!)") }
            components.append(cf)
        }

        // Every other fold is a learner: its last cycle (event time) and counters; "never ran" is a finding.
        let maxAge = configuration.maxCycleAgeHours * 3_600_000_000
        let projections = [Self.name, EnrichedDecisions.name, Counterfactual.name, PriceMarks.name]
        for r in context.reports where !projections.contains(r.identity.name) {
            var c = Component(key: r.identity.name, name: r.identity.nameAndVersion, lastRun: r.lastCycle)
            c.checks.append(r.continuous ? "Learns on every event (no schedule)" : "Learning cycles: \(r.cycles)")
            for key in r.counters.keys.sorted() { c.checks.append("\(key): \(r.counters[key]!)") }
            c.checks += r.notes
            if let last = r.lastCycle {
                if watermark - last > maxAge {
                    c.issues.append(
                        "Last learning cycle \(UTCTime.naive(last)) is older than \(configuration.maxCycleAgeHours) h"
                    )
                }
            } else if !r.continuous {
                c.issues.append("No learning cycle has run")
            }
            components.append(c)
        }

        let issues: [JSONValue] = components.filter { !$0.issues.isEmpty }.map {
            .object([("name", .string($0.name)), ("problems", .array($0.issues.map(JSONValue.string)))])
        }
        let healthy = issues.isEmpty
        var reasons: [(String, JSONValue)] = []
        for reason in RejectionReason.allCases where state.rejectionsByReason[Int(reason.rawValue)] > 0 {
            reasons.append((reason.description, .int(Int64(state.rejectionsByReason[Int(reason.rawValue)]))))
        }
        var kinds: [(String, JSONValue)] = []
        for kind in EventKind.allCases {
            kinds.append((kind.name, .int(Int64(state.eventsByKind[Int(kind.rawValue)]))))
        }
        return .object([
            ("last_check", watermark == .min ? .null : .string(UTCTime.naive(watermark))),
            ("overall_health", .string(healthy ? "HEALTHY" : "DEGRADED")),
            ("components", .object(components.map(\.json))),
            ("issues", .array(issues)),
            ("remediations", .array([])),
            ("all_healthy", .bool(healthy)),
            (
                "facts",
                .object([
                    ("first_event", .optional(state.firstEventTime.map(UTCTime.iso8601))),
                    ("watermark", watermark == .min ? .null : .string(UTCTime.iso8601(watermark))),
                    ("events_by_kind", .object(kinds)),
                    ("rejections_by_reason", .object(reasons)),
                    (
                        "outcomes_by_signal",
                        .object(
                            outcomesBySignal.keys.sorted().map { ($0, .int(Int64(outcomesBySignal[$0]!))) }
                        )
                    ),
                    ("min_outcomes_per_signal", .int(Int64(configuration.minOutcomesPerSignal))),
                ])
            ),
        ])
    }
}
