/// One bot evaluation: component signals, the decision line, and a blocked trade or a new position.
extension BotSimulator {
    static let horizonSeconds: [Int64] = [60, 300, 900, 1800, 3600]
    static let horizonLabels = ["1m", "5m", "15m", "30m", "1h"]
    /// The reference's EV weights per horizon (§2.2).
    static let horizonWeights = [0.05, 0.15, 0.25, 0.25, 0.30]

    mutating func evaluate<Sink: BotRecordSink>(into sink: inout Sink) throws(SimulatorError) {
        let t = now
        var symbolWeights = [Double](repeating: 1, count: model.symbols.count)
        symbolWeights[model.killedComboSymbol] = model.killedComboSymbolWeight
        let s = rng.weightedIndex(symbolWeights)
        let price = markets[s].price(t)
        let regimeIndex = markets[s].regime(at: t)
        if rng.chance(0.02) { fearGreed = min(90, max(5, fearGreed + (rng.chance(0.5) ? 1 : -1))) }

        // Component signals: each plants its drift and waits for its horizons.
        var vote = 0.0
        var fired: [(component: Int, isLong: Bool, confidence: Double)] = []
        for (c, component) in model.components.enumerated() where rng.chance(component.fireProbability) {
            let isLong = rng.chance(0.5)
            let confidence = rng.chance(0.1) ? 1.0 : rng.uniform(0.1, 1.0)
            let drift = component.drift * (0.5 + confidence) * (isLong ? 1 : -1)
            let h = Double(component.horizonSeconds)
            markets[s].addDrift(at: t, magnitude: drift, rampSeconds: h, revertSeconds: h)
            vote += (isLong ? 1 : -1) * confidence
            fired.append((c, isLong, confidence))
            scheduleOutcome(symbol: s, component: c, isLong: isLong, confidence: confidence, price: price)
        }

        let isLong: Bool
        if s == model.killedComboSymbol {
            isLong = !rng.chance(model.killedComboShortProbability)
        } else if vote != 0 {
            isLong = vote > 0
        } else {
            isLong = rng.chance(0.5)
        }
        let side = isLong ? "LONG" : "SHORT"
        let context = DecisionContext(
            ofi: PythonFloat.round((isLong ? 1 : -1) * rng.uniform(0.05, 1.0), 4),
            ensemble: PythonFloat.round(rng.uniform(-0.15, 0.2), 4),
            mtfConfidence: rng.unit(),
            regime: rng.chance(0.2) ? "unknown" : SymbolMarket.regimeNames[regimeIndex],
            volatility: PythonFloat.round(SymbolMarket.regimeMultipliers[regimeIndex] * rng.uniform(0.2, 0.4), 4)
        )

        // Decision.
        let hour = BotTimestamps.utcHour(t)
        var gate: Int?
        var disposition: Disposition
        if hour < 4 && rng.chance(0.35) {
            gate = model.gates.firstIndex { $0.name == "time_filter" }
            disposition = .blocked
        } else {
            let r = rng.unit()
            if r < 0.40 {
                disposition = .blocked
                gate = rng.weightedIndex(model.gates.map(\.weight))
            } else if r < 0.86 {
                disposition = .executed
            } else {
                disposition = .warned
            }
        }
        var opened: Int?
        if disposition == .executed {
            opened = openPosition(symbol: s, isLong: isLong, price: price, context: context)
            if opened == nil {
                disposition = .blocked
                gate = model.gates.firstIndex { $0.name == "venue_router" }
            }
        }
        let convictionOFI = PythonFloat.round(abs(context.ofi) * 0.49, 3)
        let reason = gate.map {
            blockReason(gate: $0, side: side, hour: hour, symbol: s, convictionOFI: convictionOFI)
        }
        try writeDecision(
            symbol: s,
            side: side,
            disposition: disposition,
            price: price,
            gate: gate,
            reason: reason,
            context: context,
            strategy: opened.flatMap { positions[$0]?.strategy },
            into: &sink
        )
        if let gate, let reason {
            try writeBlocked(
                symbol: s,
                isLong: isLong,
                gate: gate,
                reason: reason,
                price: price,
                context: context,
                fired: fired,
                convictionOFI: convictionOFI,
                into: &sink
            )
        }
    }

    struct DecisionContext {
        var ofi: Double
        var ensemble: Double
        var mtfConfidence: Double
        var regime: String
        var volatility: Double
    }

    enum Disposition {
        case executed, blocked, warned
    }

    // MARK: - Outcomes

