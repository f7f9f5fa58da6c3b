import EventLog

@testable import Projections

// The price-marks implementation before the settled/recent split (main at e228d23), kept verbatim (renamed, not
// public) as the oracle the new one must equal: same look-up answers, same content after every event, same
// encoded state.

/// Per-symbol prices taken from every event that carries one, in event time: signal prices, outcome horizon
/// prices (at signal time + horizon), blocked-trade prices, position entries and exits.
///
/// Why a projection of its own: hindsight has no market data feed, yet counterfactual P&L needs an exit
/// price at decision time + horizon; the log's own prices are the only honest source, and a maximum
/// staleness keeps a far-away price from posing as a mark.
struct OraclePriceMarks {

    typealias Mark = PriceMarks.Mark

    /// Marks of one symbol, sorted by time, one per distinct time (a later event's price for the same time wins).
    struct Series: Sendable, Equatable, Codable {
        var times: [Int64] = []
        var prices: [Double] = []
    }

    struct State: Sendable, Equatable, Codable {
        /// Keyed by symbol exactly as the bot wrote it.
        var series: [String: Series] = [:]
        var marksRecorded: UInt64 = 0
    }

    let configuration: PriceMarksConfiguration
    var state = State()

    init(configuration: PriceMarksConfiguration) { self.configuration = configuration }

    private var staleness: Int64 { configuration.maxStalenessSeconds * 1_000_000 }

    /// Records the prices an event carries; `watermark` (the newest event time seen) drives forgetting.
    /// The symbol's series is looked up once per event (one `String` hash), however many prices it carries.
    mutating func record(_ event: Event, watermark: Int64) {
        record(event, payload: event.payload, watermark: watermark)
    }

