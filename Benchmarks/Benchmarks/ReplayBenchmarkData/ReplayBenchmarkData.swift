public import EventLog
import Foundation

/// Simulated bot history for the Replay benchmarks, generated in memory from a seed: the event mix of a
/// running bot (decisions with prices, a third blocked; signal outcomes of the ten reference components;
/// positions opening and closing on three timeframes; blocked-trade records), one event every ~6 s of event
/// time (so 500k events ≈ a month of a busy bot).
public enum ReplayBenchmarkData {
    public static let count = 500_000
    public static let symbols = [
        "BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT", "DOGEUSDT", "ADAUSDT", "AVAXUSDT", "LINKUSDT",
    ]
    public static let signals = [
        "liquidation", "funding", "oi_velocity", "whale_flow", "ofi_momentum", "fear_greed", "hurst", "lead_lag",
        "volatility_skew", "oi_divergence",
    ]
    public static let timeframes = ["15m", "1h", "4h"]

    public static let events: [Event] = make(count: count, seed: 42)

    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    public static func make(count: Int, seed: UInt64) -> [Event] {
        var rng = SplitMix64(state: seed)
        var events: [Event] = []
        events.reserveCapacity(count)
        var time: Int64 = 1_767_225_600_000_000
        var prices = symbols.map { _ in 1.0 + Double.random(in: 0..<1000, using: &rng) }
        var open: [(PositionKey, Side, Double, String)] = []
        let original = Array(#"{"symbol": "BTCUSDT", "ts": "2026-01-01T00:00:00.000000Z", "side": "LONG"}"#.utf8)
        while events.count < count {
            time += Int64.random(in: 1_000_000...11_000_000, using: &rng)
            let s = Int.random(in: 0..<symbols.count, using: &rng)
            prices[s] *= 1 + Double.random(in: -0.003...0.003, using: &rng)
            let symbol = symbols[s]
            let side: Side = Bool.random(using: &rng) ? .long : .short
            let roll = Int.random(in: 0..<100, using: &rng)
            let payload: EventPayload
            var source = SourceID.signals
            if roll < 40 {
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
                        venue: "blofin",
                        ofi: Double.random(in: -1...1, using: &rng),
                        ensemble: Double.random(in: -1...1, using: &rng),
                        timeframe: timeframes[s % 3]
                    )
                )
            } else if roll < 85 {
                source = .signalOutcomes
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
                        signalTime: time - 3_600_000_000,
                        horizons: horizons
                    )
                )
            } else if roll < 90 {
                source = .blockedTrades
                payload = .tradeBlocked(
                    TradeBlocked(
                        variant: .convictionGate,
                        symbol: symbol,
                        side: side,
                        sideRaw: side.description,
                        gate: "conviction",
                        reason: "weighted score below threshold",
                        price: prices[s],
                        strategy: "beta",
                        timeframe: "1h",
                        expectedMovePct: 1.2,
                        score: 0.41
                    )
                )
            } else if roll < 95 || open.isEmpty {
                source = .positions
                let key = PositionKey(symbol: symbol, strategy: "alpha", directionRaw: side.description, openedAt: time)
                let tf = timeframes[Int.random(in: 0..<3, using: &rng)]
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
                source = .positions
                let (key, side, entry, tf) = open.remove(at: Int.random(in: 0..<open.count, using: &rng))
                let exit = prices[symbols.firstIndex(of: key.symbol)!]
                let ret = side.sign * (exit - entry) / entry * 5 - 0.003
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
                    eventTime: time,
                    ingestTime: time,
                    source: source,
                    position: .none,
                    payload: payload,
                    original: original
                )
            )
        }
        return events
    }

    public static func temporaryDirectory(_ label: String) -> String {
        let path = NSTemporaryDirectory() + "/hindsight-replay-bench-\(label)-\(getpid())"
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