    private mutating func scheduleOutcome(symbol: Int, component: Int, isLong: Bool, confidence: Double, price: Double)
    {
        var resolvedAt: [Int64?] = []
        var delayed: [Bool] = []
        for h in BotSimulator.horizonSeconds {
            let r = resolver.resolution(target: now + h * 1_000_000)
            resolvedAt.append(r.time)
            delayed.append(r.delayed)
        }
        let last = resolvedAt[4]!
        var writeAt = last
        var partial = false
        if last - now > ResolverSchedule.staleMicros {
            // Cleanup runs first in the cycle after the outage: horizons the outage delayed stay unresolved.
            partial = true
            for i in 0..<5 where delayed[i] { resolvedAt[i] = nil }
            writeAt = last
            if resolvedAt.allSatisfy({ $0 == nil }) {
                truth.droppedOutcomes += 1
                return
            }
        }
        let handle = pendingOutcomes.insert(
            PendingOutcome(
                symbolIndex: symbol,
                component: component,
                isLong: isLong,
                confidence: confidence,
                priceAtSignal: price,
                signalMicros: now,
                resolvedAt: resolvedAt,
                partial: partial
            )
        )
        queue.schedule(.writeOutcome, at: writeAt, index: handle)
    }

    mutating func writeOutcome<Sink: BotRecordSink>(_ handle: Int, into sink: inout Sink) throws(SimulatorError) {
        let o = pendingOutcomes.remove(handle)
        var prices = [Double?](repeating: nil, count: 5)
        var returns = [Double?](repeating: nil, count: 5)
        var hits = [Bool?](repeating: nil, count: 5)
        var weighted = 0.0
        var weightSum = 0.0
        for i in 0..<5 {
            guard let at = o.resolvedAt[i] else { continue }
            let p = markets[o.symbolIndex].price(at)
            let r = PythonFloat.round((p - o.priceAtSignal) / o.priceAtSignal, 6)
            let hit = o.isLong ? r > 0 : r < 0
            prices[i] = p
            returns[i] = r
            hits[i] = hit
            weighted += BotSimulator.horizonWeights[i] * (hit ? abs(r) : -abs(r))
            weightSum += BotSimulator.horizonWeights[i]
        }
        let ev = PythonFloat.round(weightSum > 0 ? o.confidence * weighted / weightSum : 0, 6)

        line.reset()
        line.beginObject()
        line.key("ts")
        line.string(
            o.signalMicros >= zuluFromMicros
                ? BotTimestamps.zulu(o.signalMicros) : BotTimestamps.naiveUTC(o.signalMicros)
        )
        line.key("symbol")
        line.string(model.symbols[o.symbolIndex].name)
        line.key("signal_name")
        line.string(model.components[o.component].name)
        line.key("direction")
        line.string(o.isLong ? "LONG" : "SHORT")
        line.key("confidence")
        line.double(o.confidence)
        line.key("price_at_signal")
        line.double(o.priceAtSignal)
        line.key("prices")
        line.beginObject()
        for i in 0..<5 {
            if let p = prices[i] {
                line.key(BotSimulator.horizonLabelKeys[i])
                line.double(p)
            }
        }
        line.endObject()
        line.key("returns")
        line.beginObject()
        for i in 0..<5 {
            if let r = returns[i] {
                line.key(BotSimulator.horizonLabelKeys[i])
                line.double(r)
            }
        }
        line.endObject()
        line.key("hits")
        line.beginObject()
        for i in 0..<5 {
            if let h = hits[i] {
                line.key(BotSimulator.horizonLabelKeys[i])
                line.bool(h)
            }
        }
        line.endObject()
        line.key("ev_contribution")
        line.double(ev)
        line.key("partial")
        line.bool(o.partial)
        line.endObject()
        if try emitLine(.signalOutcomes, into: &sink) {
            truth.recordOutcome(
                component: o.component,
                isLong: o.isLong,
                returns: returns,
                hits: hits,
                partial: o.partial
            )
        }
    }

    static let horizonLabelKeys: [StaticString] = ["1m", "5m", "15m", "30m", "1h"]

    // MARK: - Decisions

