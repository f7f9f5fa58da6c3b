import EventLog
import Ingest
import Testing

/// The examples of trading-bot-formats.md §1.1, §1.2 and §1.4, verbatim, through `RecordNormalizer`.
@Suite("Normalize: signals, outcomes, blocked trades")
struct NormalizeRecordTests {
    static let signalsExampleA = """
        {"ts": 1765823600, "ts_iso": "2025-12-15T18:33:20.512345", "symbol": "DOGEUSDT", "side": "LONG",
         "disposition": "blocked", "entry_price": null,
         "intelligence": {"ofi": 0.42, "ofi_raw": null, "ensemble": 0.0777, "mtf_confidence": 0.0014, "regime": "unknown",
           "volatility": 0.0, "market_intel": {"fear_greed": 30, "taker_ratio": 0.9084, "liquidation_bias": -0.8021,
           "signal_direction": "SHORT", "signal_confidence": 0.4, "liq_long_24h": 6517846.6, "liq_short_24h": 715859.3,
           "buy_ratio": 0.476, "sell_ratio": 0.524}, "fear_greed": 30, "taker_ratio": 0.9084, "liquidation_bias": -0.8021},
         "block_reason": "Alpha thresholds not met: OFI=0.42<0.50 or ENS=0.08<0.05", "block_gate": null,
         "context": {}, "counterfactual_pending": true}
        """

    /// Example B's fields completed with the always-present keys of §1.1.
    static let signalsExampleB = """
        {"ts": 1765823500, "ts_iso": "2025-12-15T18:31:40.000000", "symbol": "ETHUSDT", "side": "SHORT", \
        "disposition": "BLOCKED", "entry_price": 2925.7, "intelligence": {}, "block_gate": "profit_gate", \
        "block_reason": "Profit gate rejected", "context": {"strategy": "Alpha-OFI", "venue": "futures"}, \
        "counterfactual_pending": true}
        """

    static let outcomeExample = """
        {"ts": "2025-12-11T20:21:28.918595", "symbol": "XRPUSDT", "signal_name": "funding", "direction": "LONG",
         "confidence": 1.0, "price_at_signal": 2.0141,
         "prices": {"1m": 2.0178, "5m": 2.0129, "15m": 2.0229, "30m": 2.0238, "1h": 2.0201},
         "returns": {"1m": 0.001837, "5m": -0.000596, "15m": 0.004369, "30m": 0.004816, "1h": 0.002979},
         "hits": {"1m": true, "5m": false, "15m": true, "30m": true, "1h": true},
         "ev_contribution": 0.003192, "partial": false}
        """

    static let convictionBlockedExample = """
        {"ts": "2025-12-26T18:38:32.220467", "symbol": "BNBUSDT", "direction": "LONG",
         "block_reason": "OFI 0.312 below required 0.500 for LONG", "weighted_score": 0.1054, "expected_edge": 0.00065,
         "score_breakdown": {"liquidation": -0.049, "volatility_skew": 0.1258, "ofi_block": "OFI 0.312 < 0.500"},
         "signals": {"liquidation": {"direction": "SHORT", "confidence": 0.5}, "hurst": {"direction": "SHORT", "confidence": 0.13}},
         "price_at_block": null, "paper_mode": true}
        """

    func normalize(_ text: String, _ format: LineFormat) -> LineVerdict {
        var normalizer = RecordNormalizer()
        return normalizer.normalize(Array(text.utf8), as: format)
    }

    func event(_ text: String, _ format: LineFormat) -> (Int64, EventPayload)? {
        guard case .event(let time, let payload) = normalize(text, format) else {
            Issue.record("rejected: \(normalize(text, format))")
            return nil
        }
        return (time, payload)
    }

    @Test("signals.jsonl example A (live writer, lowercase disposition, null entry price)")
    func signalsLive() throws {
        let (time, payload) = try #require(event(Self.signalsExampleA, .signals))
        #expect(time == 1_765_823_600_000_000)
        guard case .decisionLogged(let d) = payload else {
            Issue.record("wrong kind \(payload.kind)")
            return
        }
        #expect(d.symbol == "DOGEUSDT")
        #expect(d.side == .long && d.sideRaw == "LONG")
        #expect(d.disposition == .blocked && d.dispositionRaw == "blocked")
        #expect(d.entryPrice == nil)
        #expect(d.blockReason == "Alpha thresholds not met: OFI=0.42<0.50 or ENS=0.08<0.05")
        #expect(d.blockGate == nil && d.strategy == nil && d.venue == nil)
        #expect(d.ofi == 0.42 && d.ensemble == 0.0777 && d.mtfConfidence == 0.0014 && d.volatility == 0.0)
        #expect(d.regime == "unknown")
    }

