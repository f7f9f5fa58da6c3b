public import Foundation

/// Everything the simulator planted in a bot root, and what the written files actually realize, as stored in
/// `DIR/truth.json`. Tests and the demo load it to put planted truth next to what a learner recovered.
///
/// "Planted" values are the generator's intent (drifts injected into the price path); "realized" values are
/// measured on the records as written (valid records only), so a test can assert against either.
public struct PlantedTruth: Codable, Sendable, Equatable {
    public var schemaVersion: Int
    public var configuration: Configuration
    /// Keyed by the file's path relative to the root (`logs/signals.jsonl`, …).
    public var files: [String: FileFacts]
    /// Keyed by `signal_name`.
    public var components: [String: ComponentTruth]
    /// Keyed by gate (the time filter is one entry, `time_filter`, whose rows say `hour_<H>_utc`).
    public var gates: [String: GateTruth]
    /// Sizing-gate states on positions: family (`intel`, `streak`, `regime`, `fee`, `roi`) → state → truth.
    public var gateEffects: [String: [String: StateTruth]]
    public var timeframes: TimeframeTruth
    public var killedCombos: [ComboTruth]
    /// How many records of each format variant were written (e.g. `positions.direction_lowercase_long`).
    public var variants: [String: Int]

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case configuration, files, components, gates
        case gateEffects = "gate_effects"
        case timeframes
        case killedCombos = "killed_combos"
        case variants
    }

    public struct Configuration: Codable, Sendable, Equatable {
        public var seed: UInt64
        public var start: String
        public var end: String
        public var days: Double
        public var symbols: [String]
        public var evaluationsPerHour: Double
        public var brokenLineRate: Double
        public var live: Bool

        enum CodingKeys: String, CodingKey {
            case seed, start, end, days, symbols
            case evaluationsPerHour = "evaluations_per_hour"
            case brokenLineRate = "broken_line_rate"
            case live
        }
    }

    public struct FileFacts: Codable, Sendable, Equatable {
        /// Lines (JSONL) or array elements (positions: open + closed) written, broken ones included.
        public var records: Int
        /// 1-based line numbers of broken JSONL lines (for positions: 0-based indexes into `closed_positions`).
        public var brokenRecords: [Int]
        /// Broken records by kind: `truncated`, `invalid_json`, `wrong_type`.
        public var brokenKinds: [String: Int]

        enum CodingKeys: String, CodingKey {
            case records
            case brokenRecords = "broken_records"
            case brokenKinds = "broken_kinds"
        }
    }

    public struct ComponentTruth: Codable, Sendable, Equatable {
        /// `positive`, `inverted` or `none`.
        public var edge: String
        /// The horizon where the planted drift peaks (nil when there is no edge).
        public var bestHorizon: String?
        /// Price drift (fraction, in the signal's direction; negative when inverted) at the best horizon for
        /// confidence 0.5; it scales with 0.5 + confidence.
        public var plantedDrift: Double
        public var fireProbability: Double
        public var realized: ComponentRealized

        enum CodingKeys: String, CodingKey {
            case edge
            case bestHorizon = "best_horizon"
            case plantedDrift = "planted_drift"
            case fireProbability = "fire_probability"
            case realized
        }
    }

    public struct ComponentRealized: Codable, Sendable, Equatable {
        /// Valid outcome records written (partial ones included).
        public var outcomes: Int
        public var partial: Int
        /// Per horizon over the records that resolved it: fraction of `hits` true.
        public var hitRate: [String: Double]
        /// Per horizon: mean of the direction-adjusted return (LONG: r, SHORT: −r), a fraction.
        public var meanSignedReturn: [String: Double]
        /// Per horizon: the signal weight learner's EV (wr × mean win − (1 − wr) × mean loss on |r|), over the
        /// records that resolved it.
        public var ev: [String: Double]
        /// Argmax of `ev` (first wins).
        public var bestHorizonByEV: String?

        enum CodingKeys: String, CodingKey {
            case outcomes, partial
            case hitRate = "hit_rate"
            case meanSignedReturn = "mean_signed_return"
            case ev
            case bestHorizonByEV = "best_horizon_by_ev"
        }
    }

    public struct GateTruth: Codable, Sendable, Equatable {
        /// `winner` (blocked trades would have been profitable), `loser` or `neutral`.
        public var counterfactual: String
        /// Planted drift over the 60 minutes after a block, in the blocked trade's direction (fraction).
        public var plantedDrift60m: Double
        /// The blocked_trades.jsonl shape the gate's rows use.
        public var recordVariant: String
        /// Gate names the rows carry in `block_gate` (the conviction-gate shape has no gate field; ingest names
        /// those rows `conviction_gate`, which is listed here).
        public var blockGates: [String]
        public var realized: GateRealized

        enum CodingKeys: String, CodingKey {
            case counterfactual
            case plantedDrift60m = "planted_drift_60m"
            case recordVariant = "record_variant"
            case blockGates = "block_gates"
            case realized
        }
    }

    public struct GateRealized: Codable, Sendable, Equatable {
        /// Valid blocked rows whose 60-minute window ended inside the run.
        public var blocked: Int
        /// Mean counterfactual P&L in **percent** (±(p − p0)/p0 × 100, no fees) at 5m, 15m, 60m, from the mid
        /// price at the block (the rows' own price where they carry one).
        public var meanPnlPct: [String: Double]
        /// Fraction with 60-minute pnl_pct > 0.1 (the reference's `would_win`).
        public var wouldWinRate60m: Double?

        enum CodingKeys: String, CodingKey {
            case blocked
            case meanPnlPct = "mean_pnl_pct"
            case wouldWinRate60m = "would_win_rate_60m"
        }
    }

    public struct StateTruth: Codable, Sendable, Equatable {
        /// Planted drift over the holding period in the position's direction (fraction).
        public var plantedDrift: Double
        /// Sizing multiplier the bot applied in this state (`*_mult`).
        public var multiplier: Double?
        public var realized: PositionRealized

        enum CodingKeys: String, CodingKey {
            case plantedDrift = "planted_drift"
            case multiplier, realized
        }
    }

    /// Computed with the correct side (the P&L hindsight recomputes), not the bot's wrong-sign recorded P&L.
    public struct PositionRealized: Codable, Sendable, Equatable {
        /// Closed records (partial closes count separately, like the learners count them).
        public var closed: Int
        public var winRate: Double?
        /// Mean net return on margin (fraction).
        public var meanNetROI: Double?
        public var totalPnlUSD: Double

        enum CodingKeys: String, CodingKey {
            case closed
            case winRate = "win_rate"
            case meanNetROI = "mean_net_roi"
            case totalPnlUSD = "total_pnl_usd"
        }
    }

    public struct TimeframeTruth: Codable, Sendable, Equatable {
        /// Planted ranking, best first (by planted drift).
        public var plantedRanking: [String]
        /// Ranking by realized mean net ROI, best first.
        public var realizedRanking: [String]
        public var byTimeframe: [String: StateTruth]

        enum CodingKeys: String, CodingKey {
            case plantedRanking = "planted_ranking"
            case realizedRanking = "realized_ranking"
            case byTimeframe = "by_timeframe"
        }
    }

    public struct ComboTruth: Codable, Sendable, Equatable {
        public var symbol: String
        /// As stored in positions (`SHORT`).
        public var direction: String
        public var plantedDrift: Double
        public var realized: PositionRealized

        enum CodingKeys: String, CodingKey {
            case symbol, direction
            case plantedDrift = "planted_drift"
            case realized
        }
    }

    // MARK: - Loading and writing

    /// Reads `truth.json` from a bot root (or a path to the file itself).
    public static func load(from path: String) throws(SimulatorError) -> PlantedTruth {
        var isDirectory: ObjCBool = false
        var file = path
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            file = path + "/truth.json"
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw SimulatorError(.io, "\(file): cannot read the planted truth file")
        }
        return try decode(data, path: file)
    }

    public static func decode(_ data: Data, path: String = "truth.json") throws(SimulatorError) -> PlantedTruth {
        do {
            return try JSONDecoder().decode(PlantedTruth.self, from: data)
        } catch {
            throw SimulatorError(.invalidTruth, "\(path): not a simulator truth file (\(error))")
        }
    }

    /// Deterministic bytes: sorted keys, pretty-printed, trailing newline.
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data()
        return [UInt8](data) + [UInt8(ascii: "\n")]
    }
}