    private mutating func writeDecision<Sink: BotRecordSink>(
        symbol s: Int,
        side: String,
        disposition: Disposition,
        price: Double,
        gate: Int?,
        reason: String?,
        context: DecisionContext,
        strategy: String?,
        into sink: inout Sink
    ) throws(SimulatorError) {
        // The live alpha writer (lowercase, no price, no gate, empty context) vs the unified_stack shape
        // (uppercase, price, gate, context); `warned` only exists in the live writer.
        let unified = disposition != .warned && rng.chance(0.25)
        let dispositionRaw: String
        switch disposition {
        case .executed: dispositionRaw = unified ? "EXECUTED" : "executed"
        case .blocked: dispositionRaw = unified ? "BLOCKED" : "blocked"
        case .warned: dispositionRaw = "warned"
        }
        truth.count("signals.disposition_\(dispositionRaw)")
        let gateName = gate.map { gateRowName($0, hour: BotTimestamps.utcHour(now)) }
        let intelDirection = rng.chance(0.5) ? "LONG" : "SHORT"
        let buyRatio = PythonFloat.round(rng.uniform(0.44, 0.56), 3)
        let takerRatio = PythonFloat.round(buyRatio / (1 - buyRatio), 4)
        let liquidationBias = PythonFloat.round(rng.uniform(-0.9, 0.9), 4)

        line.reset()
        line.beginObject()
        line.key("ts")
        line.int(BotTimestamps.wholeSeconds(now))
        line.key("ts_iso")
        line.string(BotTimestamps.naiveUTC(now))
        line.key("symbol")
        line.string(model.symbols[s].name)
        line.key("side")
        line.string(side)
        line.key("disposition")
        line.string(dispositionRaw)
        line.key("entry_price")
        if unified { line.double(price) } else { line.null() }
        line.key("intelligence")
        line.beginObject()
        line.key("ofi")
        line.double(context.ofi)
        line.key("ofi_raw")
        line.null()
        line.key("ensemble")
        line.double(context.ensemble)
        line.key("mtf_confidence")
        line.double(context.mtfConfidence)
        line.key("regime")
        line.string(context.regime)
        line.key("volatility")
        line.double(context.volatility)
        line.key("market_intel")
        line.beginObject()
        line.key("fear_greed")
        line.int(fearGreed)
        line.key("taker_ratio")
        line.double(takerRatio)
        line.key("liquidation_bias")
        line.double(liquidationBias)
        line.key("signal_direction")
        line.string(intelDirection)
        line.key("signal_confidence")
        line.double(PythonFloat.round(rng.uniform(0.1, 0.9), 1))
        line.key("liq_long_24h")
        line.double(PythonFloat.round(rng.uniform(1e5, 8e6), 1))
        line.key("liq_short_24h")
        line.double(PythonFloat.round(rng.uniform(1e5, 8e6), 1))
        line.key("buy_ratio")
        line.double(buyRatio)
        line.key("sell_ratio")
        line.double(PythonFloat.round(1 - buyRatio, 3))
        line.endObject()
        line.key("fear_greed")
        line.int(fearGreed)
        line.key("taker_ratio")
        line.double(takerRatio)
        line.key("liquidation_bias")
        line.double(liquidationBias)
        line.endObject()
        line.key("block_reason")
        line.string(reason)
        line.key("block_gate")
        line.string(unified ? gateName : nil)
        line.key("context")
        line.beginObject()
        if unified {
            line.key("strategy")
            line.string(strategy ?? "Alpha-OFI")
            line.key("venue")
            line.string("futures")
        }
        line.endObject()
        line.key("counterfactual_pending")
        line.bool(dispositionRaw != "EXECUTED")
        line.endObject()
        _ = try emitLine(.signals, into: &sink)
    }

    func gateRowName(_ gate: Int, hour: Int) -> String {
        model.gates[gate].name == "time_filter" ? "hour_\(hour)_utc" : model.gates[gate].name
    }

    private mutating func blockReason(
        gate: Int,
        side: String,
        hour: Int,
        symbol: Int,
        convictionOFI: Double
    ) -> String {
        let opposite = side == "LONG" ? "SHORT" : "LONG"
        switch model.gates[gate].name {
        case "profit_gate": return "Profit gate rejected"
        case "intel_gate":
            return "Intel conflict: \(side) vs \(opposite) intel (conf \(PythonFloat.round(rng.uniform(0.4, 0.9), 2)))"
        case "phase93_gate": return "Phase 9.3 exposure cap reached (\(PythonFloat.round(rng.uniform(0.3, 0.5), 2)))"
        case "learned_rules":
            return
                "Learned rule: \(model.symbols[symbol].name)_\(side) win rate \(PythonFloat.round(rng.uniform(0.2, 0.34), 2)) < 0.35"
        case "venue_router": return "Venue router: max open positions for \(model.symbols[symbol].name)"
        case "conviction_gate":
            return "OFI \(String(format3: convictionOFI)) below required 0.500 for \(side)"
        case "beta_filter": return "Beta tier F blocked"
        default: return "time_filter_block"
        }
    }

    // MARK: - Blocked trades

