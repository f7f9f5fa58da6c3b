public import EventLog

/// The records the enriched-decisions state keeps (and its rows print): decisions, signal outcomes, positions and
/// their closes. `Decision`, `Outcome` and `Position` keep their fields in a `CopyOnWriteBox` (see there: rows
/// share the records instead of copying them); their `Codable` encoding is that of the plain structs (`Fields`).
extension EnrichedDecisions {
    public enum DecisionKind: String, Sendable, Codable {
        case signal
        case blocked
        case position
    }

    /// A decision from signals.jsonl or a blocked-trade record.
    public struct Decision: Sendable, Codable, Equatable {
        /// The stored fields, kept once in a copy-on-write box: a copy of this value (into an array, a row, the
        /// context) costs one retain instead of one per string, and arrays of it move 8 bytes per element.
        /// `Fields` has exactly the old stored properties, encoded in the old order (`CodingKeys`), so the Codable
        /// encoding (snapshots) is unchanged. Stored in another order: the one-byte enums fill the padding after
        /// `price` instead of taking 8 bytes each between strings (a 240-byte box instead of 272: one of these
        /// is allocated per decision, and a busy month holds hundreds of thousands in rows).
        struct Fields: Sendable, Codable, Equatable {
            var seq: UInt64
            var time: Int64
            var symbol: String
            var sideRaw: String
            var strategy: String?
            var gate: String?
            var reason: String?
            var venue: String?
            var timeframe: String?
            var regime: String?
            var price: Double?
            var kind: DecisionKind
            var side: Side
            var disposition: Disposition
            var ofi: Double?
            var ensemble: Double?
            var mtfConfidence: Double?
            var volatility: Double?

            /// The order the fields were declared (and encoded) in before they were reordered in memory.
            private enum CodingKeys: String, CodingKey {
                case seq, time, kind, symbol, side, sideRaw, disposition, strategy, gate, reason, price, venue
                case timeframe, ofi, ensemble, mtfConfidence, volatility, regime
            }
        }

        private var storage: CopyOnWrite<Fields>

        init(fields: Fields) { storage = CopyOnWrite(fields) }

        init(
            seq: UInt64,
            time: Int64,
            kind: DecisionKind,
            symbol: String,
            side: Side,
            sideRaw: String,
            disposition: Disposition,
            strategy: String? = nil,
            gate: String? = nil,
            reason: String? = nil,
            price: Double? = nil,
            venue: String? = nil,
            timeframe: String? = nil,
            ofi: Double? = nil,
            ensemble: Double? = nil,
            mtfConfidence: Double? = nil,
            volatility: Double? = nil,
            regime: String? = nil
        ) {
            storage = CopyOnWrite(
                Fields(
                    seq: seq,
                    time: time,
                    symbol: symbol,
                    sideRaw: sideRaw,
                    strategy: strategy,
                    gate: gate,
                    reason: reason,
                    venue: venue,
                    timeframe: timeframe,
                    regime: regime,
                    price: price,
                    kind: kind,
                    side: side,
                    disposition: disposition,
                    ofi: ofi,
                    ensemble: ensemble,
                    mtfConfidence: mtfConfidence,
                    volatility: volatility
                )
            )
        }

        /// The fields (a copy), e.g. to build a changed value with one allocation.
        var fields: Fields { storage.value }

        public init(from decoder: any Decoder) throws { storage = try CopyOnWrite(from: decoder) }

        public func encode(to encoder: any Encoder) throws { try storage.encode(to: encoder) }

        public var seq: UInt64 {
            get { storage.value.seq }
            set { storage.write { $0.seq = newValue } }
        }

        public var time: Int64 {
            get { storage.value.time }
            set { storage.write { $0.time = newValue } }
        }

        public var kind: DecisionKind {
            get { storage.value.kind }
            set { storage.write { $0.kind = newValue } }
        }

        public var symbol: String {
            get { storage.value.symbol }
            set { storage.write { $0.symbol = newValue } }
        }

        public var side: Side {
            get { storage.value.side }
            set { storage.write { $0.side = newValue } }
        }

        public var sideRaw: String {
            get { storage.value.sideRaw }
            set { storage.write { $0.sideRaw = newValue } }
        }

        public var disposition: Disposition {
            get { storage.value.disposition }
            set { storage.write { $0.disposition = newValue } }
        }

