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
    public struct Series: Sendable {
        public var times: [Int64] = []
        public var prices: [Double] = []
        /// Where the previous outcome's marks went. A starting point for searches only, not content: equality
        /// and the encoding ignore it, and any value gives the same series.
        var outcomeHints = OutcomeHints()
    }

    public struct State: Sendable {
        /// Symbols (exactly as the bot wrote them) in order of their first usable price; `bySymbol[id]` is the
        /// series of the symbol with that id. Why not a `[String: Series]`: every event hashed its symbol
        /// (SipHash) and went through the dictionary's in-place accessor; the index's cache answers a symbol
        /// it saw recently from the string's bits, and the series is then an array element.
        var symbols = StringIndex()
        var bySymbol: [Series] = []
        public var marksRecorded: UInt64 = 0

        public init() {}

        /// Every symbol's series, keyed by symbol exactly as the bot wrote it (what the state saves).
        public var series: [String: Series] { Dictionary(uniqueKeysWithValues: zip(symbols.strings, bySymbol)) }

        /// The series of `symbol`, nil when it has none.
        func series(of symbol: String) -> Series? { symbols.id(of: symbol).map { bySymbol[Int($0)] } }

        /// The id of `symbol`'s series, adding an empty series for a new symbol.
        mutating func seriesID(_ symbol: String) -> Int {
            let id = Int(symbols.insert(symbol))
            if id == bySymbol.count { bySymbol.append(Series()) }
            return id
        }
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
    /// The symbol's series is looked up once per event, however many prices it carries.
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
                let id = state.seriesID(o.symbol)
                Self.update(&state.bySymbol[id]) { s in
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

    /// Runs `body` on a series in place (an element of `State.bySymbol`).
    private static func update<R>(_ series: inout Series, _ body: (inout Series) -> R) -> R { body(&series) }

    /// The latest mark at or before `time`, no older than the maximum staleness.
    public func mark(_ symbol: String, atOrBefore time: Int64) -> Mark? {
        state.series(of: symbol)?.mark(atOrBefore: time, staleness: staleness)
    }

    /// The first mark at or after `time`, no later than the maximum staleness.
    public func mark(_ symbol: String, atOrAfter time: Int64) -> Mark? {
        state.series(of: symbol)?.mark(atOrAfter: time, staleness: staleness)
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
            series?.withView { $0.mark(atOrAfter: time, staleness: staleness, cursor: &cursor) }
        }
    }

    /// The marks of `symbol` (empty if it has none).
    public func marks(of symbol: String) -> SymbolMarks {
        SymbolMarks(series: state.series(of: symbol), staleness: staleness)
    }

    /// The id of `symbol`'s series (a dictionary look-up), nil when it has none. Ids are positions in
    /// `State.bySymbol`, stable until the state is replaced.
    func seriesID(of symbol: String) -> Int? { state.symbols.id(of: symbol).map { Int($0) } }

    /// Whether `id` is the id of `symbol`'s series (a caller keeping ids checks them: a restored state numbers
    /// its symbols anew).
    func isSeries(_ id: Int, of symbol: String) -> Bool {
        id < state.bySymbol.count && state.symbols.strings[id] == symbol
    }

    /// Runs `body` on a view of the series with id `id`, in place: `marks(of:)` copied the series (retaining
    /// and releasing its arrays), on every counterfactual resolution. An id below 0 (a symbol without marks,
    /// as `seriesID(of:)` answers nil) lends an empty view, so the caller prices it the same way (unpriced).
    func withSeries<R>(_ id: Int, _ body: (SeriesView) -> R) -> R {
        guard id >= 0 else {
            return body(SeriesView(times: .init(start: nil, count: 0), prices: .init(start: nil, count: 0)))
        }
        return state.bySymbol.withUnsafeBufferPointer { Series.withView(of: $0.baseAddress! + id, body) }
    }

    /// A series seen through its buffers, for look-ups without copying it: valid only inside `withSeries` or
    /// `Series.withView`. The one implementation of the look-ups (`Series` and `SymbolMarks` forward here).
    struct SeriesView {
        let times: UnsafeBufferPointer<Int64>
        let prices: UnsafeBufferPointer<Double>

        /// The latest mark at or before `time`, no older than `staleness`.
        func mark(atOrBefore time: Int64, staleness: Int64) -> Mark? {
            var lo = 0  // the first index whose time is > `time`
            var hi = times.count
            while lo < hi {
                let mid = (lo + hi) >> 1
                if times[mid] <= time { lo = mid + 1 } else { hi = mid }
            }
            guard lo > 0, time - times[lo - 1] <= staleness else { return nil }
            return Mark(time: times[lo - 1], price: prices[lo - 1])
        }

        /// The first mark at or after `time`, no later than `staleness`.
        func mark(atOrAfter time: Int64, staleness: Int64) -> Mark? {
            var cursor = 0
            return mark(atOrAfter: time, staleness: staleness, cursor: &cursor)
        }

        /// `mark(atOrAfter:staleness:)` galloping on from `cursor` (an index that the call moves to its
        /// answer's place; any value gives the same answer, a near one costs a few probes).
        func mark(atOrAfter time: Int64, staleness: Int64, cursor: inout Int) -> Mark? {
            let i = gallopingLowerBound(from: cursor, count: times.count, time) { times[$0] }
            cursor = i
            guard i < times.count, times[i] - time <= staleness else { return nil }
            return Mark(time: times[i], price: prices[i])
        }
    }

    private mutating func insert(_ symbol: String, _ time: Int64, _ price: Double?, _ horizon: Int64) {
        guard let price, Self.usable(time, price, horizon) else { return }
        state.marksRecorded &+= 1
        let id = state.seriesID(symbol)
        state.bySymbol[id].insert(time: time, price: price, forgetBefore: horizon)
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

    /// `firstIndex(in:notLessThan:)` searched from `hint` (`gallopingLowerBound`): a cursor carried from the
    /// previous answer costs a few probes.
    static func firstIndex(in times: [Int64], notLessThan t: Int64, from hint: Int) -> Int {
        times.withUnsafeBufferPointer { p in gallopingLowerBound(from: hint, count: p.count, t) { p[$0] } }
    }
}

extension PriceMarks.Series {
    /// Runs `body` on a view of the series at `series` (its arrays lent, nothing copied).
    @inline(__always)
    static func withView<R>(of series: UnsafePointer<Self>, _ body: (PriceMarks.SeriesView) -> R) -> R {
        series.pointee.times.withUnsafeBufferPointer { t in
            series.pointee.prices.withUnsafeBufferPointer { p in body(PriceMarks.SeriesView(times: t, prices: p)) }
        }
    }

    /// Runs `body` on a view of this series.
    func withView<R>(_ body: (PriceMarks.SeriesView) -> R) -> R {
        withUnsafePointer(to: self) { Self.withView(of: $0, body) }
    }

    func mark(atOrBefore time: Int64, staleness: Int64) -> PriceMarks.Mark? {
        withView { $0.mark(atOrBefore: time, staleness: staleness) }
    }

    func mark(atOrAfter time: Int64, staleness: Int64) -> PriceMarks.Mark? {
        withView { $0.mark(atOrAfter: time, staleness: staleness) }
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
            let cut = PriceMarks.firstIndex(in: times, notLessThan: horizon)
            times.removeFirst(cut)
            prices.removeFirst(cut)
        }
    }
}

