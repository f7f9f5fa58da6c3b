public import EventLog

/// Window statistics of one combo at a learning cycle.
public struct ComboStats: Sendable, Codable, Equatable, Hashable {
    public var trades: Int = 0
    public var wins: Int = 0
    public var pnlUSD: Double = 0
    public var winRate: Double { trades == 0 ? 0 : Double(wins) / Double(trades) }
}

/// One combo (symbol + normalized side) and its kill history.
public struct ComboRecord: Sendable, Codable, Equatable, Hashable {
    /// `SYMBOL_LONG` / `SYMBOL_SHORT`: the side normalized to upper case (the bot mixed `long` and `LONG`).
    public var combo: String
    /// Half-open intervals [killedAt, revivedAt) in event time; the last one may be open (revivedAt nil).
    public var killIntervals: [KillInterval] = []
    /// Event time of the combo's latest closed trade.
    public var lastTradeAt: Int64?
    /// Stats at the last learning cycle.
    public var lastStats = ComboStats()

    public var isKilled: Bool { killIntervals.last.map { $0.revivedAt == nil } ?? false }

    /// Whether the combo was killed at event time `time`.
    public func wasKilled(at time: Int64) -> Bool {
        for interval in killIntervals.reversed() {
            if interval.killedAt <= time { return interval.revivedAt.map { time < $0 } ?? true }
        }
        return false
    }
}

public struct KillInterval: Sendable, Codable, Equatable, Hashable {
    public var killedAt: Int64
    public var revivedAt: Int64?
}

/// The outcome metric of a killed-combos version on realized history: closed trades whose combo this version
/// had killed at the trade's **opening** time (when the gate would have refused the entry) are "blocked".
/// The P&L of those trades is what the version would have avoided (a negative blocked P&L is money saved).
public struct KilledCombosComparison: Sendable, Codable, Equatable, Hashable {
    public var trades: Int = 0
    public var pnlUSD: Double = 0
    public var blockedTrades: Int = 0
    public var blockedPnlUSD: Double = 0
    /// P&L of the trades the version would have let through.
    public var keptPnlUSD: Double { pnlUSD - blockedPnlUSD }
    public init() {}
}

/// Killed combos (seed 001; reference §2.6 step 6), as a pure value.
///
/// `observe` appends each closed trade (symbol, normalized side, recomputed net P&L) to a time-ordered window:
/// O(1), no per-trade allocation beyond amortized array growth. `learn(at:)` (every 12 h of event time) drops
/// trades older than the window and recomputes every combo's stats: a combo with ≥ `minTrades` trades, win rate
/// < `maxWinRate` and net P&L < `maxTotalPnlUSD` is killed. **Revival rule**: a killed combo is revived at a
/// cycle where it again has ≥ `minTrades` trades in the window and no longer meets the kill condition (win rate
/// back at or above the threshold, or net P&L at or above the bound); or when the counterfactual outcomes of its
/// blocked entries since the kill (in the window, each at its weight, 0.5 by default) add up to ≥ `minTrades`
/// and show the same recovery (weighted win rate ≥ threshold, or weighted mean net return ≥ 0); optionally
/// also after `reviveAfterQuietSeconds` without any trade. A win is net P&L > 0, as in the reference.
public struct KilledCombosLearner: Sendable, Codable, Equatable {
    struct WindowTrade: Sendable, Codable, Equatable {
        var combo: Int32
        var time: Int64
        var pnlUSD: Double
    }
    /// A counterfactual outcome of a blocked entry of a killed combo.
    struct BlockedEvidence: Sendable, Codable, Equatable {
        var combo: Int32
        var time: Int64
        var weight: Double
        var netReturn: Double
    }

    public let configuration: KilledCombosConfiguration
    /// Every combo ever seen, sorted by name.
    public private(set) var combos: [ComboRecord] = []
    public private(set) var updatedAt: Int64?
    /// Combos killed / revived by the last cycle, sorted.
    public private(set) var lastAdditions: [String] = []
    public private(set) var lastRevivals: [String] = []
    public private(set) var comparison = KilledCombosComparison()
    /// Closed records skipped: neutral side or no recomputed P&L.
    public private(set) var skippedTrades = 0
    private var window: [WindowTrade] = []
    private var windowStart = 0
    private var evidence: [BlockedEvidence] = []
    /// Derived from `combos` (not encoded, not compared; see `ComboLookup`).
    private var lookup = ComboLookup()

