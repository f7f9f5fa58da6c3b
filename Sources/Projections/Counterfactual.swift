public import EventLog

/// Configuration of the counterfactual P&L projection (defaults from seed 002 and the reference §2.4).
public struct CounterfactualConfiguration: FoldConfiguration {
    /// Horizons after the decision: the reference's 5m/15m/60m checks, then seed 002's 2h/4h/8h holds
    /// (its 1h hold is the 60m check).
    public var horizonsSeconds: [Int64] = [300, 900, 3600, 7200, 14_400, 28_800]
    /// The horizons a block is judged on (`best_pnl_pct`, `would_have_won`, the classification, the gate
    /// feedback): the reference's three checks. The longer holds are priced and listed but not judged: the best
    /// of six exit times chosen afterwards calls most blocks of a losing gate "would have won" by noise alone
    /// (docs/exports.md). Horizons not in `horizonsSeconds` are ignored.
    public var judgedHorizonsSeconds: [Int64] = [300, 900, 3600]
    /// Taker fee per side (fraction of notional): 0.06 %.
    public var takerFee: Double = 0.0006
    /// Slippage per fill (fraction of price), against the trade on entry and exit.
    public var slippage: Double = 0.0003
    /// A horizon "would win" when its net P&L in percent exceeds this (the reference's 0.1 %).
    public var winThresholdPct: Double = 0.1
    /// Extra event time to wait after the last horizon (plus the mark staleness) before resolving: outcome
    /// horizon prices arrive up to an hour after their time (event time of an outcome = signal + 1 h).
    public var settleDelaySeconds: Int64 = 3600
    /// The weight learners give a counterfactual outcome relative to a real trade.
    public var learnerWeight: Double = 0.5
    /// `signals.jsonl` dispositions counted as blocked decisions (TradeBlocked events always are).
    /// `warned` is not included by default: a warned signal was still eligible to trade.
    public var blockingDispositions: [String] = ["blocked"]
    /// A blocked `signals.jsonl` row and a blocked-trade record of the same symbol and side whose times are at
    /// most this far apart are one blocked decision logged twice (a bot that writes both files logs each block
    /// in both, and `signals.jsonl` stamps whole seconds): the later one is merged into the earlier one instead
    /// of being counted again (`Counterfactual+Twins.swift`). 0 counts every record on its own.
    public var twinWindowSeconds: Double = 2
    /// Gate feedback window and thresholds (the reference's `generate_gate_feedback`).
    public var feedbackWindowDays: Int64 = 7
    public var gateMinBlocked: Int = 5
    public var loosenAboveWinPct: Double = 40
    public var tightenBelowWinPct: Double = 15
    public var symbolMinBlocked: Int = 3
    public var symbolAboveWinPct: Double = 50

    public init() {}
}

/// Counterfactual P&L of blocked decisions (seed 002, reference §2.4): for every blocked decision, the
/// theoretical P&L at each horizon from price marks, net of fees and slippage, classified as missed
/// opportunity or avoided loss. An outcome resolves when the watermark passes decision time + the longest
/// horizon + mark staleness + settle delay; resolved outcomes are handed to learners through the context.
public struct Counterfactual: Fold {
    public static let name = "counterfactual"
    public static let version = 2

    /// A blocked decision waiting for its horizons.
    public struct Pending: Sendable, Codable, Equatable {
        public var due: Int64
        /// The decision's fields inline, not boxed: a pending decision is only merged with its twin and read
        /// once at resolution (which boxes the resolved copy), so a box here would be one more allocation per
        /// decision.
        ///
        /// Once resolved (the queue's prefix before `pendingStart`, kept until dropped in bulk), the strings
        /// have moved to `resolvedAs`, the resolved outcome, which carries them unchanged, and `fields` keeps
        /// everything else: resolving retains no string and dropping the prefix releases none, yet the entry
        /// still is (`original`), compares and encodes as the decision it was.
        var fields: CounterfactualOutcome.Fields
        var resolvedAs: CounterfactualOutcome?

        init(due: Int64, fields: consuming CounterfactualOutcome.Fields) {
            self.due = due
            self.fields = fields
        }

        /// The decision as registered (for a resolved entry: its fields with the strings put back).
        var original: CounterfactualOutcome.Fields {
            guard let resolvedAs else { return fields }
            var f = fields
            f.restoreStrings(from: resolvedAs)
            return f
        }