extension PriceMarks.State: Equatable {
    /// The same marks per symbol (the order symbols first came in is not part of the value).
    public static func == (a: Self, b: Self) -> Bool {
        guard a.marksRecorded == b.marksRecorded else { return false }
        if a.symbols.strings == b.symbols.strings { return a.bySymbol == b.bySymbol }
        return a.series == b.series
    }
}

extension PriceMarks.State: Codable {
    enum CodingKeys: String, CodingKey {
        case series
        case marksRecorded
    }

    /// Symbols get ids in sorted order (a restored state answers like the saved one; ids are not content).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let series = try container.decode([String: PriceMarks.Series].self, forKey: .series)
        for (symbol, marks) in series.sorted(by: { $0.key < $1.key }) {
            _ = symbols.insert(symbol)
            bySymbol.append(marks)
        }
        marksRecorded = try container.decode(UInt64.self, forKey: .marksRecorded)
    }

    /// The saved shape is the former `series: [String: Series]`, `marksRecorded`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(series, forKey: .series)
        try container.encode(marksRecorded, forKey: .marksRecorded)
    }
}

extension PriceMarks.Series: Equatable {
    public static func == (a: Self, b: Self) -> Bool { a.times == b.times && a.prices == b.prices }
}

extension PriceMarks.Series: Codable {
    enum CodingKeys: String, CodingKey {
        case times
        case prices
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        times = try container.decode([Int64].self, forKey: .times)
        prices = try container.decode([Double].self, forKey: .prices)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(times, forKey: .times)
        try container.encode(prices, forKey: .prices)
    }
}

