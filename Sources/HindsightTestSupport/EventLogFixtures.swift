public import EventLog

/// Event builders for tests: one realistic example of every payload type, and a seeded generator of
/// varied drafts (random optionals, strings, original bytes) for property-based and stress tests.
public enum EventLogFixtures {
    /// 2026-01-01T00:00:00Z in microseconds.
    public static let baseTime: Int64 = 1_767_225_600_000_000

    public static let file = FileIdentity(
        device: 2049,
        inode: 131_072,
        headFingerprint: 0xDEAD_BEEF_F00D,
        headLength: 256
    )

    public static let key = PositionKey(symbol: "BTCUSDT", strategy: "alpha", directionRaw: "LONG", openedAt: baseTime)

    /// One fully populated example of every payload case (plus an unknown kind).
    public static let samplePayloads: [EventPayload] = [
        .decisionLogged(
            DecisionLogged(
                symbol: "BTCUSDT",
                side: .long,
                sideRaw: "LONG",
                disposition: .blocked,
                dispositionRaw: "BLOCKED",
                entryPrice: 97_123.5,
                blockReason: "fee gate",
                blockGate: "fee",
                strategy: "alpha",
                venue: "binance",
                ofi: -0.25,
                ensemble: 0.61,
                mtfConfidence: 0.8,
                volatility: 0.013,
                regime: "trend",
                timeframe: "15m"
            )
        ),
        .decisionLogged(
            DecisionLogged(
                symbol: "ETHUSDT",
                side: .short,
                sideRaw: "short",
                disposition: .executed,
                dispositionRaw: "executed"
            )
        ),
        .signalOutcomeResolved(
            SignalOutcomeResolved(
                symbol: "SOLUSDT",
                signalName: "ofi_momentum",
                side: .short,
                sideRaw: "SHORT",
                confidence: 0.72,
                priceAtSignal: 187.25,
                signalTime: baseTime - 3_600_000_000,
                horizons: [
                    HorizonOutcome(horizon: .m1, price: 187.1, returnFraction: -0.0008, hit: true),
                    HorizonOutcome(horizon: .m5, price: nil, returnFraction: 0.001, hit: false),
                    HorizonOutcome(horizon: .h1),
                ],
                evContribution: -0.0004,
                partial: true
            )
        ),
        .tradeBlocked(
            TradeBlocked(
                variant: .convictionGate,
                symbol: "XRPUSDT",
                side: .long,
                sideRaw: "BUY",
                gate: "conviction",
                reason: "score below threshold",
                price: 2.31,
                strategy: "beta",
                timeframe: "1h",
                expectedMovePct: 1.2,
                score: 0.43
            )
        ),
        .positionOpened(
            PositionOpened(
                key: key,
                side: .long,
                entryPrice: 97_000,
                sizeUSD: 500,
                leverage: 5,
                marginUSD: 100,
                timeframe: "4h",
                venue: "bybit",
                orderID: "ord-123",
                signalPrice: 96_990,
                gateAttribution: GateAttribution(intelReason: "ok", feeReason: "cheap", intelMult: 1.1, roiMult: 0.9)
            )
        ),
        .positionUpdated(
            PositionUpdated(
                key: key,
                changes: [
                    PositionFieldChange(field: "leverage", value: .int(10)),
                    PositionFieldChange(field: "note", value: .string("trailing")),
                    PositionFieldChange(field: "peak_price", value: .double(98_100.25)),
                    PositionFieldChange(field: "stale", value: .bool(false)),
                    PositionFieldChange(field: "trough_price", value: .null),
                ]
            )
        ),
        .positionClosed(
            PositionClosed(
                key: key,
                side: .long,
                exitVariant: .zombieExitFields,
                entryPrice: 97_000,
                exitPrice: 98_000,
                sizeUSD: 500,
                leverage: 5,
                marginUSD: 100,
                closedAt: baseTime + 7_200_000_000,
                closeReason: "tp",
                recordedPnlUSD: 5.15,
                recordedPnlPct: 5.15,
                recordedNetROI: 0.0515,
                tradingFeesUSD: 0.2,
                fundingFeesUSD: -0.01,
                netReturn: 0.05,
                netPnlUSD: 5.0,
                timeframe: "4h",
                gateAttribution: GateAttribution(regimeReason: "trend", regimeMult: 1.0),
                quality: [.pnlMagnitudeMismatch, .naiveTimestamp]
            )
        ),
        .positionRemoved(PositionRemoved(key: key, side: .short, reason: "vanished without close")),
        .recordRejected(RecordRejected(reason: .missingField, detail: "field 'symbol' is missing")),
        .sourceReset(SourceReset(reason: .rotated, previous: file, previousOffset: 123_456, current: nil)),
        .sourceReset(SourceReset(reason: .truncated, previous: nil, previousOffset: 0, current: file)),
        .unknown(kindRawValue: 200, bytes: [0x08, 0x96, 0x01, 0x12, 0x03, 0x61, 0x62, 0x63]),
    ]