        public var strategy: String? {
            get { storage.value.strategy }
            set { storage.write { $0.strategy = newValue } }
        }

        public var gate: String? {
            get { storage.value.gate }
            set { storage.write { $0.gate = newValue } }
        }

        public var reason: String? {
            get { storage.value.reason }
            set { storage.write { $0.reason = newValue } }
        }

        public var price: Double? {
            get { storage.value.price }
            set { storage.write { $0.price = newValue } }
        }

        public var venue: String? {
            get { storage.value.venue }
            set { storage.write { $0.venue = newValue } }
        }

        public var timeframe: String? {
            get { storage.value.timeframe }
            set { storage.write { $0.timeframe = newValue } }
        }

        public var ofi: Double? {
            get { storage.value.ofi }
            set { storage.write { $0.ofi = newValue } }
        }

        public var ensemble: Double? {
            get { storage.value.ensemble }
            set { storage.write { $0.ensemble = newValue } }
        }

        public var mtfConfidence: Double? {
            get { storage.value.mtfConfidence }
            set { storage.write { $0.mtfConfidence = newValue } }
        }

        public var volatility: Double? {
            get { storage.value.volatility }
            set { storage.write { $0.volatility = newValue } }
        }

        public var regime: String? {
            get { storage.value.regime }
            set { storage.write { $0.regime = newValue } }
        }
    }

    /// Returns (raw fractions) and hits of the five horizons, inline (no array allocation per outcome).
    public struct HorizonResults: Sendable, Codable, Equatable {
        public var returns: [Double?] { [r1m, r5m, r15m, r30m, r1h] }
        public var hits: [Bool?] { [h1m, h5m, h15m, h30m, h1h] }
        var r1m, r5m, r15m, r30m, r1h: Double?
        var h1m, h5m, h15m, h30m, h1h: Bool?

        init(_ horizons: [HorizonOutcome]) {
            for h in horizons {
                switch h.horizon {
                case .m1: (r1m, h1m) = (h.returnFraction, h.hit)
                case .m5: (r5m, h5m) = (h.returnFraction, h.hit)
                case .m15: (r15m, h15m) = (h.returnFraction, h.hit)
                case .m30: (r30m, h30m) = (h.returnFraction, h.hit)
                case .h1: (r1h, h1h) = (h.returnFraction, h.hit)
                }
            }
        }
    }

    /// A signal outcome, compact.
    public struct Outcome: Sendable, Codable, Equatable {
        /// The stored fields, kept once in a copy-on-write box: a copy of this value (into an array, a row, the
        /// context) costs one retain instead of one per string, and arrays of it move 8 bytes per element.
        /// `Fields` has exactly the old stored properties, encoded in the old order (`CodingKeys`), so the Codable
        /// encoding (snapshots) is unchanged. Stored with `joined` first: finalization sets it hours of event
        /// time after the box was written, in the cache line of the box's reference count, which the row built
        /// next retains (one cache miss instead of two).
        struct Fields: Sendable, Codable, Equatable {
            var joined: Bool = false
            var side: Side
            var partial: Bool
            var seq: UInt64
            var signalTime: Int64
            var symbol: String
            var signalName: String
            var confidence: Double
            var priceAtSignal: Double
            var evContribution: Double?
            var results: HorizonResults

            /// The order the fields were declared (and encoded) in before they were reordered in memory.
            private enum CodingKeys: String, CodingKey {
                case seq, signalTime, symbol, side, signalName, confidence, priceAtSignal, results, evContribution
                case partial, joined
            }
        }

        private var storage: CopyOnWrite<Fields>

        init(fields: Fields) { storage = CopyOnWrite(fields) }

        init(
            seq: UInt64,
            signalTime: Int64,
            symbol: String,
            side: Side,
            signalName: String,
            confidence: Double,
            priceAtSignal: Double,
            results: HorizonResults,
            evContribution: Double? = nil,
            partial: Bool,
            joined: Bool = false
        ) {
            storage = CopyOnWrite(
                Fields(
                    joined: joined,
                    side: side,
                    partial: partial,
                    seq: seq,
                    signalTime: signalTime,
                    symbol: symbol,
                    signalName: signalName,
                    confidence: confidence,
                    priceAtSignal: priceAtSignal,
                    evContribution: evContribution,
                    results: results
                )
            )
        }

