import EventLog
public import HindsightJSON

extension SignalWeightsLearner {
    /// Path of the export under the bot root.
    public static let exportPath = "feature_store/signal_weights_gate.json"

    /// `feature_store/signal_weights_gate.json` in the reference's shape (§1.7.1): `updated_at`, `weights`,
    /// `reasoning`, `data_quality`, `evs_by_horizon`, `best_horizons`, `history` (≤ 100), `config`.
    /// Keys are sorted at every level; weights have 4 dp and EVs 6 dp as the bot writes them. Before the first
    /// learning cycle `updated_at` is null and the reasoning says no cycle ran.
    public func exportJSON() -> JSONValue {
        let c = configuration
        let names = c.components.map(\.name)
        func byName(_ value: (Int) -> JSONValue) -> JSONValue {
            .object(names.indices.sorted { names[$0] < names[$1] }.map { (names[$0], value($0)) })
        }
        let withData = names.indices.filter { stats[$0].outcomes >= c.minSamples }.map { names[$0] }.sorted()
        let noData = names.indices.filter { stats[$0].outcomes < c.minSamples }.map { names[$0] }.sorted()
        let weightsJSON = { (w: [Double]) in byName { .double(rounded(w[$0], places: 4)) } }
        return .object([
            (
                "best_horizons",
                byName { i in
                    let best = stats[i].bestHorizon
                    return .object([
                        ("ev", .double(rounded(best?.ev ?? 0, places: 6))),
                        ("horizon", .string(best?.horizon.label ?? Horizon.m1.label)),
                    ])
                }
            ),
            (
                "config",
                .object([
                    ("max_weight_change_pct", .double(c.maxChangePct)),
                    ("min_samples", .int(Int64(c.minSamples))),
                    ("min_weight_floor", .double(c.weightFloor)),
                ])
            ),
            (
                "data_quality",
                .object([
                    ("min_samples_required", .int(Int64(c.minSamples))),
                    ("signals_no_data", .array(noData.map { .string($0) })),
                    ("signals_with_data", .array(withData.map { .string($0) })),
                    ("total_outcomes", .int(Int64(totalOutcomes))),
                ])
            ),
            (
                "evs_by_horizon",
                byName { i in
                    .object(
                        Horizon.allCases.sorted { $0.label < $1.label }.map { h in
                            (h.label, .double(rounded(stats[i].horizons[Int(h.rawValue) - 1].ev, places: 6)))
                        }
                    )
                }
            ),
            (
                "history",
                .array(
                    history.map { snapshot in
                        .object([
                            (
                                "ts",
                                snapshot.time == .min ? .null : .string(UTCTimestampFormat.pythonNaive(snapshot.time))
                            ),
                            ("weights", weightsJSON(snapshot.weights)),
                        ])
                    }
                )
            ),
            (
                "reasoning",
                byName { i in
                    .string(decisions.isEmpty ? "No learning cycle yet, default weight" : decisions[i].reasoning)
                }
            ),
            ("updated_at", updatedAt.map { .string(UTCTimestampFormat.pythonNaive($0)) } ?? .null),
            ("weights", weightsJSON(weights)),
        ])
    }

    /// The export's bytes: pretty-printed like the bot's `json.dump(indent=2)`, with a trailing newline.
    public func exportBytes() -> [UInt8] {
        JSONWriter.pretty.bytes(exportJSON()) + [UInt8(ascii: "\n")]
    }
}