    /// `record` with the payload already read (`payload` is `event.payload`).
    mutating func record(_ event: Event, payload: EventPayload, watermark: Int64) {
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
    func mark(_ symbol: String, atOrBefore time: Int64) -> Mark? {
        state.series[symbol]?.mark(atOrBefore: time, staleness: staleness)
    }

    /// The first mark at or after `time`, no later than the maximum staleness.
    func mark(_ symbol: String, atOrAfter time: Int64) -> Mark? {
        state.series[symbol]?.mark(atOrAfter: time, staleness: staleness)
    }

    /// The mark describing the price at `time`: the latest at or before it, else the first after it
    /// (both within the maximum staleness).
    func mark(_ symbol: String, at time: Int64) -> Mark? {
        mark(symbol, atOrBefore: time) ?? mark(symbol, atOrAfter: time)
    }

    /// Look-ups in one symbol's series with this projection's staleness, so a caller pricing several times
    /// of one symbol (counterfactual horizons) hashes the symbol once.
    struct SymbolMarks: Sendable {
        let series: Series?
        let staleness: Int64

        func mark(atOrBefore time: Int64) -> Mark? { series?.mark(atOrBefore: time, staleness: staleness) }

        func mark(atOrAfter time: Int64) -> Mark? { series?.mark(atOrAfter: time, staleness: staleness) }

        func mark(at time: Int64) -> Mark? { mark(atOrBefore: time) ?? mark(atOrAfter: time) }

        /// `mark(atOrAfter:)` for a caller asking increasing times (counterfactual horizons): `cursor` (start
        /// at 0) remembers where the previous answer was, and the search gallops on from there. Any order of
        /// times gives the same answers; increasing ones give them with a few probes near the previous one.
        func mark(atOrAfter time: Int64, cursor: inout Int) -> Mark? {
            guard let series else { return nil }
            let i = OraclePriceMarks.firstIndex(in: series.times, notLessThan: time, from: cursor)
            cursor = i
            guard i < series.times.count, series.times[i] - time <= staleness else { return nil }
            return Mark(time: series.times[i], price: series.prices[i])
        }
    }

    /// The marks of `symbol` (empty if it has none).
    func marks(of symbol: String) -> SymbolMarks {
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

extension OraclePriceMarks.Series {
    func mark(atOrBefore time: Int64, staleness: Int64) -> OraclePriceMarks.Mark? {
        let i = OraclePriceMarks.firstIndex(in: times, greaterThan: time)
        guard i > 0, time - times[i - 1] <= staleness else { return nil }
        return OraclePriceMarks.Mark(time: times[i - 1], price: prices[i - 1])
    }

    func mark(atOrAfter time: Int64, staleness: Int64) -> OraclePriceMarks.Mark? {
        let i = OraclePriceMarks.firstIndex(in: times, notLessThan: time)
        guard i < times.count, times[i] - time <= staleness else { return nil }
        return OraclePriceMarks.Mark(time: times[i], price: prices[i])
    }

    /// Inserts in time order (appending is the common case), then forgets the stale prefix once it is at
    /// least half of the series, so forgetting costs O(1) amortized.
    mutating func insert(time: Int64, price: Double, forgetBefore horizon: Int64) {
        if let last = times.last, time < last {
            let i = Self.firstIndexFromEnd(in: times, notLessThan: time)
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
            let cut = OraclePriceMarks.firstIndex(in: times, notLessThan: horizon)
            times.removeFirst(cut)
            prices.removeFirst(cut)
        }
    }
}

extension OraclePriceMarks.Series {
    /// The first index whose time is not less than `t`, galloping back from the end: late prices (an outcome's
    /// horizons, an hour after its signal) land near the end of a day-long series, so this touches a few
    /// cache lines at its tail instead of binary-searching the whole series.
    static func firstIndexFromEnd(in times: [Int64], notLessThan t: Int64) -> Int {
        var hi = times.count  // every index ≥ hi holds a time ≥ t
        var step = 1
        while hi - step >= 0, times[hi - step] >= t {
            hi -= step
            step <<= 1
        }
        var lo = max(0, hi - step)  // times[lo] < t unless lo == 0
        while lo < hi {
            let mid = (lo + hi) >> 1
            if times[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Inserts marks of strictly increasing times with the same result as `insert(time:price:forgetBefore:)`
    /// called for each in order (a later price for an existing time replaces it; the same forgetting), but
    /// shifting the series' tail once instead of once per mark.
    mutating func insert(increasing marks: UnsafeBufferPointer<OraclePriceMarks.Mark>, forgetBefore horizon: Int64) {
        guard let first = marks.first else { return }
        if marks.count == 1 { return insert(time: first.time, price: first.price, forgetBefore: horizon) }
        let oldCount = times.count
        let forget = withUnsafeTemporaryAllocation(of: Int.self, capacity: marks.count) { position in
            // Forward pass: replace equal times; note where each new mark goes (−1 for a replacement).
            var i = Self.firstIndexFromEnd(in: times, notLessThan: first.time)
            var inserted = 0
            for (j, m) in marks.enumerated() {
                i = OraclePriceMarks.firstIndex(in: times, notLessThan: m.time, from: i)
                if i < oldCount, times[i] == m.time {
                    prices[i] = m.price
                    position[j] = -1
                } else {
                    position[j] = i
                    inserted += 1
                }
            }
            if inserted > 0 {
                // Backward pass: open `inserted` slots at the end and move the tail right, dropping each new
                // mark into place.
                times.append(contentsOf: repeatElement(0, count: inserted))
                prices.append(contentsOf: repeatElement(0, count: inserted))
                times.withUnsafeMutableBufferPointer { t in
                    prices.withUnsafeMutableBufferPointer { p in
                        let t = t.baseAddress!
                        let p = p.baseAddress!
                        var source = oldCount  // old entries [0, source) are not moved yet
                        var target = oldCount + inserted  // slots [target, end) are final
                        for j in stride(from: marks.count - 1, through: 0, by: -1) where position[j] >= 0 {
                            let block = source - position[j]
                            source -= block
                            target -= block
                            (t + target).update(from: t + source, count: block)  // overlap-safe (memmove)
                            (p + target).update(from: p + source, count: block)
                            target -= 1
                            t[target] = marks[j].time
                            p[target] = marks[j].price
                        }
                    }
                }
            }
            // Forgetting as one-by-one inserts would have done it: after the k-th mark the series had
            // `count` entries, and the stale prefix (times < horizon; no new mark is stale) was cut at the first
            // k where count ≥ 64 and the middle entry was stale. That prefix is the same in every intermediate
            // series as in the merged one, so the middle entry can be read from the merged series.
            var count = oldCount
            for j in 0..<marks.count {
                if position[j] >= 0 { count += 1 }
                if count >= 64, times[count >> 1] < horizon { return true }
            }
            return false
        }
        if forget {
            let cut = OraclePriceMarks.firstIndex(in: times, notLessThan: horizon)
            times.removeFirst(cut)
            prices.removeFirst(cut)
        }
    }
}