    @Test("signals.jsonl example B (unified_stack, uppercase, gate and context)")
    func signalsUnified() throws {
        let (time, payload) = try #require(event(Self.signalsExampleB, .signals))
        #expect(time == 1_765_823_500_000_000)
        guard case .decisionLogged(let d) = payload else {
            Issue.record("wrong kind")
            return
        }
        #expect(d.side == .short && d.disposition == .blocked && d.dispositionRaw == "BLOCKED")
        #expect(d.entryPrice == 2925.7 && d.blockGate == "profit_gate" && d.blockReason == "Profit gate rejected")
        #expect(d.strategy == "Alpha-OFI" && d.venue == "futures")
        #expect(d.ofi == nil)
    }

    @Test("signals: ts_iso is the time when ts is absent; every disposition spelling")
    func signalsVariants() throws {
        let line = #"{"ts_iso": "2025-12-15T18:33:20.512345", "symbol": "X", "side": "short", "disposition": "warned"}"#
        let (time, payload) = try #require(event(line, .signals))
        #expect(time == 1_765_823_600_512_345)
        guard case .decisionLogged(let d) = payload else {
            Issue.record("wrong kind")
            return
        }
        #expect(d.side == .short && d.sideRaw == "short" && d.disposition == .warned)
        for (raw, expected) in [
            ("EXECUTED", Disposition.executed), ("executed", .executed), ("SKIPPED", .skipped), ("PARTIAL", .partial),
            ("Blocked", .blocked), ("shadow", .other),
        ] {
            #expect(Disposition(normalizing: raw.utf8) == expected)
        }
    }

    @Test(
        "side spellings",
        arguments: [
            ("LONG", Side.long), ("long", .long), ("Long", .long), ("STRONG_LONG", .long), ("BUY", .long),
            ("buy", .long),
            ("SHORT", .short), ("short", .short), ("STRONG_SHORT", .short), ("SELL", .short), ("sell", .short),
            ("NEUTRAL", .neutral), ("", .neutral), ("sideways", .neutral),
        ]
    )
    func sides(raw: String, side: Side) {
        #expect(Side(normalizing: raw.utf8) == side)
    }