        /// The fields (a copy), e.g. to build a changed value with one allocation.
        var fields: Fields { storage.value }

        public init(from decoder: any Decoder) throws { storage = try CopyOnWrite(from: decoder) }

        public func encode(to encoder: any Encoder) throws { try storage.encode(to: encoder) }

        public var seq: UInt64 {
            get { storage.value.seq }
            set { storage.write { $0.seq = newValue } }
        }

        public var signalTime: Int64 {
            get { storage.value.signalTime }
            set { storage.write { $0.signalTime = newValue } }
        }

        public var symbol: String {
            get { storage.value.symbol }
            set { storage.write { $0.symbol = newValue } }
        }

        public var side: Side {
            get { storage.value.side }
            set { storage.write { $0.side = newValue } }
        }

        public var signalName: String {
            get { storage.value.signalName }
            set { storage.write { $0.signalName = newValue } }
        }

        public var confidence: Double {
            get { storage.value.confidence }
            set { storage.write { $0.confidence = newValue } }
        }

        public var priceAtSignal: Double {
            get { storage.value.priceAtSignal }
            set { storage.write { $0.priceAtSignal = newValue } }
        }

        public var results: HorizonResults {
            get { storage.value.results }
            set { storage.write { $0.results = newValue } }
        }

        public var evContribution: Double? {
            get { storage.value.evContribution }
            set { storage.write { $0.evContribution = newValue } }
        }

        public var partial: Bool {
            get { storage.value.partial }
            set { storage.write { $0.partial = newValue } }
        }

        /// A settled decision joined it (an outcome that leaves the state unjoined counts as unmatched).
        public var joined: Bool {
            get { storage.value.joined }
            set { storage.write { $0.joined = newValue } }
        }
    }

    public struct Close: Sendable, Codable, Equatable {
        public var seq: UInt64
        public var closedAt: Int64
        public var exitPrice: Double?
        public var netReturn: Double?
        public var netPnlUSD: Double?
        public var marginUSD: Double?
        public var closeReason: String?
        public var quality: [DataQualityFlag]
    }

    /// One opening (PositionOpened) or, when the log has only its closes, the opening those closes describe.
    public struct Position: Sendable, Codable, Equatable {
        /// The stored fields, kept once in a copy-on-write box: a copy of this value (into an array, a row, the
        /// context) costs one retain instead of one per string, and arrays of it move 8 bytes per element.
        /// `Fields` has exactly the old stored properties, so the Codable encoding (snapshots) is unchanged.
        struct Fields: Sendable, Codable, Equatable {
            var seq: UInt64
            var symbol: String
            var strategy: String
            var directionRaw: String
            var openedAt: Int64
            var side: Side
            var hasOpening: Bool
            var entryPrice: Double?
            var sizeUSD: Double?
            var leverage: Double?
            var marginUSD: Double?
            var venue: String?
            var timeframe: String?
            var closes: [Close] = []
            var removedReason: String?
            var updatedSinceClose: Bool = false
            var joined: [Settled] = []
        }

        private var storage: CopyOnWrite<Fields>

        init(fields: Fields) { storage = CopyOnWrite(fields) }

        init(
            seq: UInt64,
            symbol: String,
            strategy: String,
            directionRaw: String,
            openedAt: Int64,
            side: Side,
            hasOpening: Bool,
            entryPrice: Double? = nil,
            sizeUSD: Double? = nil,
            leverage: Double? = nil,
            marginUSD: Double? = nil,
            venue: String? = nil,
            timeframe: String? = nil,
            closes: [Close] = [],
            removedReason: String? = nil,
            updatedSinceClose: Bool = false,
            joined: [Settled] = []
        ) {
            storage = CopyOnWrite(
                Fields(
                    seq: seq,
                    symbol: symbol,
                    strategy: strategy,
                    directionRaw: directionRaw,
                    openedAt: openedAt,
                    side: side,
                    hasOpening: hasOpening,
                    entryPrice: entryPrice,
                    sizeUSD: sizeUSD,
                    leverage: leverage,
                    marginUSD: marginUSD,
                    venue: venue,
                    timeframe: timeframe,
                    closes: closes,
                    removedReason: removedReason,
                    updatedSinceClose: updatedSinceClose,
                    joined: joined
                )
            )
        }

