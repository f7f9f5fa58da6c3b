/// Collects what the written records realize, for `truth.json`. Only valid (unbroken) records count.
struct TruthAccumulator {
    struct HorizonStats {
        var n = 0
        var hits = 0
        var signedReturnSum = 0.0
        var winMagnitudeSum = 0.0
        var lossMagnitudeSum = 0.0
    }

    struct ComponentStats {
        var outcomes = 0
        var partial = 0
        var horizons = [HorizonStats](repeating: HorizonStats(), count: 5)
    }

    struct GateStats {
        var n = 0
        var sums = [0.0, 0.0, 0.0]
        var wouldWin = 0
    }

    struct PositionStats {
        var n = 0
        var wins = 0
        var roiSum = 0.0
        var pnlSum = 0.0

        mutating func add(netROI: Double, pnl: Double) {
            n += 1
            if pnl > 0 { wins += 1 }
            roiSum += netROI
            pnlSum += pnl
        }

        var realized: PlantedTruth.PositionRealized {
            PlantedTruth.PositionRealized(
                closed: n,
                winRate: n > 0 ? Double(wins) / Double(n) : nil,
                meanNetROI: n > 0 ? roiSum / Double(n) : nil,
                totalPnlUSD: pnlSum
            )
        }
    }

    var components: [ComponentStats]
    var gates: [GateStats]
    var states: [[PositionStats]]
    var timeframes = [PositionStats](repeating: PositionStats(), count: 3)
    /// Keyed by `SYMBOL_direction` as stored; looked up only for the planted combo (no iteration order issue).
    var combos: [String: PositionStats] = [:]
    var counts: [String: Int] = [:]
    var lines = [0, 0, 0]
    var brokenLines: [[Int]] = [[], [], []]
    var brokenKinds: [[String: Int]] = [[:], [:], [:]]
    var brokenPositions: [Int] = []
    var droppedOutcomes = 0

    init(model: PlantedModel) {
        components = [ComponentStats](repeating: ComponentStats(), count: model.components.count)
        gates = [GateStats](repeating: GateStats(), count: model.gates.count)
        states = model.attribution.map { [PositionStats](repeating: PositionStats(), count: $0.states.count) }
    }

    mutating func count(_ key: String) { counts[key, default: 0] += 1 }

    mutating func recordBroken(_ file: BotFile, lineNumber: Int, kind: Int) {
        brokenLines[file.rawValue].append(lineNumber)
        brokenKinds[file.rawValue][BrokenRecords.kindNames[kind], default: 0] += 1
    }

    mutating func recordBrokenPosition(index: Int) { brokenPositions.append(index) }

    mutating func recordOutcome(component: Int, isLong: Bool, returns: [Double?], hits: [Bool?], partial: Bool) {
        components[component].outcomes += 1
        if partial { components[component].partial += 1 }
        for i in 0..<5 {
            guard let r = returns[i], let hit = hits[i] else { continue }
            var h = components[component].horizons[i]
            h.n += 1
            h.signedReturnSum += isLong ? r : -r
            if hit {
                h.hits += 1
                h.winMagnitudeSum += abs(r)
            } else {
                h.lossMagnitudeSum += abs(r)
            }
            components[component].horizons[i] = h
        }
    }

    mutating func recordCounterfactual(gate: Int, pnlPct: [Double]) {
        gates[gate].n += 1
        for i in 0..<3 { gates[gate].sums[i] += pnlPct[i] }
        if pnlPct[2] > 0.1 { gates[gate].wouldWin += 1 }
    }

    mutating func recordClose(
        symbol: String,
        directionRaw: String,
        timeframe: Int,
        states chosen: [Int]?,
        netROI: Double,
        pnl: Double
    ) {
        timeframes[timeframe].add(netROI: netROI, pnl: pnl)
        if let chosen {
            for (family, state) in chosen.enumerated() { states[family][state].add(netROI: netROI, pnl: pnl) }
        }
        combos["\(symbol)_\(directionRaw)", default: PositionStats()].add(netROI: netROI, pnl: pnl)
    }