        public var outcome: CounterfactualOutcome {
            get { CounterfactualOutcome(fields: original) }
            set {
                fields = newValue.fields
                resolvedAs = nil
            }
        }

        /// Moves the fields out for resolution (no string retained), leaving the rest; the caller then sets
        /// `resolvedAs` to the resolved outcome, which gives the strings back to `original`.
        mutating func takeFields() -> CounterfactualOutcome.Fields {
            var taken = fields.hollowed
            swap(&taken, &fields)
            return taken
        }

        enum CodingKeys: String, CodingKey {
            case due
            case outcome
        }

        /// Encoded as the synthesized conformance of `{due, outcome}` did.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            due = try container.decode(Int64.self, forKey: .due)
            fields = try container.decode(CounterfactualOutcome.Fields.self, forKey: .outcome)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(due, forKey: .due)
            try container.encode(original, forKey: .outcome)
        }

        public static func == (a: Self, b: Self) -> Bool { a.due == b.due && a.original == b.original }
    }

    public struct State: Sendable, Codable, Equatable {
        /// `pending[pendingStart...]` are waiting, sorted by (due, decisionSeq); the prefix before
        /// `pendingStart` is already resolved and dropped in bulk (no memmove per resolution).
        public var pending: [Pending] = []
        public var pendingStart = 0
        /// Decisions waiting for their horizons.
        public var waiting: ArraySlice<Pending> { pending[pendingStart...] }
        /// Resolved outcomes the gate feedback may still read, in resolution order (which is decision-time
        /// order: due = decision time + a constant). `resolved[resolvedStart...]` have a decision time within
        /// `feedbackWindowDays` of the watermark; older ones are dropped in bulk. Keeping only the window is
        /// what keeps this state bounded on a long history; counts over everything are in the totals below.
        public var resolved: [CounterfactualOutcome] = []
        public var resolvedStart = 0
        /// Resolved outcomes in the feedback window.
        public var recent: ArraySlice<CounterfactualOutcome> { resolved[resolvedStart...] }
        /// Every outcome resolved so far, and how many per classification (`CounterfactualClassification`
        /// case order).
        public var resolvedTotal = 0
        public var classificationCounts = [Int](repeating: 0, count: CounterfactualClassification.allCases.count)
        /// Resolved, not yet handed to the append-only `counterfactual_outcomes.jsonl` (`takeFinalizedRows`).
        public var unexported: [CounterfactualOutcome] = []

        public init() {}
    }

    public let configuration: CounterfactualConfiguration

    /// The state. Stored in `current` beside what is derived from it (`nextDue`, `oldestRecentTime`,
    /// `resolvedTimes`), so that the per-event checks "is anything due?" and "did anything leave the feedback
    /// window?" compare integers instead of reading the head of each queue (cold memory: both heads were
    /// written hours or days ago); setting the state from outside recomputes them.
    public var state: State {
        get { current }
        set {
            current = newValue
            nextDue = current.waiting.first?.due ?? .max
            resolvedTimes = current.resolved.map(\.decisionTime)
            oldestRecentTime = current.recent.first?.decisionTime ?? .max
        }
    }
    var current = State()
    /// `due` of the first waiting decision (`.max` when none waits).
    private var nextDue: Int64 = .max
    /// Decision time of the first outcome in the feedback window (`.max` when it is empty).
    private var oldestRecentTime: Int64 = .max
    /// `current.resolved[i].decisionTime` at `i`: forgetting reads these, not the outcomes (one cold box per
    /// outcome leaving the window).
    private var resolvedTimes: [Int64] = []
    /// Per symbol (by `cursorSymbols` id), where the last resolved outcome found each horizon's exit price in
    /// the price marks (a hint that makes the next look-up short; never changes an answer, so it is not state).
    private var exitCursors: [[Int]] = []
    private var cursorSymbols = StringIndex()
    /// Per symbol (by `cursorSymbols` id), the id of its series in the price marks (−1 when not known yet):
    /// finding it from the symbol hashes the string, the cursor index's cache does not. Checked on use (a
    /// restored price-marks state numbers its symbols anew), so it never changes an answer.
    private var seriesIDs: [Int] = []

    /// Indexed by `Disposition.rawValue`: whether that disposition is a blocked decision (no hashing per event).
    private let blocking: [Bool]
    private let resolver: CounterfactualResolver
    /// The longest horizon plus the settle delay (seconds); a decision is due this long plus the price marks'
    /// staleness after its time.
    private let dueDelaySeconds: Int64
    /// `feedbackWindowDays` in µs.
    private let feedbackWindow: Int64
    /// `twinWindowSeconds` in µs.
    let twinWindow: Int64

    public init(configuration: CounterfactualConfiguration) {
        self.configuration = configuration
        let names = Set(configuration.blockingDispositions.map { $0.lowercased() })
        var mask = [Bool](repeating: false, count: 256)
        for d in Disposition.allCases where names.contains(d.description) { mask[Int(d.rawValue)] = true }
        blocking = mask
        resolver = CounterfactualResolver(configuration: configuration)
        dueDelaySeconds = (configuration.horizonsSeconds.max() ?? 0) + configuration.settleDelaySeconds
        feedbackWindow = configuration.feedbackWindowDays * 86_400_000_000
        twinWindow = Int64((max(0, configuration.twinWindowSeconds) * 1_000_000).rounded())
    }

    public mutating func apply(_ event: Event, context: FoldContext) {
        apply(event, payload: event.payload, context: context)
    }

    public mutating func apply(_ event: Event, payload: EventPayload, context: FoldContext) {
        var discarded: [CounterfactualOutcome] = []
        advance(event, payload: payload, watermark: context.watermark, marks: context.priceMarks, resolved: &discarded)
    }

    /// Registers the event if it is a blocked decision, then resolves every pending decision whose due time
    /// the watermark has passed, appending the resolved outcomes to `resolved` in (due, seq) order.
    public mutating func advance(_ event: Event, context: FoldContext, resolved: inout [CounterfactualOutcome]) {
        advance(event, watermark: context.watermark, marks: context.priceMarks, resolved: &resolved)
    }

    /// `advance` with the context's parts passed separately, so that the pipeline can append to its own
    /// context's `resolvedCounterfactuals` while lending its price marks (no copy of the context).
    public mutating func advance(
        _ event: Event,
        watermark: Int64,
        marks: borrowing PriceMarks,
        resolved: inout [CounterfactualOutcome]
    ) {
        advance(event, payload: event.payload, watermark: watermark, marks: marks, resolved: &resolved)
    }

    /// `advance` with the payload already read (`payload` is `event.payload`).
    public mutating func advance(
        _ event: Event,
        payload: EventPayload,
        watermark: Int64,
        marks: borrowing PriceMarks,
        resolved: inout [CounterfactualOutcome]
    ) {
        // Only blocked decisions build an outcome (out of line): every other event costs this switch.
        switch payload {
        case .tradeBlocked(let b):
            block(b, event, staleness: marks.configuration.maxStalenessSeconds)
        case .decisionLogged(let d) where blocking[Int(d.disposition.rawValue)]:
            block(d, event, staleness: marks.configuration.maxStalenessSeconds)
        default:
            break
        }
        if nextDue <= watermark { resolveDue(watermark: watermark, marks: marks, into: &resolved) }
        if watermark != .min, oldestRecentTime < watermark - feedbackWindow {
            forgetOutsideFeedbackWindow(watermark: watermark)
        }
    }

    /// Registers a blocked decision: merged into its twin if it has one, else inserted in (due, seq) order (at
    /// the end, unless a shorter staleness or settle delay was configured between events of a restored state).
    private mutating func register(_ fields: consuming CounterfactualOutcome.Fields, staleness: Int64) {
        guard !mergeIntoTwin(fields) else { return }
        let due = fields.decisionTime + (dueDelaySeconds + staleness) * 1_000_000
        var i = current.pending.count
        while i > current.pendingStart,
            (current.pending[i - 1].due, current.pending[i - 1].fields.decisionSeq) > (due, fields.decisionSeq)
        {
            i -= 1
        }
        if i == current.pending.count {
            current.pending.append(Pending(due: due, fields: consume fields))
        } else {
            current.pending.insert(Pending(due: due, fields: consume fields), at: i)
        }
        if i == current.pendingStart { nextDue = due }
    }

    /// Resolves the waiting decisions due at `watermark`, in order, then drops the resolved prefix of the queue
    /// in bulk once it is at least half of it.
    private mutating func resolveDue(
        watermark: Int64,
        marks: borrowing PriceMarks,
        into resolved: inout [CounterfactualOutcome]
    ) {
        let staleness = marks.configuration.maxStalenessSeconds * 1_000_000
        while nextDue <= watermark, current.pendingStart < current.pending.count {
            var fields = current.pending[current.pendingStart].takeFields()
            let cursors = cursorIndex(of: fields.symbol)
            var series = seriesIDs[cursors]
            if series < 0 || !marks.isSeries(series, of: fields.symbol) {
                series = marks.seriesID(of: fields.symbol) ?? -1
                seriesIDs[cursors] = series
            }
            marks.withSeries(series) { s in  // an empty view when the symbol has no marks (series −1)
                resolver.resolve(
                    &fields,
                    series: s,
                    staleness: staleness,
                    at: watermark,
                    cursors: &exitCursors[cursors]
                )
            }
            let outcome = CounterfactualOutcome(fields: consume fields)
            current.pending[current.pendingStart].resolvedAs = outcome
            if current.resolvedStart == resolvedTimes.count { oldestRecentTime = outcome.decisionTime }
            current.resolved.append(outcome)
            resolvedTimes.append(outcome.decisionTime)
            current.unexported.append(outcome)
            current.resolvedTotal += 1
            current.classificationCounts[outcome.classification.index] += 1
            resolved.append(outcome)
            current.pendingStart += 1
            nextDue = current.pendingStart < current.pending.count ? current.pending[current.pendingStart].due : .max
        }
        if current.pendingStart >= 1024, current.pendingStart * 2 >= current.pending.count {
            current.pending.removeFirst(current.pendingStart)
            current.pendingStart = 0
        }
    }

    /// The index of `symbol`'s exit cursors in `exitCursors` (added, all zero, for a new symbol); ids come from
    /// `StringIndex`, whose cache finds a symbol without hashing it.
    private mutating func cursorIndex(of symbol: String) -> Int {
        let id = Int(cursorSymbols.insert(symbol))
        if id == exitCursors.count {
            exitCursors.append([Int](repeating: 0, count: configuration.horizonsSeconds.count))
            seriesIDs.append(-1)
        }
        return id
    }

    /// Drops resolved outcomes whose decision time left the feedback window (they can never be read again:
    /// the watermark only grows), in bulk, like the pending queue.
    private mutating func forgetOutsideFeedbackWindow(watermark: Int64) {
        let since = watermark - feedbackWindow
        while current.resolvedStart < resolvedTimes.count, resolvedTimes[current.resolvedStart] < since {
            current.resolvedStart += 1
        }
        oldestRecentTime = current.resolvedStart < resolvedTimes.count ? resolvedTimes[current.resolvedStart] : .max
        if current.resolvedStart >= 1024, current.resolvedStart * 2 >= current.resolved.count {
            current.resolved.removeFirst(current.resolvedStart)
            resolvedTimes.removeFirst(current.resolvedStart)
            current.resolvedStart = 0
        }
    }

    @inline(never)
    private mutating func block(_ b: TradeBlocked, _ event: Event, staleness: Int64) {
        let fields = CounterfactualOutcome.Fields(
            decisionSeq: event.seq,
            decisionTime: event.eventTime,
            resolvedAt: event.eventTime,
            source: .tradeBlocked,
            symbol: b.symbol,
            side: b.side,
            disposition: "blocked",
            gate: b.gate,
            reason: b.reason,
            strategy: b.strategy,
            timeframe: b.timeframe,
            entryPrice: b.price,
            horizons: [],
            classification: .unpriced,
            weight: configuration.learnerWeight
        )
        register(consume fields, staleness: staleness)
    }

    @inline(never)
    private mutating func block(_ d: DecisionLogged, _ event: Event, staleness: Int64) {
        let fields = CounterfactualOutcome.Fields(
            decisionSeq: event.seq,
            decisionTime: event.eventTime,
            resolvedAt: event.eventTime,
            source: .signals,
            symbol: d.symbol,
            side: d.side,
            disposition: d.disposition.description,
            gate: d.blockGate,
            reason: d.blockReason,
            strategy: d.strategy,
            timeframe: d.timeframe,
            ofi: d.ofi,
            ensemble: d.ensemble,
            regime: d.regime,
            entryPrice: d.entryPrice,
            horizons: [],
            classification: .unpriced,
            weight: configuration.learnerWeight
        )
        register(consume fields, staleness: staleness)
    }

    public func report(context: FoldContext) -> FoldReport {
        var counters: [String: Int] = ["pending": current.waiting.count, "resolved": current.resolvedTotal]
        for c in CounterfactualClassification.allCases { counters[c.rawValue] = current.classificationCounts[c.index] }
        return FoldReport(identity: identity, counters: counters)
    }
}