        /// The position's key (what `State.positionIndex` is keyed by).
        var key: PositionKey {
            let f = storage.value
            return PositionKey(
                symbol: f.symbol,
                strategy: f.strategy,
                directionRaw: f.directionRaw,
                openedAt: f.openedAt
            )
        }

        /// The fields (a copy), e.g. to build a changed value with one allocation.
        var fields: Fields { storage.value }

        public init(from decoder: any Decoder) throws { storage = try CopyOnWrite(from: decoder) }

        public func encode(to encoder: any Encoder) throws { try storage.encode(to: encoder) }

        public var seq: UInt64 {
            get { storage.value.seq }
            set { storage.write { $0.seq = newValue } }
        }

        public var symbol: String {
            get { storage.value.symbol }
            set { storage.write { $0.symbol = newValue } }
        }

        public var strategy: String {
            get { storage.value.strategy }
            set { storage.write { $0.strategy = newValue } }
        }

        public var directionRaw: String {
            get { storage.value.directionRaw }
            set { storage.write { $0.directionRaw = newValue } }
        }

        public var openedAt: Int64 {
            get { storage.value.openedAt }
            set { storage.write { $0.openedAt = newValue } }
        }

        public var side: Side {
            get { storage.value.side }
            set { storage.write { $0.side = newValue } }
        }

        public var hasOpening: Bool {
            get { storage.value.hasOpening }
            set { storage.write { $0.hasOpening = newValue } }
        }

        public var entryPrice: Double? {
            get { storage.value.entryPrice }
            set { storage.write { $0.entryPrice = newValue } }
        }

        public var sizeUSD: Double? {
            get { storage.value.sizeUSD }
            set { storage.write { $0.sizeUSD = newValue } }
        }

        public var leverage: Double? {
            get { storage.value.leverage }
            set { storage.write { $0.leverage = newValue } }
        }

        public var marginUSD: Double? {
            get { storage.value.marginUSD }
            set { storage.write { $0.marginUSD = newValue } }
        }

        public var venue: String? {
            get { storage.value.venue }
            set { storage.write { $0.venue = newValue } }
        }

        public var timeframe: String? {
            get { storage.value.timeframe }
            set { storage.write { $0.timeframe = newValue } }
        }

        public var closes: [Close] {
            get { storage.value.closes }
            set { storage.write { $0.closes = newValue } }
        }

        public var removedReason: String? {
            get { storage.value.removedReason }
            set { storage.write { $0.removedReason = newValue } }
        }

        /// The position changed (a partial close shrinks the open entry) after its last close: still open.
        public var updatedSinceClose: Bool {
            get { storage.value.updatedSinceClose }
            set { storage.write { $0.updatedSinceClose = newValue } }
        }

        /// Settled decisions that joined this position; they are final together with it.
        public var joined: [Settled] {
            get { storage.value.joined }
            set { storage.write { $0.joined = newValue } }
        }

        /// Changes several fields with one copy-on-write check, in place (`closes.append` through the property
        /// would go through its getter and setter: copy the array, and allocate a new one to append to).
        mutating func update(_ body: (inout Fields) -> Void) { storage.write(body) }

        /// Appends a settled decision in place (see `update`), moved in: a copy would retain the decision's
        /// box, which is cold by the time it settles.
        mutating func appendJoined(_ settled: consuming Settled) {
            var moving: Settled? = consume settled
            storage.write { $0.joined.append(moving.take()!) }
        }

        /// The settled decisions, moved out (the position keeps an empty list).
        mutating func takeJoined() -> [Settled] {
            storage.write { f in
                var taken: [Settled] = []
                swap(&taken, &f.joined)
                return taken
            }
        }

        /// Closed for good (its last change was a close, `finalizeDelaySeconds` ago) or removed.
        func isClosed(watermark: Int64, delay: Int64) -> Bool {
            if storage.value.removedReason != nil { return true }
            guard !storage.value.closes.isEmpty, !storage.value.updatedSinceClose else { return false }
            var lastClose = Int64.min  // the latest close, without building an array (runs every step)
            for c in storage.value.closes where c.closedAt > lastClose { lastClose = c.closedAt }
            return lastClose + delay <= watermark
        }
    }
}
