import EventLog

/// SplitMix64: a tiny seeded generator so every test log is reproducible from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A realistic mix of events (decisions with prices, some blocked; signal outcomes; trades opening and
/// closing on three timeframes) with dense sequence numbers and mostly increasing event times.
enum SyntheticEvents {
    static let symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT"]
    static let signals = ["liquidation", "funding", "whale_flow", "ofi_momentum", "hurst"]
    static let timeframes = ["15m", "1h", "4h"]

    static func make(count: Int, seed: UInt64, start: Int64 = 1_767_225_600_000_000) -> [Event] {
        var rng = SplitMix64(seed: seed)
        var events: [Event] = []
        events.reserveCapacity(count)
        var time = start
        var prices = symbols.map { _ in 100.0 + Double.random(in: 0..<900, using: &rng) }
        var open: [(PositionKey, Side, Double, String)] = []
        while events.count < count {
            time += Int64.random(in: 1_000_000...120_000_000, using: &rng)
            let s = Int.random(in: 0..<symbols.count, using: &rng)
            prices[s] *= 1 + Double.random(in: -0.004...0.004, using: &rng)
            let symbol = symbols[s]
            let side: Side = Bool.random(using: &rng) ? .long : .short
            let roll = Int.random(in: 0..<100, using: &rng)
            let payload: EventPayload
            var eventTime = time
            if roll < 45 {
                let blocked = Int.random(in: 0..<3, using: &rng) == 0
                payload = .decisionLogged(
                    DecisionLogged(
                        symbol: symbol,
                        side: side,
                        sideRaw: side.description,
                        disposition: blocked ? .blocked : .executed,
                        dispositionRaw: blocked ? "BLOCKED" : "EXECUTED",
                        entryPrice: prices[s],
                        blockReason: blocked ? "low_conviction" : nil,
                        blockGate: blocked ? "conviction" : nil,
                        strategy: "alpha",
                        ofi: Double.random(in: -1...1, using: &rng),
                        ensemble: Double.random(in: -1...1, using: &rng)
                    )
                )
            } else if roll < 80 {
                let signalTime = time - 3_600_000_000
                let horizons = Horizon.allCases.map { h in
                    let r = Double.random(in: -0.01...0.01, using: &rng)
                    return HorizonOutcome(
                        horizon: h,
                        price: prices[s] * (1 + r),
                        returnFraction: r,
                        hit: (r > 0) == (side == .long)
                    )
                }
                payload = .signalOutcomeResolved(
                    SignalOutcomeResolved(
                        symbol: symbol,
                        signalName: signals[Int.random(in: 0..<signals.count, using: &rng)],
                        side: side,
                        sideRaw: side.description,
                        confidence: Double.random(in: 0...1, using: &rng),
                        priceAtSignal: prices[s],
                        signalTime: signalTime,
                        horizons: horizons
                    )
                )
            } else if roll < 90 || open.isEmpty {
                let key = PositionKey(symbol: symbol, strategy: "alpha", directionRaw: side.description, openedAt: time)
                let tf = timeframes[Int.random(in: 0..<timeframes.count, using: &rng)]
                open.append((key, side, prices[s], tf))
                payload = .positionOpened(
                    PositionOpened(
                        key: key,
                        side: side,
                        entryPrice: prices[s],
                        sizeUSD: 1000,
                        leverage: 5,
                        marginUSD: 200,
                        timeframe: tf
                    )
                )
            } else {
                let (key, side, entry, tf) = open.remove(at: Int.random(in: 0..<open.count, using: &rng))
                let exit = prices[symbols.firstIndex(of: key.symbol)!]
                let ret = side.sign * (exit - entry) / entry * 5
                eventTime = time
                payload = .positionClosed(
                    PositionClosed(
                        key: key,
                        side: side,
                        exitVariant: .standard,
                        entryPrice: entry,
                        exitPrice: exit,
                        sizeUSD: 1000,
                        leverage: 5,
                        marginUSD: 200,
                        closedAt: time,
                        closeReason: "tp",
                        netReturn: ret,
                        netPnlUSD: ret * 200,
                        timeframe: tf
                    )
                )
            }
            events.append(
                Event(
                    seq: UInt64(events.count),
                    eventTime: eventTime,
                    ingestTime: 0,
                    source: .signals,
                    position: .none,
                    payload: payload,
                    original: Array("{\"n\":\(events.count)}".utf8)
                )
            )
        }
        return events
    }
}
