/// Opening and closing positions, with the planted effects of timeframe, sizing-gate states and the losing combo.
extension BotSimulator {
    static let leverages = [1, 2, 3, 5, 6, 10]

    /// Opens a position for an executed decision, or returns nil when every strategy already holds this
    /// (symbol, strategy, direction) key (the bot keeps at most one open position per key).
    mutating func openPosition(symbol s: Int, isLong: Bool, price: Double, context: DecisionContext) -> Int? {
        var weights = model.strategies.map(\.weight)
        for (i, strategy) in model.strategies.enumerated() {
            let raw = directionRaw(strategy: strategy.name, isLong: isLong)
            if openOrder.contains(where: {
                let p = positions[$0]!
                return p.symbolIndex == s && p.strategy == strategy.name && p.directionRaw == raw
            }) {
                weights[i] = 0
            }
        }
        guard weights.contains(where: { $0 > 0 }) else { return nil }
        let strategy = model.strategies[rng.weightedIndex(weights)].name
        let raw = directionRaw(strategy: strategy, isLong: isLong)
        let timeframe = rng.weightedIndex(model.timeframes.map(\.weight))
        let tf = model.timeframes[timeframe]
        let hold = rng.uniform(tf.minHoldSeconds, tf.maxHoldSeconds)

        var states: [Int]?
        var reasons = [String?](repeating: nil, count: 5)
        var drift = tf.drift
        var multiplier = 1.0
        if strategy != "Alpha-OFI" {
            var chosen: [Int] = []
            for (f, family) in model.attribution.enumerated() {
                let state = rng.weightedIndex(family.states.map(\.weight))
                chosen.append(state)
                drift += family.states[state].drift
                multiplier *= family.states[state].multiplier
                reasons[f] = attributionReason(family: f, state: family.states[state], isLong: isLong)
            }
            states = chosen
        }
        if s == model.killedComboSymbol && !isLong { drift += model.killedComboDrift }

        let leverage = BotSimulator.leverages[rng.below(BotSimulator.leverages.count)]
        let size = PythonFloat.round(rng.uniform(100, 600) * multiplier, 2)
        let margin = size / Double(leverage)
        let sign = isLong ? 1.0 : -1.0
        let digits = markets[s].priceDigits
        let entry = PythonFloat.round(price * (1 + sign * rng.uniform(0, 4e-4)), digits)
        let opened = now + Int64(rng.uniform(50_000, 1_500_000))
        let symbolName = model.symbols[s].name
        let position = SimulatedPosition(
            symbolIndex: s,
            symbol: symbolName,
            strategy: strategy,
            directionRaw: raw,
            isLong: isLong,
            timeframe: timeframe,
            states: states,
            reasons: reasons,
            leverage: leverage,
            size: size,
            margin: margin,
            entryPrice: entry,
            signalPrice: price,
            signalMicros: now,
            openedMicros: opened,
            orderID: rng.chance(0.5)
                ? "blofin-\(symbolName)-\(isLong ? "long" : "short")-\(Int(size))-\(BotTimestamps.wholeSeconds(now))"
                : nil,
            ofiScore: abs(context.ofi),
            ensembleScore: context.ensemble,
            mtfConfidence: context.mtfConfidence,
            regime: context.regime,
            expectedROI: PythonFloat.round(rng.uniform(0, 0.005), 5),
            volatility: context.volatility,
            fearGreed: Double(fearGreed) / 100,
            mtfAlignment: PythonFloat.round(rng.unit(), 2),
            closeMicros: opened + Int64(hold * 1_000_000),
            fundingRatePerHour: rng.uniform(-0.00002, 0.00006)
        )
        // The planted effect: the market drifts for or against the position over its holding period.
        markets[s].addDrift(at: now, magnitude: drift * sign, rampSeconds: hold, revertSeconds: hold / 2)
        let handle = nextPositionSerial
        nextPositionSerial += 1
        positions[handle] = position
        openOrder.append(handle)
        positionsDirty = true
        truth.count("positions.direction_\(raw)")
        if rng.chance(0.1) {
            let at = opened + Int64(hold * rng.uniform(0.3, 0.7) * 1_000_000)
            queue.schedule(.partialClose, at: at, index: handle)
        }
        queue.schedule(.closePosition, at: position.closeMicros, index: handle)
        return handle
    }