    private enum CodingKeys: String, CodingKey {
        case configuration, combos, updatedAt, lastAdditions, lastRevivals, comparison, skippedTrades, window
        case windowStart, evidence
    }

    public init(configuration: KilledCombosConfiguration = .init()) throws(LearnersError) {
        try configuration.validate()
        self.init(unchecked: configuration)
    }

    /// For folds, whose initializer cannot throw; they validate first and report a problem instead.
    init(unchecked configuration: KilledCombosConfiguration) {
        self.configuration = configuration
    }

    /// `SYMBOL_LONG` / `SYMBOL_SHORT`; nil for a neutral side.
    public static func comboName(symbol: String, side: Side) -> String? {
        switch side {
        case .long: symbol + "_LONG"
        case .short: symbol + "_SHORT"
        case .neutral: nil
        }
    }

    public mutating func observe(_ closed: PositionClosed) {
        guard let pnl = closed.netPnlUSD, pnl.isFinite, closed.side != .neutral else {
            skippedTrades += 1
            return
        }
        let i: Int
        if let known = comboIndex(symbol: closed.key.symbol, side: closed.side) {
            i = known
        } else {
            i = index(of: Self.comboName(symbol: closed.key.symbol, side: closed.side)!)
            lookup.rebuild(combos)
        }
        comparison.trades += 1
        comparison.pnlUSD += pnl
        if combos[i].wasKilled(at: closed.key.openedAt) {
            comparison.blockedTrades += 1
            comparison.blockedPnlUSD += pnl
        }
        combos[i].lastTradeAt = max(combos[i].lastTradeAt ?? closed.closedAt, closed.closedAt)
        window.append(WindowTrade(combo: Int32(i), time: closed.closedAt, pnlUSD: pnl))
    }