    private mutating func writeBlocked<Sink: BotRecordSink>(
        symbol s: Int,
        isLong: Bool,
        gate: Int,
        reason: String,
        price: Double,
        context: DecisionContext,
        fired: [(component: Int, isLong: Bool, confidence: Double)],
        convictionOFI: Double,
        into sink: inout Sink
    ) throws(SimulatorError) {
        let g = model.gates[gate]
        let side = isLong ? "LONG" : "SHORT"
        let micros = now
        line.reset()
        line.beginObject()
        switch g.variant {
        case .counterfactualTracker:
            line.key("ts")
            line.double(BotTimestamps.epochSeconds(micros))
            line.key("ts_iso")
            line.string(BotTimestamps.utcOffset(micros))
            line.key("symbol")
            line.string(model.symbols[s].name)
            line.key("side")
            line.string(side)
            line.key("signal_price")
            line.double(price)
            line.key("expected_move_pct")
            line.double(PythonFloat.round(rng.uniform(0.05, 0.9), 4))
            line.key("block_gate")
            line.string(gateRowName(gate, hour: BotTimestamps.utcHour(micros)))
            line.key("block_reason")
            line.string(reason)
            line.key("sizing_multiplier")
            line.double(PythonFloat.round(rng.uniform(0.4, 1.3), 3))
            line.key("signal_context")
            line.beginObject()
            line.key("ofi")
            line.double(context.ofi)
            line.key("ensemble")
            line.double(context.ensemble)
            line.key("regime")
            line.string(context.regime)
            line.endObject()
            line.key("status")
            line.string("blocked")
            line.key("counterfactual_pnl")
            line.null()
            line.key("counterfactual_pnl_pct")
            line.null()
        case .convictionGate:
            line.key("ts")
            line.string(BotTimestamps.naiveUTC(micros))
            line.key("symbol")
            line.string(model.symbols[s].name)
            line.key("direction")
            line.string(side)
            line.key("block_reason")
            line.string(reason)
            line.key("weighted_score")
            line.double(PythonFloat.round(rng.uniform(-0.05, 0.2), 4))
            line.key("expected_edge")
            line.double(PythonFloat.round(rng.uniform(0, 0.002), 5))
            line.key("score_breakdown")
            line.beginObject()
            for f in fired {
                line.key(model.components[f.component].name)
                line.double(PythonFloat.round((f.isLong == isLong ? 1 : -1) * f.confidence * 0.2, 4))
            }
            line.key("ofi_block")
            line.string("OFI \(String(format3: convictionOFI)) < 0.500")
            line.endObject()
            line.key("signals")
            line.beginObject()
            for f in fired {
                line.key(model.components[f.component].name)
                line.beginObject()
                line.key("direction")
                line.string(f.isLong ? "LONG" : "SHORT")
                line.key("confidence")
                line.double(PythonFloat.round(f.confidence, 2))
                line.endObject()
            }
            line.endObject()
            line.key("price_at_block")
            line.null()
            line.key("paper_mode")
            line.bool(true)
        case .beta:
            line.key("symbol")
            line.string(model.symbols[s].name)
            line.key("direction")
            line.string(side)
            line.key("ofi")
            line.double(context.ofi)
            line.key("tier")
            line.string("F")
            line.key("ensemble")
            line.double(context.ensemble)
            line.key("block_reason")
            line.string(reason)
            line.key("block_gate")
            line.string("beta_filter")
            line.key("signal_context")
            line.beginObject()
            line.endObject()
            line.key("ts")
            line.double(BotTimestamps.epochSeconds(micros))
            line.key("ts_iso")
            line.string(BotTimestamps.zulu(micros))
            line.key("bot_id")
            line.string("beta")
        }
        line.endObject()
        truth.count("blocked_trades.variant_\(g.variant.rawValue)")
        // The planted counterfactual: the market moves for or against the blocked trade over the next hour.
        markets[s].addDrift(at: micros, magnitude: g.drift * (isLong ? 1 : -1), rampSeconds: 3600, revertSeconds: 3600)
        if try emitLine(.blockedTrades, into: &sink) {
            let handle = blockedMeasures.insert(
                BlockedMeasure(symbolIndex: s, gate: gate, isLong: isLong, price: price, micros: micros)
            )
            queue.schedule(.measureBlocked, at: micros + 3_600_000_000, index: handle)
        }
    }

    mutating func measureBlocked(_ handle: Int) {
        let m = blockedMeasures.remove(handle)
        var pnl: [Double] = []
        for seconds: Int64 in [300, 900, 3600] {
            let p = markets[m.symbolIndex].price(m.micros + seconds * 1_000_000)
            pnl.append((m.isLong ? 1 : -1) * (p - m.price) / m.price * 100)
        }
        truth.recordCounterfactual(gate: m.gate, pnlPct: pnl)
    }
}

extension String {
    /// `f"{x:.3f}"`: the bot formats gate thresholds with three decimals.
    init(format3 x: Double) {
        let scaled = (abs(x) * 1000).rounded()
        let whole = Int(scaled) / 1000
        let fraction = Int(scaled) % 1000
        let digits = String(fraction)
        self = (x < 0 ? "-" : "") + "\(whole)." + String(repeating: "0", count: 3 - digits.count) + digits
    }
}
