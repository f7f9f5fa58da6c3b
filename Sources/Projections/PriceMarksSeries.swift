extension PriceMarks {
    /// Marks of one symbol, sorted by time, one per distinct time (a later event's price for the same time wins).
    ///
    /// Why two parts: an outcome's prices land up to an hour before the newest mark (its signal time and
    /// horizons), and inserting them into one day-long sorted array searched and shifted that hour's tail on
    /// every outcome. Such marks wait in `recent` (small, sorted) instead, and are merged into `settled` in one
    /// pass once `recent` is full, so the tail is searched and moved once per many outcomes. The series' content is always `settled`
    /// with `recent` merged in (a recent price replaces a settled one at the same time); look-ups, equality and
    /// the encoding (`times`, `prices`, as the single arrays were saved) see only that content.
    public struct Series: Sendable {
        /// Marks merged in: sorted, distinct times.
        private(set) var settledTimes: [Int64] = []
        private(set) var settledPrices: [Double] = []
        /// Marks waiting to be merged: sorted, distinct times, each replacing a settled mark of the same time.
        private(set) var recent: [PriceMarks.Mark] = []

        /// `recent` is merged once it holds this many marks: large enough that a merge's tail shift is shared by
        /// many outcomes, small enough that searching and inserting into it stays a few cache lines.
        static let recentCapacity = 64

        /// Marks more than this many microseconds before the newest settled one go straight into `settled`:
        /// outcome prices arrive within the hour after the times they price, so `recent` holds the last
        /// hours only and a merge moves at most that tail.
        static let recentWindow: Int64 = 2 * 3_600_000_000

        public init() {}

        /// The series' times, sorted and distinct.
        public var times: [Int64] { recent.isEmpty ? settledTimes : merged().times }

        /// The price at each of `times`.
        public var prices: [Double] { recent.isEmpty ? settledPrices : merged().prices }

        /// The content as one sorted pair of arrays (what the single-array series held).
        private func merged() -> (times: [Int64], prices: [Double]) {
            var copy = self
            copy.settle()
            return (copy.settledTimes, copy.settledPrices)
        }
    }
}

extension PriceMarks.Series: Equatable {
    public static func == (a: Self, b: Self) -> Bool {
        if a.recent.isEmpty, b.recent.isEmpty {
            return a.settledTimes == b.settledTimes && a.settledPrices == b.settledPrices
        }
        let (at, ap) = a.merged()
        let (bt, bp) = b.merged()
        return at == bt && ap == bp
    }
}

extension PriceMarks.Series: Codable {
    enum CodingKeys: String, CodingKey {
        case times
        case prices
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        settledTimes = try container.decode([Int64].self, forKey: .times)
        settledPrices = try container.decode([Double].self, forKey: .prices)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let (times, prices) = recent.isEmpty ? (settledTimes, settledPrices) : merged()
        try container.encode(times, forKey: .times)
        try container.encode(prices, forKey: .prices)
    }
}

// MARK: - Look-ups

extension PriceMarks.Series {
    /// The latest mark at or before `time`, no older than `staleness`.
    func mark(atOrBefore time: Int64, staleness: Int64) -> PriceMarks.Mark? {
        var found: PriceMarks.Mark?
        let i = PriceMarks.firstIndex(in: settledTimes, greaterThan: time)
        if i > 0 { found = PriceMarks.Mark(time: settledTimes[i - 1], price: settledPrices[i - 1]) }
        if let first = recent.first, first.time <= time {
            let candidate = recent[Self.firstIndex(in: recent, greaterThan: time) - 1]
            if found.map({ candidate.time >= $0.time }) ?? true { found = candidate }
        }
        guard let found, time - found.time <= staleness else { return nil }
        return found
    }

    /// The first mark at or after `time`, no later than `staleness`.
    func mark(atOrAfter time: Int64, staleness: Int64) -> PriceMarks.Mark? {
        var cursor = 0
        return mark(atOrAfter: time, staleness: staleness, cursor: &cursor)
    }

    /// `mark(atOrAfter:staleness:)` galloping on in the settled marks from `cursor` (an index into them that
    /// the call moves to its answer's place; any value gives the same answer).
    func mark(atOrAfter time: Int64, staleness: Int64, cursor: inout Int) -> PriceMarks.Mark? {
        var found: PriceMarks.Mark?
        let i = PriceMarks.firstIndex(in: settledTimes, notLessThan: time, from: cursor)
        cursor = i
        if i < settledTimes.count { found = PriceMarks.Mark(time: settledTimes[i], price: settledPrices[i]) }
        if let last = recent.last, last.time >= time {
            let candidate = recent[Self.firstIndex(in: recent, notLessThan: time)]
            if found.map({ candidate.time <= $0.time }) ?? true { found = candidate }
        }
        guard let found, found.time - time <= staleness else { return nil }
        return found
    }