    /// Where `name` is or would be inserted in `combos` (binary search).
    private func insertionPoint(of name: String) -> Int {
        var lo = 0
        var hi = combos.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if combos[mid].combo < name { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The record of `name`, nil when the combo was never seen.
    public func record(of name: String) -> ComboRecord? {
        let i = insertionPoint(of: name)
        return i < combos.count && combos[i].combo == name ? combos[i] : nil
    }

    private mutating func index(of name: String) -> Int {
        let lo = insertionPoint(of: name)
        if lo < combos.count, combos[lo].combo == name { return lo }
        combos.insert(ComboRecord(combo: name), at: lo)
        // Window entries refer to combos by index: shift those after the insertion point (new combos are rare).
        for k in windowStart..<window.count where window[k].combo >= lo { window[k].combo += 1 }
        for k in evidence.indices where evidence[k].combo >= lo { evidence[k].combo += 1 }
        return lo
    }

    /// The index of the combo of `symbol` and `side` in `combos`, nil when it was never seen (or `side` is
    /// neutral), through `lookup` (rebuilt first when stale). Internal for tests.
    @inline(__always)
    mutating func comboIndex(symbol: String, side: Side) -> Int? {
        if lookup.comboCount != combos.count { lookup.rebuild(combos) }
        return lookup.index(symbol: symbol, side: side)
    }

    /// Whether `observeBlockedOutcome` can keep any outcome now: revival by counterfactuals is on and some combo
    /// was ever killed. Lets the fold skip reading the outcomes otherwise (a fast answer, no look-up).
    public mutating func acceptsBlockedOutcomes() -> Bool {
        guard configuration.revive, configuration.counterfactualRevival else { return false }
        if lookup.comboCount != combos.count { lookup.rebuild(combos) }
        return lookup.anyKilled
    }

    /// Folds the counterfactual outcome of a blocked entry (decided at `decisionTime`): kept as revival evidence
    /// only when the combo was killed at that time, at `weight` relative to a real trade.
    public mutating func observeBlockedOutcome(
        symbol: String,
        side: Side,
        decisionTime: Int64,
        netReturn: Double?,
        weight: Double
    ) {
        guard configuration.revive, configuration.counterfactualRevival,
            let i = killedComboIndex(symbol: symbol, side: side, at: decisionTime)
        else { return }
        observeBlockedOutcome(ofKilledCombo: i, decisionTime: decisionTime, netReturn: netReturn, weight: weight)
    }

    /// The index of the combo of `symbol` and `side` when it was killed at event time `time`, else nil: the
    /// first test of `observeBlockedOutcome`, which the fold makes before reading the rest of an outcome (most
    /// blocked decisions are of combos that were never killed).
    mutating func killedComboIndex(symbol: String, side: Side, at time: Int64) -> Int? {
        guard let i = comboIndex(symbol: symbol, side: side), combos[i].wasKilled(at: time) else { return nil }
        return i
    }

    /// `observeBlockedOutcome` for a combo `killedComboIndex` found (revival by counterfactuals on).
    mutating func observeBlockedOutcome(ofKilledCombo i: Int, decisionTime: Int64, netReturn: Double?, weight: Double) {
        guard weight > 0, let r = netReturn, r.isFinite else { return }
        evidence.append(BlockedEvidence(combo: Int32(i), time: decisionTime, weight: weight, netReturn: r))
    }

    /// One learning cycle at event time `time`.
    public mutating func learn(at time: Int64) {
        let c = configuration
        let cutoff = time - c.windowSeconds * 1_000_000
        while windowStart < window.count, window[windowStart].time < cutoff { windowStart += 1 }
        if windowStart > 4096, windowStart * 2 > window.count {
            window.removeFirst(windowStart)
            windowStart = 0
        }
        var stats = Array(repeating: ComboStats(), count: combos.count)
        for k in windowStart..<window.count where window[k].time <= time {
            let t = window[k]
            stats[Int(t.combo)].trades += 1
            if t.pnlUSD > 0 { stats[Int(t.combo)].wins += 1 }
            stats[Int(t.combo)].pnlUSD += t.pnlUSD
        }
        evidence.removeAll { $0.time < cutoff }
        var blockedWeight = Array(repeating: 0.0, count: combos.count)
        var blockedWins = Array(repeating: 0.0, count: combos.count)
        var blockedReturn = Array(repeating: 0.0, count: combos.count)
        for e in evidence where e.time <= time {
            let i = Int(e.combo)
            guard let since = combos[i].killIntervals.last?.killedAt, e.time >= since else { continue }
            blockedWeight[i] += e.weight
            if e.netReturn > 0 { blockedWins[i] += e.weight }
            blockedReturn[i] += e.weight * e.netReturn
        }
        var added: [String] = []
        var revived: [String] = []
        for i in combos.indices {
            let s = stats[i]
            combos[i].lastStats = s
            let enough = s.trades >= c.minTrades
            let failing = enough && s.winRate < c.maxWinRate && s.pnlUSD < c.maxTotalPnlUSD
            if combos[i].isKilled {
                guard c.revive else { continue }
                let recovered = enough && !failing
                let quietSince = time - c.reviveAfterQuietSeconds * 1_000_000
                let quiet =
                    c.reviveAfterQuietSeconds > 0 && (combos[i].lastTradeAt ?? .min) <= quietSince
                    && combos[i].killIntervals[combos[i].killIntervals.count - 1].killedAt <= quietSince
                let w = blockedWeight[i]
                let counterfactualRecovered =
                    w >= Double(c.minTrades) && (blockedWins[i] / w >= c.maxWinRate || blockedReturn[i] >= 0)
                if recovered || quiet || counterfactualRecovered {
                    combos[i].killIntervals[combos[i].killIntervals.count - 1].revivedAt = time
                    revived.append(combos[i].combo)
                }
            } else if failing {
                combos[i].killIntervals.append(KillInterval(killedAt: time, revivedAt: nil))
                added.append(combos[i].combo)
                lookup.anyKilled = true
            }
        }
        lastAdditions = added
        lastRevivals = revived
        updatedAt = time
    }

    /// Names of the combos killed now, sorted.
    public var killed: [String] { combos.filter(\.isKilled).map(\.combo) }

    /// Names of the combos killed at event time `time`, sorted.
    public func killed(asOf time: Int64) -> [String] { combos.filter { $0.wasKilled(at: time) }.map(\.combo) }
}
