import EventLog
import HindsightJSON
import HindsightTestSupport
import Ingest
import Testing

@Suite("Normalize: positions document")
struct NormalizePositionsTests {
    /// §1.3 "Example, closed (real record from b24b13af, abbreviated)", verbatim.
    static let closedExample = """
        {"symbol": "ETHUSDT", "direction": "long", "strategy": "Sentiment-Fusion", "entry_price": 3333.6, "size": 300.0,
         "leverage": 6, "margin_collateral": 50.0, "liquidation_price": null, "peak_price": null, "trough_price": null,
         "scaled": 0, "opened_at": "2025-12-09T14:28:01.422187-07:00", "venue": "futures", "ofi_score": 0.0,
         "ensemble_score": 0.0, "mtf_confidence": 0.0, "regime": "Stable", "expected_roi": 0.0, "volatility": 0.0,
         "bot_type": "alpha", "was_inverted": false, "conviction": "UNKNOWN", "aligned_signals": 0, "signal_components": {},
         "bid_ask_imbalance": 0, "spread_bps": 0, "return_5m": 0, "return_15m": 0, "fear_greed": 0.5, "intel_direction": 0,
         "intel_confidence": 0, "depth_ratio": 1.0, "timing_id": "ETHUSDT_long_1765315681", "mtf_alignment": 0.0,
         "exit_price": 3301.63, "closed_at": "2025-12-09T14:48:16.805594-07:00", "close_reason": "stop_loss_breach",
         "funding_fees": 0.0, "price_roi": 0.00959, "leveraged_roi": 0.05754, "final_roi": 0.05034, "pnl": 2.517,
         "pnl_pct": 5.034, "net_pnl": 2.517, "gross_pnl": 2.877, "net_roi": 0.05034, "trading_fees": 0.36}
        """

    /// §1.3 "Example, open in the HEAD shape", verbatim.
    static let openExample = """
        {"symbol": "SOLUSDT", "direction": "SHORT", "strategy": "Alpha-OFI", "entry_price": 131.2, "size": 600.0, "leverage": 3,
         "margin_collateral": 200.0, "liquidation_price": null, "peak_price": null, "trough_price": 131.2, "scaled": 0,
         "opened_at": "2025-12-26T10:05:12.004411-07:00", "execution_timestamp": 1766768712.0041, "signal_price": null,
         "signal_timestamp": null, "venue": "futures", "ofi_score": 0.71, "ensemble_score": 0.12, "mtf_confidence": 0.4,
         "regime": "Stable", "expected_roi": 0.004, "volatility": 0.0, "hurst_regime_at_entry": "trending",
         "hurst_value_at_entry": 0.58, "oi_delta_5m_at_entry": 1250000.0, "is_true_trend": true, "max_pain_at_entry": 0.0,
         "volatility_snapshot": {"atr_14": 0.42, "volume_24h": 81234.5, "regime_at_entry": "trending", "bid_ask_spread_bps": 0.8,
           "signal_price": null, "signal_components": {}, "mfe_pct": 0.0, "mae_pct": 0.0, "mfe_price": null, "mae_price": null},
         "bot_type": "alpha", "was_inverted": false, "conviction": "UNKNOWN", "aligned_signals": 0, "trading_window": "24_7",
         "signal_components": {}, "gate_attribution": {"intel_reason": "intel_conflict_long_moderate",
           "streak_reason": "streak_reduce_2_losses", "regime_reason": "REGIME_MATCH: momentum matches TRENDING regime (H=0.580)",
           "fee_reason": null, "roi_reason": null, "intel_mult": 0.6, "streak_mult": 0.7, "regime_mult": 1.0, "fee_mult": 1.0,
           "roi_mult": 1.0},
         "intel_reason": "intel_conflict_long_moderate", "streak_reason": "streak_reduce_2_losses",
         "regime_reason": "REGIME_MATCH: momentum matches TRENDING regime (H=0.580)", "fee_reason": null, "roi_reason": null,
         "bid_ask_imbalance": 0, "spread_bps": 0, "return_5m": 0, "return_15m": 0, "fear_greed": 0.5, "intel_direction": 0,
         "intel_confidence": 0, "depth_ratio": 1.0, "timing_id": "SOLUSDT_SHORT_1766768712", "mtf_alignment": 0.25}
        """

    func document(open: [String], closed: [String], extra: String = "") throws -> PositionsDocument {
        var normalizer = RecordNormalizer()
        let text =
            #"{"open_positions": [\#(open.joined(separator: ",\n"))], "closed_positions": [\#(closed.joined(separator: ", "))]\#(extra)}"#
        return try normalizer.positions(Array(text.utf8))
    }