    func finish(
        configuration: SimulatorConfiguration,
        model: PlantedModel,
        endMicros: Int64,
        live: Bool,
        openPositions: Int,
        closedPositions: Int
    ) -> PlantedTruth {
        let labels = BotSimulator.horizonLabels
        var componentTruth: [String: PlantedTruth.ComponentTruth] = [:]
        for (c, component) in model.components.enumerated() {
            let stats = components[c]
            var hitRate: [String: Double] = [:]
            var meanSigned: [String: Double] = [:]
            var ev: [String: Double] = [:]
            var best: (String, Double)?
            for i in 0..<5 {
                let h = stats.horizons[i]
                guard h.n > 0 else { continue }
                let n = Double(h.n)
                let wr = Double(h.hits) / n
                let meanWin = h.hits > 0 ? h.winMagnitudeSum / Double(h.hits) : 0
                let meanLoss = h.n - h.hits > 0 ? h.lossMagnitudeSum / Double(h.n - h.hits) : 0
                let e = wr * meanWin - (1 - wr) * meanLoss
                hitRate[labels[i]] = wr
                meanSigned[labels[i]] = h.signedReturnSum / n
                ev[labels[i]] = e
                if best == nil || e > best!.1 { best = (labels[i], e) }
            }
            componentTruth[component.name] = PlantedTruth.ComponentTruth(
                edge: component.drift > 0 ? "positive" : (component.drift < 0 ? "inverted" : "none"),
                bestHorizon: component.drift != 0 ? component.horizon : nil,
                plantedDrift: component.drift,
                fireProbability: component.fireProbability,
                realized: PlantedTruth.ComponentRealized(
                    outcomes: stats.outcomes,
                    partial: stats.partial,
                    hitRate: hitRate,
                    meanSignedReturn: meanSigned,
                    ev: ev,
                    bestHorizonByEV: best?.0
                )
            )
        }

        var gateTruth: [String: PlantedTruth.GateTruth] = [:]
        for (g, gate) in model.gates.enumerated() {
            let stats = gates[g]
            var means: [String: Double] = [:]
            if stats.n > 0 {
                for (i, label) in ["5m", "15m", "60m"].enumerated() { means[label] = stats.sums[i] / Double(stats.n) }
            }
            let blockGates: [String]
            switch gate.variant {
            case .convictionGate: blockGates = ["conviction_gate"]
            case .beta: blockGates = ["beta_filter"]
            case .counterfactualTracker:
                blockGates = gate.name == "time_filter" ? (0..<4).map { "hour_\($0)_utc" } : [gate.name]
            }
            gateTruth[gate.name] = PlantedTruth.GateTruth(
                counterfactual: gate.kind.rawValue,
                plantedDrift60m: gate.drift,
                recordVariant: gate.variant.rawValue,
                blockGates: blockGates,
                realized: PlantedTruth.GateRealized(
                    blocked: stats.n,
                    meanPnlPct: means,
                    wouldWinRate60m: stats.n > 0 ? Double(stats.wouldWin) / Double(stats.n) : nil
                )
            )
        }

        var effects: [String: [String: PlantedTruth.StateTruth]] = [:]
        for (f, family) in model.attribution.enumerated() {
            var byState: [String: PlantedTruth.StateTruth] = [:]
            for (s, state) in family.states.enumerated() {
                byState[state.state] = PlantedTruth.StateTruth(
                    plantedDrift: state.drift,
                    multiplier: state.multiplier,
                    realized: states[f][s].realized
                )
            }
            effects[family.family] = byState
        }

        var byTimeframe: [String: PlantedTruth.StateTruth] = [:]
        for (i, tf) in model.timeframes.enumerated() {
            byTimeframe[tf.label] = PlantedTruth.StateTruth(
                plantedDrift: tf.drift,
                multiplier: nil,
                realized: timeframes[i].realized
            )
        }
        let planted = model.timeframes.sorted { $0.drift > $1.drift }.map(\.label)
        let realized = model.timeframes.indices.sorted {
            (timeframes[$0].realized.meanNetROI ?? -.infinity) > (timeframes[$1].realized.meanNetROI ?? -.infinity)
        }.map { model.timeframes[$0].label }

        let comboSymbol = model.symbols[model.killedComboSymbol].name
        let combo = PlantedTruth.ComboTruth(
            symbol: comboSymbol,
            direction: model.killedComboDirection,
            plantedDrift: model.killedComboDrift,
            realized: (combos["\(comboSymbol)_\(model.killedComboDirection)"] ?? PositionStats()).realized
        )

        var files: [String: PlantedTruth.FileFacts] = [:]
        for file in [BotFile.signals, .signalOutcomes, .blockedTrades] {
            files[file.relativePath] = PlantedTruth.FileFacts(
                records: lines[file.rawValue],
                brokenRecords: brokenLines[file.rawValue],
                brokenKinds: brokenKinds[file.rawValue]
            )
        }
        files[BotFile.positions.relativePath] = PlantedTruth.FileFacts(
            records: openPositions + closedPositions,
            brokenRecords: brokenPositions,
            brokenKinds: brokenPositions.isEmpty ? [:] : ["wrong_type": brokenPositions.count]
        )
        var variants = counts
        variants["signal_outcomes.dropped_without_prices"] = droppedOutcomes
        variants["positions.open_at_end"] = openPositions

        return PlantedTruth(
            schemaVersion: 1,
            configuration: PlantedTruth.Configuration(
                seed: configuration.seed,
                start: BotTimestamps.zulu(configuration.startMicros),
                end: BotTimestamps.zulu(endMicros),
                days: Double(endMicros - configuration.startMicros) / 86_400_000_000,
                symbols: model.symbols.map(\.name),
                evaluationsPerHour: configuration.evaluationsPerHour,
                brokenLineRate: configuration.brokenLineRate,
                live: live
            ),
            files: files,
            components: componentTruth,
            gates: gateTruth,
            gateEffects: effects,
            timeframes: PlantedTruth.TimeframeTruth(
                plantedRanking: planted,
                realizedRanking: realized,
                byTimeframe: byTimeframe
            ),
            killedCombos: [combo],
            variants: variants
        )
    }
}
