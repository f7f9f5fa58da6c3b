public import HindsightJSON

/// Puts what a simulated bot planted next to what hindsight learned from its logs, so a person (the demo) or a
/// test can see at a glance whether the learners recovered the truth.
///
/// It reads the exports as the bot would (the JSON files under `feature_store/`), not hindsight's internal
/// state, so it checks the whole path: ingest, folds and export writing.
public struct TruthComparison: Sendable {
    public struct Row: Sendable, Equatable {
        public var subject: String
        public var planted: String
        public var learned: String
        /// True when the learned value agrees with the planted one; nil when there is nothing to agree on.
        public var agrees: Bool?
    }

    public struct Section: Sendable, Equatable {
        public var title: String
        public var rows: [Row]
    }

    public var sections: [Section]

    /// - Parameters:
    ///   - exports: parsed export files by path relative to the root (e.g. `feature_store/signal_weights_gate.json`);
    ///     a missing file gives a section saying so.
    public init(truth: PlantedTruth, exports: [String: JSONValue]) {
        sections = [
            Self.signalWeights(truth, exports["feature_store/signal_weights_gate.json"]),
            Self.allocation(truth, exports["feature_store/timeframe_allocation.json"]),
            Self.killedCombos(truth, exports["feature_store/blocked_combos.json"]),
            Self.counterfactualGates(truth, exports["feature_store/counterfactual_learnings.json"]),
        ]
    }

    /// Rows whose learned value agrees with the planted one, and rows that could be judged.
    public var score: (agreeing: Int, judged: Int) {
        let judged = sections.flatMap(\.rows).compactMap(\.agrees)
        return (judged.filter { $0 }.count, judged.count)
    }

    /// The export files this comparison reads.
    public static let exportPaths = [
        "feature_store/signal_weights_gate.json", "feature_store/timeframe_allocation.json",
        "feature_store/blocked_combos.json", "feature_store/counterfactual_learnings.json",
    ]

    // MARK: - Sections

    /// A component with a positive planted edge should get its best horizon (the planted one, or the one the
    /// written data actually realized when noise moved it); an inverted one should lose weight against its
    /// default (its "best horizon" is meaningless: it is wrong at every horizon); one without edge is not judged.
    private static func signalWeights(_ truth: PlantedTruth, _ export: JSONValue?) -> Section {
        let title = "signal weights (feature_store/signal_weights_gate.json)"
        guard let export, let weights = export["weights"] else { return missing(title) }
        // The weights before the first learning cycle are the defaults.
        let defaults = export["history"]?[0]?["weights"]
        var rows: [Row] = []
        for name in truth.components.keys.sorted() {
            guard let component = truth.components[name], let weight = weights[name]?.doubleValue else { continue }
            let learnedHorizon = export["best_horizons"]?[name]?["horizon"]?.stringValue ?? "-"
            let initial = defaults?[name]?.doubleValue
            var learned = "weight \(format(weight, 4))"
            if let initial { learned += " (from \(format(initial, 4)))" }
            learned += ", best horizon \(learnedHorizon)"
            let realized = component.realized.bestHorizonByEV
            let planted: String
            let agrees: Bool?
            switch component.edge {
            case "positive":
                let horizon = component.bestHorizon ?? "-"
                planted =
                    "positive edge at \(horizon)" + (realized.map { $0 != horizon ? " (data: \($0))" : "" } ?? "")
                agrees = learnedHorizon == horizon || learnedHorizon == realized
            case "inverted":
                planted = "inverted edge: should lose weight"
                agrees = initial.map { weight <= $0 + 0.01 }
            default:
                planted = "no edge"
                agrees = nil
            }
            rows.append(Row(subject: name, planted: planted, learned: learned, agrees: agrees))
        }
        return Section(title: title, rows: rows)
    }

