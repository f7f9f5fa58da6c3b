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

    public mutating func apply(_ event: Event, payload: EventPayload, context: FoldContext) {
        record(event, payload: payload, watermark: max(context.watermark, event.eventTime))
    }

    /// Records the prices an event carries; `watermark` (the newest event time seen) drives forgetting.
    /// The symbol's series is looked up once per event (one `String` hash), however many prices it carries.
    public mutating func record(_ event: Event, watermark: Int64) {
        record(event, payload: event.payload, watermark: watermark)
    }

    /// `record` with the payload already read (`payload` is `event.payload`).
    public mutating func record(_ event: Event, payload: EventPayload, watermark: Int64) {
        let horizon = watermark &- configuration.retentionSeconds * 1_000_000
        switch payload {
        case .decisionLogged(let d):
            insert(d.symbol, event.eventTime, d.entryPrice, horizon)
        case .tradeBlocked(let b):
            insert(b.symbol, event.eventTime, b.price, horizon)
        case .signalOutcomeResolved(let o):
            // Only a symbol with at least one usable price gets a series (as one insert at a time would).
            var usable = Self.usable(o.signalTime, o.priceAtSignal, horizon)
            for h in o.horizons where !usable {
                usable = Self.usable(o.signalTime + h.horizon.seconds * 1_000_000, h.price, horizon)
            }
            guard usable else { return }
            let signalTime = o.signalTime
            // The outcome's marks (signal time, then each horizon), on the stack; merged into the series in one
            // pass when they come in increasing time order (the normal case), else inserted one by one.
            let recorded = withUnsafeTemporaryAllocation(of: Mark.self, capacity: 1 + o.horizons.count) { buffer in
                var n = 0
                var increasing = true
                if Self.usable(signalTime, o.priceAtSignal, horizon) {
                    buffer[n] = Mark(time: signalTime, price: o.priceAtSignal)
                    n += 1
                }
                for h in o.horizons {
                    let t = signalTime + h.horizon.seconds * 1_000_000
                    guard let price = h.price, Self.usable(t, price, horizon) else { continue }
                    if n > 0, t <= buffer[n - 1].time { increasing = false }
                    buffer[n] = Mark(time: t, price: price)
                    n += 1
                }
                let marks = UnsafeBufferPointer(rebasing: buffer[..<n])
                Self.update(&state.series[o.symbol, default: Series()]) { s in
                    if increasing {
                        s.insert(increasing: marks, forgetBefore: horizon)
                    } else {
                        for m in marks { s.insert(time: m.time, price: m.price, forgetBefore: horizon) }
                    }
                }
                return UInt64(n)
            }
            state.marksRecorded &+= recorded
        case .positionOpened(let p):
            insert(p.key.symbol, p.key.openedAt, p.entryPrice, horizon)
        case .positionClosed(let c):
            insert(c.key.symbol, c.key.openedAt, c.entryPrice, horizon)
            insert(c.key.symbol, c.closedAt, c.exitPrice, horizon)
        default:
            break
        }
    }

    /// A price is recorded when it is a positive finite number not older than the retention horizon.
    private static func usable(_ time: Int64, _ price: Double?, _ horizon: Int64) -> Bool {
        guard let price else { return false }
        return price.isFinite && price > 0 && time >= horizon
    }

    /// Runs `body` on a series in place (through the dictionary's in-place `default:` accessor).
    private static func update<R>(_ series: inout Series, _ body: (inout Series) -> R) -> R { body(&series) }

    /// The latest mark at or before `time`, no older than the maximum staleness.
    public func mark(_ symbol: String, atOrBefore time: Int64) -> Mark? {
        state.series[symbol]?.mark(atOrBefore: time, staleness: staleness)
    }

    /// The first mark at or after `time`, no later than the maximum staleness.
    public func mark(_ symbol: String, atOrAfter time: Int64) -> Mark? {
        state.series[symbol]?.mark(atOrAfter: time, staleness: staleness)
    }

    /// The mark describing the price at `time`: the latest at or before it, else the first after it
    /// (both within the maximum staleness).
    public func mark(_ symbol: String, at time: Int64) -> Mark? {
        mark(symbol, atOrBefore: time) ?? mark(symbol, atOrAfter: time)
    }

    /// Look-ups in one symbol's series with this projection's staleness, so a caller pricing several times
    /// of one symbol (counterfactual horizons) hashes the symbol once.
    public struct SymbolMarks: Sendable {
        let series: Series?
        let staleness: Int64

        public func mark(atOrBefore time: Int64) -> Mark? { series?.mark(atOrBefore: time, staleness: staleness) }

        public func mark(atOrAfter time: Int64) -> Mark? { series?.mark(atOrAfter: time, staleness: staleness) }

        public func mark(at time: Int64) -> Mark? { mark(atOrBefore: time) ?? mark(atOrAfter: time) }

        /// `mark(atOrAfter:)` for a caller asking increasing times (counterfactual horizons): `cursor` (start
        /// at 0) remembers where the previous answer was, and the search gallops on from there. Any order of
        /// times gives the same answers; increasing ones give them with a few probes near the previous one.
        public func mark(atOrAfter time: Int64, cursor: inout Int) -> Mark? {
            series?.mark(atOrAfter: time, staleness: staleness, cursor: &cursor)
        }
    }

    /// The marks of `symbol` (empty if it has none).
    public func marks(of symbol: String) -> SymbolMarks {
        SymbolMarks(series: state.series[symbol], staleness: staleness)
    }

    private mutating func insert(_ symbol: String, _ time: Int64, _ price: Double?, _ horizon: Int64) {
        guard let price, Self.usable(time, price, horizon) else { return }
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

    /// `firstIndex(in:notLessThan:)` galloping forward from `hint` when every time before `hint` is < `t`,
    /// else a plain binary search.
    static func firstIndex(in times: [Int64], notLessThan t: Int64, from hint: Int) -> Int {
        guard hint > 0, hint <= times.count, times[hint - 1] < t else { return firstIndex(in: times, notLessThan: t) }
        var lo = hint  // every index < lo holds a time < t
        var hi = times.count
        var step = 1
        while lo + step - 1 < times.count {
            let probe = lo + step - 1
            if times[probe] >= t {
                hi = probe
                break
            }
            lo = probe + 1
            step <<= 1
        }
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