    private func directionRaw(strategy: String, isLong: Bool) -> String {
        // Trend-Conservative passes lowercase "long" (bot_cycle.py ~1925): the reference books it short-side.
        isLong ? (strategy == "Trend-Conservative" ? "long" : "LONG") : "SHORT"
    }

    private mutating func attributionReason(family: Int, state: PlantedModel.AttributionState, isLong: Bool) -> String?
    {
        let dir = isLong ? "long" : "short"
        switch (family, state.state) {
        case (0, "aligned"): return "intel_confirmed_\(dir)"
        case (0, "aligned_boost"): return "ultra_conviction"
        case (0, "neutral"): return rng.chance(0.8) ? "intel_neutral" : "no_intel_data"
        case (0, let conflict):
            return "intel_conflict_\(dir)_\(conflict.split(separator: "_")[0])"
        case (1, "neutral"): return "streak_neutral"
        case (1, let streak):
            let n = streak.hasPrefix("3") ? 3 + rng.below(2) : (streak.hasPrefix("2") ? 2 : 1)
            return streak.contains("win") ? "streak_boost_\(n)_wins" : "streak_reduce_\(n)_losses"
        case (2, "match"):
            return "REGIME_MATCH: momentum matches TRENDING regime (H=\(String(format3: rng.uniform(0.55, 0.7))))"
        case (2, _):
            return "REGIME_MISMATCH: momentum in MEAN_REVERTING regime (H=\(String(format3: rng.uniform(0.3, 0.45))))"
        case (3, "good_edge"):
            let edge = PythonFloat.round(rng.uniform(1.5, 4), 1)
            return edge >= 3 ? "strong_edge_\(edge)x" : (edge >= 2 ? "good_edge_\(edge)x" : "acceptable_edge_\(edge)x")
        case (3, "insufficient_buffer"):
            return
                "insufficient_buffer_edge_\(PythonFloat.round(rng.uniform(1.0, 1.4), 1))x_reduced_to_\(state.multiplier)x"
        case (3, _):
            return
                "negative_ev_after_fees_edge_\(PythonFloat.round(rng.uniform(0.5, 0.95), 1))x_reduced_to_\(state.multiplier)x"
        case (4, "above_threshold"): return "above_threshold"
        default: return "below_threshold_reduced_to_\(state.multiplier)x"
        }
    }

    static let closeReasons = [
        "ladder_timing_exit_now", "stop_loss_breach", "take_profit_tier1", "trailing_stop_hit",
    ]

