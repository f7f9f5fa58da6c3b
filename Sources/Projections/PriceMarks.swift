public import EventLog

/// Configuration of the price-marks projection.
public struct PriceMarksConfiguration: FoldConfiguration {
    /// A mark older (or, for forward look-ups, later) than this many seconds from the asked time is not used.
    public var maxStalenessSeconds: Int64 = 300
    /// Marks older than the watermark minus this many seconds are forgotten (bounded memory). Must exceed the
    /// longest counterfactual horizon plus its settle delay, or late horizons find no price.
    public var retentionSeconds: Int64 = 86_400

    public init() {}
}

/// Per-symbol prices taken from every event that carries one, in event time: signal prices, outcome horizon
/// prices (at signal time + horizon), blocked-trade prices, position entries and exits.
///
/// Why a projection of its own: hindsight has no market data feed, yet counterfactual P&L needs an exit
/// price at decision time + horizon; the log's own prices are the only honest source, and a maximum
/// staleness keeps a far-away price from posing as a mark.
public struct PriceMarks: Fold {
    public static let name = "price_marks"
    public static let version = 1

    /// One price at one event time.
    public struct Mark: Sendable, Equatable, Codable {
        /// UTC microseconds.
        public var time: Int64
        public var price: Double
        public init(time: Int64, price: Double) {
            self.time = time
            self.price = price
        }
    }

    /// Marks of one symbol, sorted by time, one per distinct time (a later event's price for the same time wins).
    public struct Series: Sendable, Equatable, Codable {
        public var times: [Int64] = []
        public var prices: [Double] = []
    }

    public struct State: Sendable, Equatable, Codable {
        /// Keyed by symbol exactly as the bot wrote it.
        public var series: [String: Series] = [:]
        public var marksRecorded: UInt64 = 0
    }

    public let configuration: PriceMarksConfiguration
    public var state = State()

    public init(configuration: PriceMarksConfiguration) { self.configuration = configuration }

    private var staleness: Int64 { configuration.maxStalenessSeconds * 1_000_000 }

    public mutating func apply(_ event: Event, context: FoldContext) {
        record(event, watermark: max(context.watermark, event.eventTime))
    }

    /// Records the prices an event carries; `watermark` (the newest event time seen) drives forgetting.
    public mutating func record(_ event: Event, watermark: Int64) {
        switch event.payload {
        case .decisionLogged(let d):
            insert(d.symbol, event.eventTime, d.entryPrice, watermark)
        case .tradeBlocked(let b):
            insert(b.symbol, event.eventTime, b.price, watermark)
        case .signalOutcomeResolved(let o):
            insert(o.symbol, o.signalTime, o.priceAtSignal, watermark)
            for h in o.horizons {
                insert(o.symbol, o.signalTime + h.horizon.seconds * 1_000_000, h.price, watermark)
            }
        case .positionOpened(let p):
            insert(p.key.symbol, p.key.openedAt, p.entryPrice, watermark)
        case .positionClosed(let c):
            insert(c.key.symbol, c.key.openedAt, c.entryPrice, watermark)
            insert(c.key.symbol, c.closedAt, c.exitPrice, watermark)
        default:
            break
        }
    }

    /// The latest mark at or before `time`, no older than the maximum staleness.
    public func mark(_ symbol: String, atOrBefore time: Int64) -> Mark? {
        guard let s = state.series[symbol] else { return nil }
        let i = Self.firstIndex(in: s.times, greaterThan: time)
        guard i > 0, time - s.times[i - 1] <= staleness else { return nil }
        return Mark(time: s.times[i - 1], price: s.prices[i - 1])
    }

    /// The first mark at or after `time`, no later than the maximum staleness.
    public func mark(_ symbol: String, atOrAfter time: Int64) -> Mark? {
        guard let s = state.series[symbol] else { return nil }
        let i = Self.firstIndex(in: s.times, notLessThan: time)
        guard i < s.times.count, s.times[i] - time <= staleness else { return nil }
        return Mark(time: s.times[i], price: s.prices[i])
    }

    /// The mark describing the price at `time`: the latest at or before it, else the first after it
    /// (both within the maximum staleness).
    public func mark(_ symbol: String, at time: Int64) -> Mark? {
        mark(symbol, atOrBefore: time) ?? mark(symbol, atOrAfter: time)
    }

    private mutating func insert(_ symbol: String, _ time: Int64, _ price: Double?, _ watermark: Int64) {
        guard let price, price.isFinite, price > 0 else { return }
        let horizon = watermark &- configuration.retentionSeconds * 1_000_000
        guard time >= horizon else { return }
        state.marksRecorded &+= 1
        state.series[symbol, default: Series()].insert(time: time, price: price, forgetBefore: horizon)
    }

    static func firstIndex(in times: [Int64], notLessThan t: Int64) -> Int {
        var lo = 0
        var hi = times.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if times[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    static func firstIndex(in times: [Int64], greaterThan t: Int64) -> Int {
        var lo = 0
        var hi = times.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if times[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

extension PriceMarks.Series {
    /// Inserts in time order (appending is the common case), then forgets the stale prefix once it is at
    /// least half of the series, so forgetting costs O(1) amortized.
    mutating func insert(time: Int64, price: Double, forgetBefore horizon: Int64) {
        if let last = times.last, time < last {
            let i = PriceMarks.firstIndex(in: times, notLessThan: time)
            if times[i] == time {
                prices[i] = price
            } else {
                times.insert(time, at: i)
                prices.insert(price, at: i)
            }
        } else if times.last == time {
            prices[prices.count - 1] = price
        } else {
            times.append(time)
            prices.append(price)
        }
        if times.count >= 64, times[times.count >> 1] < horizon {
            let cut = PriceMarks.firstIndex(in: times, notLessThan: horizon)
            times.removeFirst(cut)
            prices.removeFirst(cut)
        }
    }
}
