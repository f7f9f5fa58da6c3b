/// A seeded market plus a bot that trades it, writing exactly the records a real bot root holds.
///
/// Use: `var sim = BotSimulator(configuration: config); let truth = try sim.generate(into: &sink)`.
/// The simulation is a discrete-event loop in simulated time: evaluations (one signals.jsonl line, component
/// signals, maybe a blocked trade or a position), outcome resolutions (written when the bot's resolver would
/// write them), partial and final closes. Nothing reads the wall clock; `generate` stops at the configured end or
/// when `shouldStop` returns true (live runs).
public struct BotSimulator {
    public let configuration: SimulatorConfiguration
    let model: PlantedModel
    var markets: [SymbolMarket]
    var rng: SeededGenerator
    var resolver: ResolverSchedule
    var queue = EventQueue()
    var pendingOutcomes = Slab<PendingOutcome>()
    /// Positions by serial number (serials are never reused, so a stale close event can't hit a newer position).
    var positions: [Int: SimulatedPosition] = [:]
    var nextPositionSerial = 0
    /// Open position handles in opening order (the document's `open_positions` order).
    var openOrder: [Int] = []
    /// Closed records already rendered at the document's nesting level (the bot never prunes them).
    var closedRendered: [[UInt8]] = []
    var blockedMeasures = Slab<BlockedMeasure>()
    var truth: TruthAccumulator
    var line = PythonJSONWriter()
    var fearGreed = 30
    var now: Int64
    let endMicros: Int64
    let zuluFromMicros: Int64
    var positionsDirty = false
    var live = false

    public init(configuration: SimulatorConfiguration) {
        self.configuration = configuration
        model = PlantedModel.standard(symbolCount: configuration.symbolCount)
        markets = model.symbols.enumerated().map { i, symbol in
            SymbolMarket(
                symbol: symbol,
                startMicros: configuration.startMicros,
                rng: SeededGenerator(seed: configuration.seed, stream: 100 + UInt64(i))
            )
        }
        rng = SeededGenerator(seed: configuration.seed, stream: 1)
        resolver = ResolverSchedule(
            startMicros: configuration.startMicros,
            outagesPerDay: configuration.resolverOutagesPerDay,
            rng: SeededGenerator(seed: configuration.seed, stream: 2)
        )
        truth = TruthAccumulator(model: model)
        now = configuration.startMicros
        endMicros = configuration.endMicros
        zuluFromMicros =
            configuration.startMicros
            + Int64(Double(configuration.endMicros - configuration.startMicros) * configuration.outcomeZuluFromFraction)
    }

    /// Runs the simulation, sending every record to `sink`, and returns the planted truth with realized values.
    /// `endMicros` overrides the configured end (live runs pass `.max`); `shouldStop` is polled between events.
    public mutating func generate<Sink: BotRecordSink>(
        into sink: inout Sink,
        until end: Int64? = nil,
        shouldStop: () -> Bool = { false }
    ) throws(SimulatorError) -> PlantedTruth {
        guard configuration.evaluationsPerHour > 0, configuration.symbolCount > 0, configuration.days >= 0 else {
            throw SimulatorError(.invalidConfiguration, "evaluations per hour, symbols and days must be positive")
        }
        let stopAt = end ?? endMicros
        live = end != nil
        scheduleNextEvaluation()
        while let entry = queue.pop() {
            if entry.time > stopAt { break }
            if shouldStop() { break }
            now = entry.time
            switch entry.kind {
            case .evaluate:
                try evaluate(into: &sink)
                scheduleNextEvaluation()
            case .writeOutcome: try writeOutcome(entry.index, into: &sink)
            case .partialClose: try close(entry.index, partial: true, into: &sink)
            case .closePosition: try close(entry.index, partial: false, into: &sink)
            case .measureBlocked: measureBlocked(entry.index)
            }
            if positionsDirty && sink.wantsEveryPositionsVersion {
                try sink.replacePositions(positionsDocument(), at: now)
                positionsDirty = false
            }
        }
        try sink.replacePositions(positionsDocument(), at: now)
        return truth.finish(
            configuration: configuration,
            model: model,
            endMicros: min(stopAt, now),
            live: live,
            openPositions: openOrder.count,
            closedPositions: closedRendered.count
        )
    }

    private mutating func scheduleNextEvaluation() {
        let meanGapMicros = 3_600_000_000 / configuration.evaluationsPerHour
        let gap = -logarithm(max(rng.unit(), 1e-12)) * meanGapMicros
        queue.schedule(.evaluate, at: now + max(1, Int64(gap)))
    }

    // MARK: - Writing helpers

    /// Writes the line in `line` (plus a newline) to `file`, possibly broken on purpose.
    mutating func emitLine<Sink: BotRecordSink>(_ file: BotFile, into sink: inout Sink) throws(SimulatorError) -> Bool {
        truth.lines[file.rawValue] += 1
        let lineNumber = truth.lines[file.rawValue]
        var broken = false
        if rng.chance(configuration.brokenLineRate) {
            broken = true
            let kind = rng.below(3)
            truth.recordBroken(file, lineNumber: lineNumber, kind: kind)
            BrokenRecords.corrupt(&line.bytes, kind: kind)
        }
        line.bytes.append(UInt8(ascii: "\n"))
        try sink.append(line.bytes, to: file, at: now)
        return !broken
    }

    // MARK: - Positions document

    func positionsDocument() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(closedRendered.reduce(0) { $0 + $1.count + 6 } + openOrder.count * 2_500 + 200)
        out.append(contentsOf: "{\n  \"open_positions\": ".utf8)
        if openOrder.isEmpty {
            out.append(contentsOf: "[]".utf8)
        } else {
            out.append(UInt8(ascii: "["))
            for (i, handle) in openOrder.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                PyValue.newline(&out, 2)
                let p = positions[handle]!
                PyValue.object(p.openFields(multipliers: multipliers(of: p))).writeIndented(into: &out, level: 2)
            }
            PyValue.newline(&out, 1)
            out.append(UInt8(ascii: "]"))
        }
        out.append(contentsOf: ",\n  \"closed_positions\": ".utf8)
        if closedRendered.isEmpty {
            out.append(contentsOf: "[]".utf8)
        } else {
            out.append(UInt8(ascii: "["))
            for (i, record) in closedRendered.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                PyValue.newline(&out, 2)
                out.append(contentsOf: record)
            }
            PyValue.newline(&out, 1)
            out.append(UInt8(ascii: "]"))
        }
        out.append(contentsOf: ",\n  \"created_at\": \"".utf8)
        out.append(contentsOf: BotTimestamps.arizona(configuration.startMicros).utf8)
        out.append(contentsOf: "\"\n}".utf8)
        return out
    }

    func multipliers(of p: SimulatedPosition) -> [Double]? {
        guard let states = p.states else { return nil }
        return states.enumerated().map { family, state in model.attribution[family].states[state].multiplier }
    }
}

/// A component signal waiting for its horizons.
struct PendingOutcome {
    var symbolIndex: Int
    var component: Int
    var isLong: Bool
    var confidence: Double
    var priceAtSignal: Double
    var signalMicros: Int64
    /// Resolution time per horizon (1m…1h); nil = never resolved (partial outcome).
    var resolvedAt: [Int64?]
    var partial: Bool
}

/// A blocked trade whose counterfactual the truth file measures after 60 minutes.
struct BlockedMeasure {
    var symbolIndex: Int
    var gate: Int
    var isLong: Bool
    var price: Double
    var micros: Int64
}