extension PriceMarks.Series {
    /// The index of each mark of the symbol's latest outcome merged in one pass (signal time first), as it
    /// was right after that merge.
    struct OutcomeHints: Sendable {
        static let capacity = 8
        private var slots: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)

        subscript(_ i: Int) -> Int {
            get { withUnsafeBytes(of: slots) { $0.load(fromByteOffset: i * MemoryLayout<Int>.stride, as: Int.self) } }
            set {
                withUnsafeMutableBytes(of: &slots) {
                    $0.storeBytes(of: newValue, toByteOffset: i * MemoryLayout<Int>.stride, as: Int.self)
                }
            }
        }
    }

    /// The first index whose time is not less than `t`, given that every index before `lowerBound` holds a
    /// time < `t`: galloping from `hint` backward or forward to the answer, so a hint a few marks off costs a
    /// few probes. Any hint gives the same index.
    static func firstIndex(in times: [Int64], notLessThan t: Int64, near hint: Int, atLeast lowerBound: Int) -> Int {
        let h = min(max(hint, lowerBound), times.count)
        // Every index before `h` holds a time < `t` (h is lowerBound, or times[h - 1] < t): gallop forward.
        guard h > lowerBound, times[h - 1] >= t else {
            return PriceMarks.firstIndex(in: times, notLessThan: t, from: h)
        }
        var lo = lowerBound  // every index < lo holds a time < t
        var hi = h - 1  // times[hi] ≥ t
        var step = 1
        while hi - step >= lowerBound {
            let probe = hi - step
            if times[probe] < t {
                lo = probe + 1
                break
            }
            hi = probe
            step <<= 1
        }
        while lo < hi {
            let mid = (lo + hi) >> 1
            if times[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

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
    mutating func insert(increasing marks: UnsafeBufferPointer<PriceMarks.Mark>, forgetBefore horizon: Int64) {
        guard let first = marks.first else { return }
        if marks.count == 1 { return insert(time: first.time, price: first.price, forgetBefore: horizon) }
        let oldCount = times.count
        let hinted = marks.count <= OutcomeHints.capacity
        let forget = withUnsafeTemporaryAllocation(of: Int.self, capacity: marks.count) { position in
            // Forward pass: replace equal times; note where each new mark goes (−1 for a replacement). An
            // outcome's marks sit at fixed offsets from its signal time, so each lands a few marks after where
            // the same mark of the symbol's previous outcome went: the search starts there (the hint), not at
            // the series' end, nor at the previous mark of this outcome up to an hour of marks back.
            var i = hinted ? 0 : Self.firstIndexFromEnd(in: times, notLessThan: first.time)
            var inserted = 0
            for (j, m) in marks.enumerated() {
                if hinted {
                    // Every index before `i` (the previous mark's place) holds an earlier time.
                    i = Self.firstIndex(in: times, notLessThan: m.time, near: outcomeHints[j], atLeast: i)
                    outcomeHints[j] = i + inserted  // its index once the earlier new marks are in
                } else {
                    i = PriceMarks.firstIndex(in: times, notLessThan: m.time, from: i)
                }
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
                // One append per slot: `append(contentsOf: repeatElement(…))` went through the generic
                // sequence copy, slower than these few appends.
                for _ in 0..<inserted {
                    times.append(0)
                    prices.append(0)
                }
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
            let cut = PriceMarks.firstIndex(in: times, notLessThan: horizon)
            times.removeFirst(cut)
            prices.removeFirst(cut)
        }
    }
}
