import EventLog

/// Builds events for fold tests: times are given in seconds since a fixed origin and stored as µs.
struct EventBuilder {
    /// 2025-12-15T00:00:00Z.
    static let origin: Int64 = 1_765_756_800_000_000
    private(set) var events: [Event] = []

    static func micros(_ seconds: Int64) -> Int64 { origin + seconds * 1_000_000 }

    mutating func add(at seconds: Int64, source: SourceID, _ payload: EventPayload) {
        events.append(
            Event(
                seq: UInt64(events.count),
                eventTime: Self.micros(seconds),
                ingestTime: 0,
                source: source,
                position: .none,
                payload: payload,
                original: []
            )
        )
    }

    mutating func decision(
        at seconds: Int64,
        _ symbol: String,
        _ side: Side,
        _ disposition: Disposition,
        price: Double? = nil,
        gate: String? = nil,
        reason: String? = nil,
        strategy: String? = nil
    ) {
        add(
            at: seconds,
            source: .signals,
            .decisionLogged(
                DecisionLogged(
                    symbol: symbol,
                    side: side,
                    sideRaw: side.description,
                    disposition: disposition,
                    dispositionRaw: disposition.description.uppercased(),
                    entryPrice: price,
                    blockReason: reason,
                    blockGate: gate,
                    strategy: strategy,
                    ofi: 0.5,
                    ensemble: 0.25,
                    regime: "trend"
                )
            )
        )
    }

    mutating func blocked(
        at seconds: Int64,
        _ symbol: String,
        _ side: Side,
        price: Double?,
        gate: String? = "profit_gate",
        reason: String? = "Profit gate rejected"
    ) {
        add(
            at: seconds,
            source: .blockedTrades,
            .tradeBlocked(
                TradeBlocked(
                    variant: .hindsight,
                    symbol: symbol,
                    side: side,
                    sideRaw: side.description,
                    gate: gate,
                    reason: reason,
                    price: price
                )
            )
        )
    }

    /// A signal outcome for a signal at `signalAt` seconds; event time is signal time + the longest horizon.
    mutating func outcome(
        signalAt: Int64,
        _ symbol: String,
        _ name: String,
        _ side: Side,
        price: Double,
        horizonPrices: [(Horizon, Double)],
        confidence: Double = 0.6
    ) {
        let horizons = horizonPrices.map { h, p in
            HorizonOutcome(
                horizon: h,
                price: p,
                returnFraction: (p - price) / price,
                hit: side.sign * (p - price) > 0
            )
        }
        let longest = horizonPrices.map(\.0.seconds).max() ?? 0
        add(
            at: signalAt + longest,
            source: .signalOutcomes,
            .signalOutcomeResolved(
                SignalOutcomeResolved(
                    symbol: symbol,
                    signalName: name,
                    side: side,
                    sideRaw: side.description,
                    confidence: confidence,
                    priceAtSignal: price,
                    signalTime: Self.micros(signalAt),
                    horizons: horizons,
                    evContribution: 0.001
                )
            )
        )
    }

    static func key(
        _ symbol: String,
        openedAt seconds: Int64,
        strategy: String = "alpha",
        direction: String = "LONG"
    )
        -> PositionKey
    {
        PositionKey(symbol: symbol, strategy: strategy, directionRaw: direction, openedAt: micros(seconds))
    }

    mutating func opened(at seconds: Int64, _ symbol: String, _ side: Side, price: Double, strategy: String = "alpha") {
        add(
            at: seconds,
            source: .positions,
            .positionOpened(
                PositionOpened(
                    key: Self.key(symbol, openedAt: seconds, strategy: strategy, direction: side.description),
                    side: side,
                    entryPrice: price,
                    sizeUSD: 100,
                    leverage: 5,
                    marginUSD: 20
                )
            )
        )
    }

    mutating func closed(
        openedAt: Int64,
        at seconds: Int64,
        _ symbol: String,
        _ side: Side,
        entry: Double,
        exit: Double,
        netReturn: Double,
        strategy: String = "alpha",
        quality: [DataQualityFlag] = []
    ) {
        add(
            at: seconds,
            source: .positions,
            .positionClosed(
                PositionClosed(
                    key: Self.key(symbol, openedAt: openedAt, strategy: strategy, direction: side.description),
                    side: side,
                    exitVariant: .standard,
                    entryPrice: entry,
                    exitPrice: exit,
                    sizeUSD: 100,
                    leverage: 5,
                    marginUSD: 20,
                    closedAt: Self.micros(seconds),
                    closeReason: "take_profit",
                    netReturn: netReturn,
                    netPnlUSD: netReturn * 20,
                    quality: quality
                )
            )
        )
    }

    mutating func rejected(at seconds: Int64, source: SourceID = .signals, _ reason: RejectionReason) {
        add(at: seconds, source: source, .recordRejected(RecordRejected(reason: reason, detail: "field 'x' is bad")))
    }
}