    mutating func close<Sink: BotRecordSink>(_ handle: Int, partial: Bool, into sink: inout Sink) throws(SimulatorError)
    {
        guard var p = positions[handle] else { return }  // already fully closed by an upgraded partial
        let exit = markets[p.symbolIndex].price(now)
        var fraction = 1.0
        var full = !partial
        if partial {
            fraction = 0.5
            if p.margin * (1 - fraction) < 20 {
                fraction = 1
                full = true  // the bot upgrades a partial close leaving < $20 margin to a full close
            }
        }
        let closedSize = p.size * fraction
        let closedMargin = p.margin * fraction
        let hours = Double(now - p.openedMicros) / 3_600_000_000
        let funding = PythonFloat.round(closedSize * p.fundingRatePerHour * hours, 6)
        let math = CloseArithmetic(
            directionRaw: p.directionRaw,
            entry: p.entryPrice,
            exit: exit,
            leverage: p.leverage,
            margin: closedMargin,
            fundingFees: funding
        )
        let trueMath = CloseArithmetic(
            directionRaw: p.isLong ? "LONG" : "SHORT",
            entry: p.entryPrice,
            exit: exit,
            leverage: p.leverage,
            margin: closedMargin,
            fundingFees: funding
        )

        var record = p
        record.size = closedSize
        record.margin = closedMargin
        var fields = record.openFields(multipliers: multipliers(of: p))
        let holdText = String(format3: hours).dropLast(2)
        let reason =
            partial && !full
            ? "partial_take_profit_50pct"
            : (rng.chance(0.3)
                ? "phase92_time_exit_tier2_stagnant_\(holdText)h_at_\(String(format3: math.priceROI * 100).dropLast(1))pct"
                : BotSimulator.closeReasons[rng.below(BotSimulator.closeReasons.count)])
        let variantRoll = full ? rng.unit() : 1
        var broken = false
        if variantRoll < 0.015 {
            // External zombie cleanup: exit_time / exit_reason / realized_pnl / status.
            fields += [
                ("exit_price", .double(exit)),
                ("exit_time", .string(BotTimestamps.arizona(now))),
                ("exit_reason", .string("zombie_cleanup_stale_position")),
                ("realized_pnl", .double(math.pnl)),
                ("status", .string("closed")),
            ]
            truth.count("positions.exit_zombie_fields")
        } else if variantRoll < 0.03 {
            // zombie_cleanup_corrupted_data: naive closed_at (written as naive UTC here), no ROI fields.
            fields += [
                ("exit_price", .double(exit)),
                ("closed_at", .string(BotTimestamps.naiveUTC(now))),
                ("close_reason", .string("zombie_cleanup_corrupted_data")),
                ("pnl", .double(math.pnl)),
                ("fees", .double(math.tradingFees)),
                ("net_pnl", .double(math.pnl)),
                ("hold_time_seconds", .double(PythonFloat.round(hours * 3600, 1))),
            ]
            truth.count("positions.exit_zombie_corrupted")
        } else {
            let latency = Double(p.openedMicros - p.signalMicros) / 1000
            fields += [
                ("exit_price", .double(exit)),
                ("closed_at", .string(BotTimestamps.arizona(now))),
                ("close_reason", .string(reason)),
                ("funding_fees", .double(funding)),
                ("price_roi", .double(math.priceROI)),
                ("leveraged_roi", .double(math.leveragedROI)),
                ("final_roi", .double(math.netROI)),
                ("pnl", .double(math.pnl)),
                ("pnl_pct", .double(math.netROI * 100)),
                ("net_pnl", .double(math.pnl)),
                ("gross_pnl", .double(math.grossPnl)),
                ("net_roi", .double(math.netROI)),
                ("trading_fees", .double(math.tradingFees)),
                ("slippage_bps", .double(abs(p.entryPrice - p.signalPrice) / p.signalPrice * 10_000)),
                ("execution_latency_ms", .double(latency)),
            ]
            truth.count(partial && !full ? "positions.partial_close" : "positions.exit_standard")
        }
        if rng.chance(configuration.brokenPositionRate) {
            // A wrong-typed required field: `"symbol": 42` (an epoch-number `opened_at` would be a legal
            // timestamp spelling, so the symbol is what breaks).
            broken = true
            if let i = fields.firstIndex(where: { $0.0 == "symbol" }) { fields[i].1 = .int(42) }
            truth.recordBrokenPosition(index: closedRendered.count)
        }
        var rendered: [UInt8] = []
        PyValue.object(fields).writeIndented(into: &rendered, level: 2)
        closedRendered.append(rendered)
        if !broken {
            truth.recordClose(
                symbol: p.symbol,
                directionRaw: p.directionRaw,
                timeframe: p.timeframe,
                states: p.states,
                netROI: trueMath.netROI,
                pnl: trueMath.pnl
            )
        }

        if full {
            openOrder.removeAll { $0 == handle }
            positions[handle] = nil
        } else {
            p.size -= closedSize
            p.margin -= closedMargin
            positions[handle] = p
        }
        positionsDirty = true
    }
}