    @Test("real positions_futures.f1f5ab65.json: 10 open, 34 closed, no rejection, exact byte ranges")
    func realDocument() throws {
        let bytes = RealData.bytes("positions_futures.f1f5ab65.json")
        var normalizer = RecordNormalizer()
        let document = try normalizer.positions(bytes)
        #expect(document.open.count == 10)
        #expect(document.closed.count == 34)
        let oracle = try JSONParser().value(bytes)
        for (records, name) in [(document.open, "open_positions"), (document.closed, "closed_positions")] {
            for record in records {
                if case .rejected(let r, _) = record.verdict {
                    Issue.record("\(name)[\(record.index)] rejected: \(r.detail)")
                }
                let slice = Array(bytes[record.byteRange])
                #expect(slice.first == UInt8(ascii: "{") && slice.last == UInt8(ascii: "}"))
                let parsed = try JSONParser().value(slice)
                #expect(parsed == oracle[name]?[record.index])
            }
        }
        // 21 lowercase `long` closes: the bot booked 18 of them with the wrong sign, 4 more with the wrong size.
        let flags = document.closed.compactMap { r -> [DataQualityFlag]? in
            guard case .closed(let c, _) = r.verdict else { return nil }
            return c.quality
        }
        #expect(flags.filter { $0.contains(.nonCanonicalDirection) }.count == 21)
        #expect(flags.filter { $0.contains(.pnlSignMismatch) }.count == 16)
        #expect(flags.filter { $0.contains(.pnlMagnitudeMismatch) }.count == 4)
        #expect(flags.filter { !$0.contains(.nonCanonicalDirection) }.allSatisfy { $0.isEmpty })
    }