    /// The first index of `marks` (sorted) whose time is not less than `t`; a branch-free binary search, as
    /// `recent` is small and searched on most inserts.
    static func firstIndex(in marks: [PriceMarks.Mark], notLessThan t: Int64) -> Int {
        marks.withUnsafeBufferPointer { m in
            var first = 0
            var length = m.count
            while length > 0 {
                let half = length >> 1
                let less = m[first + half].time < t
                first = less ? first + half + 1 : first
                length = less ? length - half - 1 : half
            }
            return first
        }
    }

    /// The first index of `marks` (sorted) whose time is greater than `t`.
    static func firstIndex(in marks: [PriceMarks.Mark], greaterThan t: Int64) -> Int {
        t == .max ? marks.count : firstIndex(in: marks, notLessThan: t + 1)
    }
}

// MARK: - Inserting and forgetting

extension PriceMarks.Series {
    /// Inserts a mark (a later price for an existing time replaces it), then forgets the stale prefix (times
    /// before `horizon`) once it is more than half of the series and the series holds at least 64 marks, so
    /// forgetting costs O(1) amortized. Marks newer than every other are appended to `settled`; older ones wait
    /// in `recent`.
    mutating func insert(time: Int64, price: Double, forgetBefore horizon: Int64) {
        let lastSettled = settledTimes.last ?? .min
        if time >= lastSettled, recent.last.map({ time > $0.time }) ?? true {
            if time == lastSettled, !settledTimes.isEmpty {
                settledPrices[settledPrices.count - 1] = price
            } else {
                settledTimes.append(time)
                settledPrices.append(price)
            }
        } else if time < lastSettled, time < lastSettled &- Self.recentWindow,
            recent.first.map({ time < $0.time }) ?? true
        {
            // Far back (a position's entry price repeated at its close): into `settled` directly, so that
            // `recent` stays within the last hours and merging it moves a short tail.
            let i = PriceMarks.firstIndex(in: settledTimes, notLessThan: time)
            if settledTimes[i] == time {
                settledPrices[i] = price
            } else {
                settledTimes.insert(time, at: i)
                settledPrices.insert(price, at: i)
            }
        } else {
            let i = Self.firstIndex(in: recent, notLessThan: time)
            if i < recent.count, recent[i].time == time {
                recent[i].price = price
            } else {
                recent.insert(PriceMarks.Mark(time: time, price: price), at: i)
                if recent.count >= Self.recentCapacity { settle() }
            }
        }
        forgetIfStale(before: horizon)
    }

    /// The forgetting rule of the single sorted array, on the merged content: with `n` marks, the stale prefix
    /// is cut when `n ≥ 64` and the middle mark (index `n / 2`) is stale, i.e. when more than `n / 2` marks are
    /// stale. One probe of `settled` rules it out in the common case: `recent`'s `r` marks add at most `r`
    /// stale ones and leave `n` at least the settled count `c`, so if at most `c / 2 − r` settled marks are
    /// stale, at most `n / 2` are. Otherwise `recent` is merged and the rule is applied exactly.
    private mutating func forgetIfStale(before horizon: Int64) {
        if settledTimes.count + recent.count < 64 || staleAtMostHalf(before: horizon) { return }
        settle()
        let n = settledTimes.count
        guard n >= 64, settledTimes[n >> 1] < horizon else { return }
        let cut = PriceMarks.firstIndex(in: settledTimes, notLessThan: horizon)
        settledTimes.removeFirst(cut)
        settledPrices.removeFirst(cut)
    }

    /// True when at most `c / 2 − r` settled marks are stale (one probe), so at most `n / 2` of the series'
    /// `n` marks are, now and after inserting marks that are not stale.
    private func staleAtMostHalf(before horizon: Int64) -> Bool {
        let c = settledTimes.count
        let k = (c >> 1) - recent.count
        return k >= 0 && (k >= c || settledTimes[k] >= horizon)
    }

    /// Inserts marks of strictly increasing times with the result of `insert(time:price:forgetBefore:)` called
    /// for each in order, in one pass: the marks before the newest ones merge into `recent` together, the
    /// newest are appended to `settled`. When the series is not already near its forgetting point it cannot
    /// reach it here (no new mark is stale, and the count only grows), so the forgetting rule is checked once.
    mutating func insert(increasing marks: UnsafeBufferPointer<PriceMarks.Mark>, forgetBefore horizon: Int64) {
        guard let first = marks.first else { return }
        let lastSettled = settledTimes.last ?? .min
        let farBack =
            first.time < lastSettled && first.time < lastSettled &- Self.recentWindow
            && recent.first.map { first.time < $0.time } ?? true
        guard marks.count > 1, first.time >= horizon, !farBack, staleAtMostHalf(before: horizon) else {
            for m in marks { insert(time: m.time, price: m.price, forgetBefore: horizon) }
            return
        }
        // marks[split...] are newer than every mark in the series (or equal to the newest settled one).
        let lastRecent = recent.last?.time ?? .min
        var split = marks.count
        while split > 0, marks[split - 1].time >= lastSettled, marks[split - 1].time > lastRecent { split -= 1 }
        if split > 0 { mergeIntoRecent(UnsafeBufferPointer(rebasing: marks[..<split])) }
        for m in marks[split...] {
            if m.time == lastSettled, !settledTimes.isEmpty {
                settledPrices[settledPrices.count - 1] = m.price
            } else {
                settledTimes.append(m.time)
                settledPrices.append(m.price)
            }
        }
        if recent.count >= Self.recentCapacity { settle() }
    }

