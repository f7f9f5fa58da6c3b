import EventLog

/// Builders for the payloads the learners read (kept here: learners only need three payload kinds).
enum TestEvents {
    static let hour: Int64 = 3_600_000_000
    static let day: Int64 = 24 * hour

    static func outcome(
        _ name: String,
        symbol: String = "BTCUSDT",
        side: Side = .long,
        at signalTime: Int64 = 0,
        returns: [(Horizon, Double)],
        hits: [Horizon: Bool] = [:]
    ) -> SignalOutcomeResolved {
        SignalOutcomeResolved(
            symbol: symbol,
            signalName: name,
            side: side,
            sideRaw: side.description,
            confidence: 1,
            priceAtSignal: 100,
            signalTime: signalTime,
            horizons: returns.map { h, r in
                HorizonOutcome(horizon: h, price: 100 * (1 + r), returnFraction: r, hit: hits[h])
            }
        )
    }

    static func closed(
        symbol: String = "BTCUSDT",
        strategy: String = "alpha",
        side: Side = .long,
        openedAt: Int64? = nil,
        closedAt: Int64,
        netReturn: Double?,
        netPnlUSD: Double? = nil,
        timeframe: String? = nil
    ) -> PositionClosed {
        PositionClosed(
            key: PositionKey(
                symbol: symbol,
                strategy: strategy,
                directionRaw: side == .long ? "long" : "SHORT",
                openedAt: openedAt ?? (closedAt - hour)
            ),
            side: side,
            exitVariant: .standard,
            entryPrice: 100,
            exitPrice: 101,
            sizeUSD: 1000,
            leverage: 10,
            marginUSD: 100,
            closedAt: closedAt,
            closeReason: "tp",
            netReturn: netReturn,
            netPnlUSD: netPnlUSD ?? netReturn.map { $0 * 100 },
            timeframe: timeframe
        )
    }
}