    /// A draft around `payload` with a realistic original line and a file position.
    public static func draft(
        _ payload: EventPayload,
        eventTime: Int64 = baseTime,
        source: SourceID = .signals,
        offset: UInt64 = 0,
        original: [UInt8]? = nil
    ) -> EventDraft {
        let bytes =
            original ?? Array("{\"ts\":\(eventTime),\"kind\":\"\(payload.kind.name)\",\"symbol\":\"BTCUSDT\"}".utf8)
        return EventDraft(
            eventTime: eventTime,
            ingestTime: eventTime + 1_000,
            source: source,
            position: .fileRange(file: file, start: offset, end: offset + UInt64(bytes.count)),
            payload: payload,
            original: bytes
        )
    }

    /// A checkpoint of `source` at `offset` in `file`.
    public static func checkpoint(_ source: SourceID, offset: UInt64) -> SourceCheckpoint {
        SourceCheckpoint(source: source, file: file, offset: offset)
    }
}

/// SplitMix64: a tiny seeded generator so fixtures are reproducible from a seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension EventLogFixtures {
    /// `count` varied drafts from `seed`: payloads drawn from `samplePayloads` with randomized fields,
    /// event times that move forward but sometimes jump back (outcomes), originals of 0-900 bytes.
    public static func randomDrafts(count: Int, seed: UInt64, startTime: Int64 = baseTime) -> [EventDraft] {
        var rng = SeededGenerator(seed: seed)
        var time = startTime
        var offset: UInt64 = 0
        var drafts: [EventDraft] = []
        drafts.reserveCapacity(count)
        let sources: [SourceID] = [.signals, .signalOutcomes, .blockedTrades, .positions]
        for _ in 0..<count {
            time += Int64.random(in: 0...5_000_000, using: &rng)
            let eventTime =
                Bool.random(using: &rng) && Int.random(in: 0..<5, using: &rng) == 0
                ? time - Int64.random(in: 0...3_600_000_000, using: &rng) : time
            var payload = samplePayloads.randomElement(using: &rng)!
            if case .decisionLogged(var p) = payload {
                p.symbol = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "ü-coin"].randomElement(using: &rng)!
                p.entryPrice = Bool.random(using: &rng) ? Double.random(in: 0...100_000, using: &rng) : nil
                p.regime =
                    Bool.random(using: &rng) ? nil : String(repeating: "r", count: Int.random(in: 0...40, using: &rng))
                payload = .decisionLogged(p)
            }
            let length = Int.random(in: 0...900, using: &rng)
            let original = (0..<length).map { _ in UInt8.random(in: 0x20...0x7E, using: &rng) }
            let source = sources.randomElement(using: &rng)!
            var draft = draft(payload, eventTime: eventTime, source: source, offset: offset, original: original)
            if Int.random(in: 0..<4, using: &rng) == 0 {
                draft.position = .document(
                    version: rng.next() >> 40,
                    documentFingerprint: rng.next(),
                    recordFingerprint: rng.next()
                )
            } else if Int.random(in: 0..<10, using: &rng) == 0 {
                draft.position = .none
            }
            offset += UInt64(length) + 1
            drafts.append(draft)
        }
        return drafts
    }
}