    /// Merges sorted marks of distinct times into `recent` (a new price replaces a recent one at the same time),
    /// moving `recent`'s tail from the first new time once.
    private mutating func mergeIntoRecent(_ marks: UnsafeBufferPointer<PriceMarks.Mark>) {
        let r = recent.count
        let k = marks.count
        let start = Self.firstIndex(in: recent, notLessThan: marks[0].time)
        let tail = r - start
        recent.append(contentsOf: repeatElement(PriceMarks.Mark(time: 0, price: 0), count: k))
        let written = withUnsafeTemporaryAllocation(of: PriceMarks.Mark.self, capacity: tail) { aside in
            recent.withUnsafeMutableBufferPointer { slots in
                let out = slots.baseAddress!
                let old = aside.baseAddress!
                old.initialize(from: out + start, count: tail)
                var a = 0  // next old mark
                var b = 0  // next new mark
                var w = start  // next slot
                while a < tail, b < k {
                    let ta = old[a].time
                    let tb = marks[b].time
                    let takeNew = tb <= ta  // an equal time: the new price replaces
                    out[w] = takeNew ? marks[b] : old[a]
                    a &+= ta <= tb ? 1 : 0
                    b &+= takeNew ? 1 : 0
                    w &+= 1
                }
                while a < tail {
                    out[w] = old[a]
                    a &+= 1
                    w &+= 1
                }
                while b < k {
                    out[w] = marks[b]
                    b &+= 1
                    w &+= 1
                }
                return w
            }
        }
        let unused = r + k - written
        if unused > 0 { recent.removeLast(unused) }
    }

    /// Merges `recent` into `settled` (a recent price replaces a settled one at the same time): the settled
    /// tail from the first recent time is copied aside once and merged back with `recent`, branch-free.
    mutating func settle() {
        let r = recent.count
        guard r > 0 else { return }
        let oldCount = settledTimes.count
        let start = Self.firstIndexFromEnd(in: settledTimes, notLessThan: recent[0].time)
        let tail = oldCount - start
        settledTimes.append(contentsOf: repeatElement(0, count: r))
        settledPrices.append(contentsOf: repeatElement(0, count: r))
        let written = withUnsafeTemporaryAllocation(of: Int64.self, capacity: tail) { tailTimes in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: tail) { tailPrices in
                settledTimes.withUnsafeMutableBufferPointer { t in
                    settledPrices.withUnsafeMutableBufferPointer { p in
                        recent.withUnsafeBufferPointer { m in
                            let t = t.baseAddress!
                            let p = p.baseAddress!
                            let at = tailTimes.baseAddress!
                            let ap = tailPrices.baseAddress!
                            at.initialize(from: t + start, count: tail)
                            ap.initialize(from: p + start, count: tail)
                            var a = 0  // next tail mark
                            var b = 0  // next recent mark
                            var w = start  // next slot
                            while a < tail, b < r {
                                let ta = at[a]
                                let tb = m[b].time
                                let takeRecent = tb <= ta  // an equal time: the recent price replaces
                                t[w] = takeRecent ? tb : ta
                                p[w] = takeRecent ? m[b].price : ap[a]
                                a &+= ta <= tb ? 1 : 0
                                b &+= takeRecent ? 1 : 0
                                w &+= 1
                            }
                            while a < tail {
                                t[w] = at[a]
                                p[w] = ap[a]
                                a &+= 1
                                w &+= 1
                            }
                            while b < r {
                                t[w] = m[b].time
                                p[w] = m[b].price
                                b &+= 1
                                w &+= 1
                            }
                            return w
                        }
                    }
                }
            }
        }
        let unused = oldCount + r - written
        if unused > 0 {
            settledTimes.removeLast(unused)
            settledPrices.removeLast(unused)
        }
        recent.removeAll(keepingCapacity: true)
    }

    /// The first index whose time is not less than `t`, galloping back from the end: recent prices land near
    /// the end of a day-long series, so this touches a few cache lines at its tail instead of binary-searching
    /// the whole series.
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
}
