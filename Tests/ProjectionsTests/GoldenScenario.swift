import EventLog

/// A small fixed day of bot activity covering every case the projections distinguish: executed, blocked and
/// warned decisions, blocked-trade records with and without prices, outcomes in and out of join windows, a
/// position with partial closes, a close without an opening, a removed position, rejections and a reset,
/// and late (non-monotone) event times.
enum GoldenScenario {
    static func events() -> [Event] {
        var b = EventBuilder()
        let symbols: [(String, Double)] = [("BTCUSDT", 90_000), ("ETHUSDT", 3000), ("SOLUSDT", 130)]
        // Hourly price walk per symbol, carried by blocked-trade records of a monitoring gate.
        for hour in 0..<14 {
            for (i, (symbol, base)) in symbols.enumerated() {
                let drift = Double((hour * (i + 2)) % 7 - 3) / 1000
                b.blocked(
                    at: Int64(hour * 3600 + i * 7),
                    symbol,
                    hour % 2 == 0 ? .long : .short,
                    price: base * (1 + drift),
                    gate: hour % 3 == 0 ? "fee_gate" : "regime_gate",
                    reason: hour % 3 == 0 ? "Fee drag" : "Regime mismatch"
                )
            }
        }
        b.decision(at: 600, "BTCUSDT", .long, .executed, price: 90_100, strategy: "alpha")
        b.opened(at: 605, "BTCUSDT", .long, price: 90_110)
        b.outcome(
            signalAt: 590,
            "BTCUSDT",
            "hurst",
            .long,
            price: 90_090,
            horizonPrices: [(.m1, 90_120), (.m5, 90_200), (.m15, 90_150), (.m30, 90_300), (.h1, 90_400)]
        )
        b.outcome(
            signalAt: 598,
            "BTCUSDT",
            "funding",
            .short,
            price: 90_090,
            horizonPrices: [(.m1, 90_120), (.m5, 90_200)],
            confidence: 0.3
        )
        b.closed(openedAt: 605, at: 4000, "BTCUSDT", .long, entry: 90_110, exit: 90_500, netReturn: 0.0186)
        b.closed(openedAt: 605, at: 6000, "BTCUSDT", .long, entry: 90_110, exit: 90_300, netReturn: 0.0081)
        b.decision(at: 7300, "ETHUSDT", .short, .blocked, price: nil, gate: "conviction_gate", reason: "Low conviction")
        b.decision(at: 7400, "SOLUSDT", .long, .warned, price: 131, strategy: "beta")
        b.rejected(at: 7410, .invalidJSON)
        b.rejected(at: 7420, source: .blockedTrades, .missingField)
        b.outcome(
            signalAt: 7290,
            "ETHUSDT",
            "ofi_momentum",
            .short,
            price: 3001,
            horizonPrices: [(.m1, 3000), (.m5, 2995), (.m15, 2990), (.m30, 2992), (.h1, 2980)]
        )
        b.closed(
            openedAt: 100,
            at: 9000,
            "SOLUSDT",
            .short,
            entry: 131,
            exit: 129,
            netReturn: 0.07,
            quality: [.unmatchedOpening]
        )
        b.opened(at: 9100, "ETHUSDT", .long, price: 3002, strategy: "gamma")
        b.add(
            at: 9200,
            source: .positions,
            .positionRemoved(
                PositionRemoved(
                    key: EventBuilder.key("ETHUSDT", openedAt: 9100, strategy: "gamma", direction: "LONG"),
                    side: .long,
                    reason: "vanished"
                )
            )
        )
        b.add(
            at: 9300,
            source: .signals,
            .sourceReset(SourceReset(reason: .truncated, previous: nil, previousOffset: 10, current: nil))
        )
        b.blocked(at: 20 * 3600, "BTCUSDT", .long, price: nil, gate: "fee_gate", reason: "Fee drag")
        // A log holds records roughly in time order (each source is appended as the bot writes it).
        var events = b.events.enumerated().sorted {
            ($0.element.eventTime, $0.offset) < ($1.element.eventTime, $1.offset)
        }
        .map(\.element)
        for i in events.indices { events[i].seq = UInt64(i) }
        return events
    }
}