    /// The planted best timeframe should end with the largest allocation.
    private static func allocation(_ truth: PlantedTruth, _ export: JSONValue?) -> Section {
        let title = "timeframe allocation (feature_store/timeframe_allocation.json)"
        guard let buckets = export?["timeframe_allocation"]?.objectValue else { return missing(title) }
        let shares = buckets.compactMap { name, value in
            value["current_allocation"]?.doubleValue.map { (name, $0) }
        }
        let learnedBest = shares.max { a, b in a.1 < b.1 || (a.1 == b.1 && a.0 > b.0) }?.0
        let plantedBest = truth.timeframes.plantedRanking.first
        let learned = shares.map { "\($0.0) \(format($0.1, 4))" }.joined(separator: ", ")
        return Section(
            title: title,
            rows: [
                Row(
                    subject: "best timeframe",
                    planted: "\(truth.timeframes.plantedRanking.joined(separator: " > "))",
                    learned: learned,
                    agrees: plantedBest.map { $0 == learnedBest }
                )
            ]
        )
    }

    /// Every planted losing combo should be killed (sides normalized to upper case).
    private static func killedCombos(_ truth: PlantedTruth, _ export: JSONValue?) -> Section {
        let title = "killed combos (feature_store/blocked_combos.json)"
        guard let killed = export?["killed"]?.arrayValue else { return missing(title) }
        let learned = Set(killed.compactMap(\.stringValue))
        var rows: [Row] = []
        for combo in truth.killedCombos.sorted(by: { ($0.symbol, $0.direction) < ($1.symbol, $1.direction) }) {
            let key = "\(combo.symbol)_\(combo.direction.uppercased())"
            rows.append(
                Row(
                    subject: key,
                    planted: "losing combo",
                    learned: learned.contains(key) ? "killed" : "not killed",
                    agrees: learned.contains(key)
                )
            )
        }
        let extra = learned.subtracting(truth.killedCombos.map { "\($0.symbol)_\($0.direction.uppercased())" })
        for key in extra.sorted() {
            rows.append(Row(subject: key, planted: "not planted", learned: "killed", agrees: nil))
        }
        return Section(title: title, rows: rows)
    }

    /// Gates planted as blocking winners should show a high would-win rate, losers a low one.
    private static func counterfactualGates(_ truth: PlantedTruth, _ export: JSONValue?) -> Section {
        let title = "counterfactual P&L of blocked trades (feature_store/counterfactual_learnings.json)"
        guard let gates = export?["gates"]?.arrayValue else { return missing(title) }
        var rows: [Row] = []
        for name in truth.gates.keys.sorted() {
            guard let gate = truth.gates[name] else { continue }
            let matching = gates.filter { g in gate.blockGates.contains(g["gate"]?.stringValue ?? "") }
            let blocked = matching.compactMap { $0["blocked"]?.doubleValue }.reduce(0, +)
            let wins = matching.compactMap { $0["would_win"]?.doubleValue }.reduce(0, +)
            guard blocked > 0 else {
                rows.append(Row(subject: name, planted: gate.counterfactual, learned: "no priced blocks", agrees: nil))
                continue
            }
            let rate = wins / blocked
            let agrees: Bool? =
                switch gate.counterfactual {
                case "winner": rate > 0.5
                case "loser": rate < 0.5
                default: nil
                }
            rows.append(
                Row(
                    subject: name,
                    planted: "blocks \(gate.counterfactual)s",
                    learned: "\(Int(blocked)) blocked, \(format(rate * 100, 1))% would have won",
                    agrees: agrees
                )
            )
        }
        return Section(title: title, rows: rows)
    }

    private static func missing(_ title: String) -> Section {
        Section(title: title, rows: [Row(subject: "-", planted: "-", learned: "export missing", agrees: nil)])
    }

    private static func format(_ value: Double, _ decimals: Int) -> String {
        JSONWriter.compact.string(.double(value.rounded(toPlaces: decimals)))
    }
}

extension Double {
    fileprivate func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