    @Test("signal_outcomes example: every horizon, fractions, event time = ts + 1h")
    func outcomeFull() throws {
        let (time, payload) = try #require(event(Self.outcomeExample, .signalOutcomes))
        guard case .signalOutcomeResolved(let o) = payload else {
            Issue.record("wrong kind")
            return
        }
        #expect(o.signalTime == 1_765_484_488_918_595)
        #expect(time == o.signalTime + 3_600_000_000)
        #expect(o.symbol == "XRPUSDT" && o.signalName == "funding" && o.side == .long && o.sideRaw == "LONG")
        #expect(o.confidence == 1.0 && o.priceAtSignal == 2.0141 && o.evContribution == 0.003192 && !o.partial)
        #expect(o.horizons.map(\.horizon) == Horizon.allCases)
        #expect(
            o.outcome(at: .m5) == HorizonOutcome(horizon: .m5, price: 2.0129, returnFraction: -0.000596, hit: false)
        )
        #expect(o.outcome(at: .h1) == HorizonOutcome(horizon: .h1, price: 2.0201, returnFraction: 0.002979, hit: true))
    }

    @Test("signal_outcomes partial: 1m..30m, Z suffix, event time = ts + 30m; unknown horizon labels ignored")
    func outcomePartial() throws {
        let line = """
            {"ts": "2025-12-15T20:28:39.729311Z", "symbol": "ETHUSDT", "signal_name": "lead_lag", "direction": "SHORT", \
            "confidence": 0.5, "price_at_signal": 2925.7, "prices": {"1m": 2929.34, "5m": 2929.34, "15m": 2930.0, "30m": 2931.0, "2h": 1}, \
            "returns": {"1m": 0.001244, "5m": 0.001244, "15m": 0.001470, "30m": 0.001812}, \
            "hits": {"1m": false, "5m": false, "15m": false, "30m": false}, "ev_contribution": -0.001, "partial": true}
            """
        let (time, payload) = try #require(event(line, .signalOutcomes))
        guard case .signalOutcomeResolved(let o) = payload else {
            Issue.record("wrong kind")
            return
        }
        #expect(o.partial && o.side == .short)
        #expect(o.horizons.map(\.horizon) == [.m1, .m5, .m15, .m30])
        #expect(time == 1_765_830_519_729_311 + 1_800_000_000)
        let bare =
            #"{"ts": "2025-12-15T20:28:39Z", "symbol": "E", "signal_name": "hurst", "direction": "LONG", "confidence": 0.2, "price_at_signal": 1}"#
        let (bareTime, barePayload) = try #require(event(bare, .signalOutcomes))
        guard case .signalOutcomeResolved(let b) = barePayload else {
            Issue.record("wrong kind")
            return
        }
        #expect(b.horizons.isEmpty && bareTime == b.signalTime)
    }

    @Test("blocked trades: conviction gate blocked_signals example")
    func blockedConviction() throws {
        let (time, payload) = try #require(event(Self.convictionBlockedExample, .blockedTrades))
        #expect(time == 1_766_774_312_220_467)
        guard case .tradeBlocked(let b) = payload else {
            Issue.record("wrong kind")
            return
        }
        #expect(b.variant == .convictionGate && b.symbol == "BNBUSDT" && b.side == .long && b.sideRaw == "LONG")
        #expect(b.gate == "conviction_gate" && b.reason == "OFI 0.312 below required 0.500 for LONG")
        #expect(b.score == 0.1054 && b.price == nil)
    }

    @Test("blocked trades: counterfactual_tracker shape")
    func blockedCounterfactual() throws {
        let line = """
            {"ts": 1765823500, "ts_iso": "2025-12-15T18:31:40", "symbol": "ETHUSDT", "side": "SHORT", "signal_price": 2925.7, \
            "expected_move_pct": 0.5, "block_gate": "profit_gate", "block_reason": "Profit gate rejected", "sizing_multiplier": 1.0, \
            "signal_context": {"strategy": "Alpha-OFI"}, "status": "blocked", "counterfactual_pnl": null, "counterfactual_pnl_pct": null}
            """
        let (time, payload) = try #require(event(line, .blockedTrades))
        #expect(time == 1_765_823_500_000_000)
        guard case .tradeBlocked(let b) = payload else {
            Issue.record("wrong kind")
            return
        }
        #expect(b.variant == .counterfactualTracker && b.side == .short && b.price == 2925.7)
        #expect(b.gate == "profit_gate" && b.reason == "Profit gate rejected" && b.expectedMovePct == 0.5)
        #expect(b.strategy == "Alpha-OFI")
    }

    @Test("blocked trades: beta shape (float ts, default gate)")
    func blockedBeta() throws {
        let line = """
            {"symbol": "SOLUSDT", "direction": "SHORT", "ofi": -0.61, "tier": "F", "ensemble": 0.02, \
            "block_reason": "tier F inverted", "signal_context": {}, "ts": 1765823600.25, "ts_iso": "2025-12-15T18:33:20.250000Z", "bot_id": "beta"}
            """
        let (time, payload) = try #require(event(line, .blockedTrades))
        #expect(time == 1_765_823_600_250_000)
        guard case .tradeBlocked(let b) = payload else {
            Issue.record("wrong kind")
            return
        }
        #expect(b.variant == .beta && b.gate == "beta_filter" && b.reason == "tier F inverted" && b.side == .short)
    }

    @Test("blocked trades: hindsight's own schema")
    func blockedHindsight() throws {
        let line = """
            {"ts": "2025-12-15T18:33:20Z", "symbol": "BTCUSDT", "side": "LONG", "gate": "fee_gate", "reason": "negative_ev", \
            "price": 86115.5, "strategy": "Breakout-Aggressive", "timeframe": "15m", "expected_move_pct": 0.35, "score": 0.2, "extra": [1]}
            """
        let (time, payload) = try #require(event(line, .blockedTrades))
        #expect(time == 1_765_823_600_000_000)
        guard case .tradeBlocked(let b) = payload else {
            Issue.record("wrong kind")
            return
        }
        #expect(
            b
                == TradeBlocked(
                    variant: .hindsight,
                    symbol: "BTCUSDT",
                    side: .long,
                    sideRaw: "LONG",
                    gate: "fee_gate",
                    reason: "negative_ev",
                    price: 86115.5,
                    strategy: "Breakout-Aggressive",
                    timeframe: "15m",
                    expectedMovePct: 0.35,
                    score: 0.2
                )
        )
    }
}
