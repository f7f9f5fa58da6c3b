public import Projections

/// One number of the outcome-based comparison, measured for each side on the realized history.
public struct OutcomeMetric: Sendable, Equatable {
    public var name: String
    public var a: Double
    public var b: Double
    /// Whether a larger value is the better one (drives the "better" column).
    public var higherIsBetter: Bool
    /// One line saying what the number is (from the learner).
    public var meaning: String

    public init(name: String, a: Double, b: Double, higherIsBetter: Bool, meaning: String) {
        self.name = name
        self.a = a
        self.b = b
        self.higherIsBetter = higherIsBetter
        self.meaning = meaning
    }

    /// "A", "B", "=" or "" for informational metrics.
    public var better: String {
        if !higherIsBetter && meaning.hasPrefix("(info)") { return "" }
        if a == b { return "=" }
        return (a > b) == higherIsBetter ? "A" : "B"
    }
}

/// How `diff` reads one kind of fold: its comparable outputs after an event, and its outcome metrics at the
/// end. Learners have dedicated probes (weights, allocations, killed sets); any other fold falls back to
/// `ReportProbe` (its report's cycle count and counters).
public protocol DiffProbe: Sendable {
    /// Outputs after the events folded so far. Called after every event: keep it cheap.
    func outputs(of fold: AnyFold) -> DiffOutputs
    /// Outcome-based metrics on the realized history folded so far (may be empty).
    func outcomes(of fold: AnyFold) -> [(name: String, value: Double, higherIsBetter: Bool, meaning: String)]
    /// A number that changes whenever the outputs may have changed (e.g. learning cycles run, trades folded),
    /// so that `diff` rebuilds outputs only then; nil means "unknown, rebuild after every event".
    func generation(of fold: AnyFold) -> Int?
}

extension DiffProbe {
    public func generation(of fold: AnyFold) -> Int? { nil }
}

/// Fallback probe: a fold's report (learning cycles and counters) as its outputs.
public struct ReportProbe: DiffProbe {
    public init() {}

    public func outputs(of fold: AnyFold) -> DiffOutputs {
        let report = fold.report(context: FoldContext())
        var pairs: [(String, Double)] = [("cycles", Double(report.cycles))]
        for (key, value) in report.counters { pairs.append(("counter." + key, Double(value))) }
        return DiffOutputs(pairs)
    }

    public func outcomes(of fold: AnyFold) -> [(name: String, value: Double, higherIsBetter: Bool, meaning: String)] {
        []
    }
}