    @Test("closed example: lowercase long recomputed as a long, sign mismatch flagged")
    func closedExample() throws {
        let doc = try document(open: [], closed: [Self.closedExample])
        guard case .closed(let c, let time) = try #require(doc.closed.first).verdict else {
            Issue.record("not closed: \(doc.closed)")
            return
        }
        #expect(time == TimestampParser.parse("2025-12-09T14:48:16.805594-07:00")?.microseconds)
        #expect(c.closedAt == time)
        #expect(
            c.key
                == PositionKey(
                    symbol: "ETHUSDT",
                    strategy: "Sentiment-Fusion",
                    directionRaw: "long",
                    openedAt: 1_765_315_681_422_187
                )
        )
        #expect(c.side == .long && c.exitVariant == .standard && c.closeReason == "stop_loss_breach")
        #expect(c.recordedPnlUSD == 2.517 && c.recordedPnlPct == 5.034 && c.recordedNetROI == 0.05034)
        #expect(c.tradingFeesUSD == 0.36 && c.fundingFeesUSD == 0.0)
        // long: (3301.63 − 3333.6)/3333.6 × 6 − 0.36/50
        let expected = (3301.63 - 3333.6) / 3333.6 * 6 - 0.36 / 50
        #expect(abs(try #require(c.netReturn) - expected) < 1e-12)
        #expect(abs(try #require(c.netPnlUSD) - 50 * expected) < 1e-9)
        #expect(c.quality == [.pnlSignMismatch, .nonCanonicalDirection])
    }

    @Test("open example (HEAD shape): key, gate attribution, meaningful fields")
    func openExample() throws {
        let doc = try document(open: [Self.openExample], closed: [])
        guard case .open(let o, let time, let meaningful) = try #require(doc.open.first).verdict else {
            Issue.record("not open: \(doc.open)")
            return
        }
        #expect(time == TimestampParser.parse("2025-12-26T10:05:12.004411-07:00")?.microseconds)
        #expect(o.key == PositionKey(symbol: "SOLUSDT", strategy: "Alpha-OFI", directionRaw: "SHORT", openedAt: time))
        #expect(o.side == .short && o.entryPrice == 131.2 && o.sizeUSD == 600 && o.leverage == 3 && o.marginUSD == 200)
        #expect(o.venue == "futures" && o.signalPrice == nil && o.orderID == nil && o.timeframe == nil)
        #expect(
            o.gateAttribution
                == GateAttribution(
                    intelReason: "intel_conflict_long_moderate",
                    streakReason: "streak_reduce_2_losses",
                    regimeReason: "REGIME_MATCH: momentum matches TRENDING regime (H=0.580)",
                    intelMult: 0.6,
                    streakMult: 0.7,
                    regimeMult: 1.0,
                    feeMult: 1.0,
                    roiMult: 1.0
                )
        )
        #expect(
            meaningful == [
                PositionFieldChange(field: "entry_price", value: .double(131.2)),
                PositionFieldChange(field: "leverage", value: .int(3)),
                PositionFieldChange(field: "liquidation_price", value: .null),
                PositionFieldChange(field: "margin_collateral", value: .double(200)),
                PositionFieldChange(field: "peak_price", value: .null),
                PositionFieldChange(field: "scaled", value: .int(0)),
                PositionFieldChange(field: "size", value: .double(600)),
                PositionFieldChange(field: "trough_price", value: .double(131.2)),
            ]
        )
        var normalizer = RecordNormalizer()
        #expect(normalizer.meaningfulFields(ofOpenPosition: Array(Self.openExample.utf8)) == meaningful)
        #expect(normalizer.meaningfulFields(ofOpenPosition: Array("[1]".utf8)).isEmpty)
    }

    static let zombieExit = """
        {"symbol": "BTCUSDT", "direction": "SHORT", "strategy": "Alpha-OFI", "entry_price": 90000.0, "size": 300.0, "leverage": 3, \
        "margin_collateral": 100.0, "opened_at": "2025-12-10T09:00:00.000000-07:00", "exit_price": 89100.0, \
        "exit_time": "2025-12-10T10:00:00.000000-07:00", "exit_reason": "external_zombie_cleanup", "realized_pnl": 2.64, "status": "closed"}
        """

    static let zombieCorrupted = """
        {"symbol": "DOGEUSDT", "direction": "LONG", "strategy": "Trend-Conservative", "entry_price": 0.14, "size": 200.0, "leverage": 4, \
        "margin_collateral": 50.0, "opened_at": "2025-12-10T09:00:00.000000-07:00", "exit_price": 0.147, \
        "closed_at": "2025-12-10T18:00:00.123456", "close_reason": "zombie_cleanup_corrupted_data", "pnl": 9.76, "fees": 0.24, \
        "net_pnl": 9.76, "hold_time_seconds": 10800}
        """

    @Test("zombie exit variants")
    func zombies() throws {
        let doc = try document(open: [], closed: [Self.zombieExit, Self.zombieCorrupted])
        guard case .closed(let exit, let exitTime) = doc.closed[0].verdict,
            case .closed(let corrupted, let corruptedTime) = doc.closed[1].verdict
        else {
            Issue.record("not closed: \(doc.closed)")
            return
        }
        #expect(exit.exitVariant == .zombieExitFields && exit.closeReason == "external_zombie_cleanup")
        #expect(exitTime == TimestampParser.parse("2025-12-10T17:00:00Z")?.microseconds)
        #expect(exit.recordedPnlUSD == 2.64)
        // short: 0.01 × 3 − 2 × 0.0006 × 300 / 100 = 0.0264 → 2.64 USD: agrees with the record.
        #expect(abs(try #require(exit.netReturn) - 0.0264) < 1e-12)
        #expect(exit.quality.isEmpty)
        #expect(corrupted.exitVariant == .zombieCorrupted && corrupted.tradingFeesUSD == 0.24)
        #expect(corruptedTime == TimestampParser.parse("2025-12-10T18:00:00.123456Z")?.microseconds)
        #expect(abs(try #require(corrupted.netPnlUSD) - 9.76) < 1e-9)
        #expect(corrupted.quality == [.naiveTimestamp])
    }

    @Test("missing exit price and margin are flagged; fees default to 2 × 0.0006 × notional")
    func partialData() throws {
        let noExit =
            #"{"symbol": "A", "direction": "LONG", "entry_price": 10.0, "opened_at": 1765000000, "closed_at": 1765003600, "margin_collateral": 10.0, "leverage": 2}"#
        let noMargin =
            #"{"symbol": "B", "direction": "SHORT", "entry_price": 10.0, "exit_price": 9.0, "opened_at": 1765000000, "closed_at": 1765003600}"#
        let defaultFees =
            #"{"symbol": "C", "direction": "LONG", "strategy": "S", "entry_price": 100.0, "exit_price": 101.0, "opened_at": 1765000000, "closed_at": 1765003600, "size": 1000.0, "leverage": 10, "margin_collateral": 100.0, "pnl": 0.0}"#
        let doc = try document(open: [], closed: [noExit, noMargin, defaultFees])
        guard case .closed(let a, _) = doc.closed[0].verdict, case .closed(let b, _) = doc.closed[1].verdict,
            case .closed(let c, _) = doc.closed[2].verdict
        else {
            Issue.record("not closed: \(doc.closed)")
            return
        }
        #expect(a.quality == [.missingExitPrice] && a.netReturn == nil && a.key.strategy == "")
        #expect(b.quality == [.missingMargin] && b.netReturn == nil)
        // 0.01 × 10 − 2 × 0.0006 × 1000 / 100 = 0.088; recorded 0 → magnitude mismatch.
        #expect(abs(try #require(c.netReturn) - 0.088) < 1e-12)
        #expect(c.quality == [.pnlMagnitudeMismatch])
    }

    @Test("per-element rejections do not fail the document")
    func elementRejections() throws {
        let doc = try document(
            open: [
                Self.openExample, "42",
                #"{"symbol": "X", "direction": "UP", "entry_price": 1, "opened_at": 1765000000}"#,
            ],
            closed: [#"{"symbol": "X", "direction": "LONG", "entry_price": 1, "opened_at": 1765000000}"#]
        )
        #expect(doc.open.count == 3 && doc.closed.count == 1)
        guard case .rejected(let notObject, nil) = doc.open[1].verdict,
            case .rejected(let badDirection, let t) = doc.open[2].verdict,
            case .rejected(let noClose, _) = doc.closed[0].verdict
        else {
            Issue.record("expected rejections: \(doc)")
            return
        }
        #expect(notObject.reason == .notAnObject)
        #expect(badDirection.reason == .invalidValue && badDirection.detail.contains("'direction'"))
        #expect(t == 1_765_000_000_000_000)
        #expect(noClose == RecordRejected(reason: .missingField, detail: "field 'closed_at' is missing"))
    }

    @Test("documents: unknown top-level keys ignored, arrays optional, whitespace-exact ranges")
    func documentShapes() throws {
        var normalizer = RecordNormalizer()
        #expect(
            try normalizer.positions(Array(#"{"open_positions": []}"#.utf8)) == PositionsDocument(open: [], closed: [])
        )
        #expect(try normalizer.positions(Array(#"{"positions": [], "created_at": "x"}"#.utf8)).open.isEmpty)
        let text =
            #"{"created_at": {"a": ["]", "}"]}, "closed_positions": [ ], "open_positions" : [  \#(Self.openExample)  ,"x\"]"  ] , "trades": [1]}"#
        let bytes = Array(text.utf8)
        let doc = try normalizer.positions(bytes)
        #expect(doc.open.count == 2 && doc.closed.isEmpty)
        #expect(Array(bytes[doc.open[0].byteRange]) == Array(Self.openExample.utf8))
        #expect(Array(bytes[doc.open[1].byteRange]) == Array(#""x\"]""#.utf8))
    }

    @Test(
        "a document that cannot be read as a whole is an error, never 'no positions'",
        arguments: [
            ("", PositionsDocumentError.Code.invalidJSON), (#"{"open_positions": [{"symbol": "A""#, .invalidJSON),
            ("[]", .notAnObject), (#"{"open_positions": {}}"#, .wrongType), (#"{"closed_positions": 3}"#, .wrongType),
        ]
    )
    func unreadable(text: String, code: PositionsDocumentError.Code) {
        var normalizer = RecordNormalizer()
        #expect(throws: PositionsDocumentError.self) { try normalizer.positions(Array(text.utf8)) }
        do {
            _ = try normalizer.positions(Array(text.utf8))
        } catch {
            #expect(error.code == code)
            #expect(!error.message.isEmpty)
        }
        #expect((try? normalizer.positions([0x7B, 0xFF, 0x7D]))?.open == nil)
    }

    @Test("the PositionsCodec adapter returns exact element bytes and unreadable documents")
    func codec() {
        let codec = RecordNormalizer.positionsCodec()
        let bytes = RealData.bytes("positions_futures.f1f5ab65.json")
        guard case .document(let open, let closed) = codec.parseDocument(bytes) else {
            Issue.record("unreadable")
            return
        }
        #expect(open.count == 10 && closed.count == 34)
        for element in open {
            guard case .open(_, _, let meaningful) = element.verdict else {
                Issue.record("rejected open")
                continue
            }
            #expect(codec.meaningfulFields(element.bytes) == meaningful)
            #expect(!meaningful.isEmpty)
        }
        guard case .unreadable = codec.parseDocument(Array(bytes.prefix(5000))) else {
            Issue.record("truncated document read as a document")
            return
        }
    }
}
