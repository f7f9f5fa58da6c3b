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
        /// `Fields` has exactly the old stored properties, so the Codable encoding (snapshots) is unchanged.
        struct Fields: Sendable, Codable, Equatable {
            var seq: UInt64
            var time: Int64
            var kind: DecisionKind
            var symbol: String
            var side: Side
            var sideRaw: String
            var disposition: Disposition
            var strategy: String?
            var gate: String?
            var reason: String?
            var price: Double?
            var venue: String?
            var timeframe: String?
            var ofi: Double?
            var ensemble: Double?
            var mtfConfidence: Double?
            var volatility: Double?
            var regime: String?
        }

        private var box: CopyOnWriteBox<Fields>

        init(fields: Fields) { box = CopyOnWriteBox(fields) }

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
            box = CopyOnWriteBox(
                Fields(
                    seq: seq,
                    time: time,
                    kind: kind,
                    symbol: symbol,
                    side: side,
                    sideRaw: sideRaw,
                    disposition: disposition,
                    strategy: strategy,
                    gate: gate,
                    reason: reason,
                    price: price,
                    venue: venue,
                    timeframe: timeframe,
                    ofi: ofi,
                    ensemble: ensemble,
                    mtfConfidence: mtfConfidence,
                    volatility: volatility,
                    regime: regime
                )
            )
        }

        /// The fields (a copy), e.g. to build a changed value with one allocation.
        var fields: Fields { box.value }

        private mutating func write<R>(_ body: (inout Fields) -> R) -> R {
            if !isKnownUniquelyReferenced(&box) { box = CopyOnWriteBox(box.value) }
            return body(&box.value)
        }

        public init(from decoder: any Decoder) throws { box = CopyOnWriteBox(try Fields(from: decoder)) }

        public func encode(to encoder: any Encoder) throws { try box.value.encode(to: encoder) }

        public static func == (a: Self, b: Self) -> Bool { a.box === b.box || a.box.value == b.box.value }

        public var seq: UInt64 {
            get { box.value.seq }
            set { write { $0.seq = newValue } }
        }

        public var time: Int64 {
            get { box.value.time }
            set { write { $0.time = newValue } }
        }

        public var kind: DecisionKind {
            get { box.value.kind }
            set { write { $0.kind = newValue } }
        }

        public var symbol: String {
            get { box.value.symbol }
            set { write { $0.symbol = newValue } }
        }

        public var side: Side {
            get { box.value.side }
            set { write { $0.side = newValue } }
        }

        public var sideRaw: String {
            get { box.value.sideRaw }
            set { write { $0.sideRaw = newValue } }
        }

        public var disposition: Disposition {
            get { box.value.disposition }
            set { write { $0.disposition = newValue } }
        }

        public var strategy: String? {
            get { box.value.strategy }
            set { write { $0.strategy = newValue } }
        }

        public var gate: String? {
            get { box.value.gate }
            set { write { $0.gate = newValue } }
        }

        public var reason: String? {
            get { box.value.reason }
            set { write { $0.reason = newValue } }
        }

        public var price: Double? {
            get { box.value.price }
            set { write { $0.price = newValue } }
        }

        public var venue: String? {
            get { box.value.venue }
            set { write { $0.venue = newValue } }
        }

        public var timeframe: String? {
            get { box.value.timeframe }
            set { write { $0.timeframe = newValue } }
        }

        public var ofi: Double? {
            get { box.value.ofi }
            set { write { $0.ofi = newValue } }
        }

        public var ensemble: Double? {
            get { box.value.ensemble }
            set { write { $0.ensemble = newValue } }
        }

        public var mtfConfidence: Double? {
            get { box.value.mtfConfidence }
            set { write { $0.mtfConfidence = newValue } }
        }

        public var volatility: Double? {
            get { box.value.volatility }
            set { write { $0.volatility = newValue } }
        }

        public var regime: String? {
            get { box.value.regime }
            set { write { $0.regime = newValue } }
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
        /// `Fields` has exactly the old stored properties, so the Codable encoding (snapshots) is unchanged.
        struct Fields: Sendable, Codable, Equatable {
            var seq: UInt64
            var signalTime: Int64
            var symbol: String
            var side: Side
            var signalName: String
            var confidence: Double
            var priceAtSignal: Double
            var results: HorizonResults
            var evContribution: Double?
            var partial: Bool
            var joined: Bool = false
        }

        private var box: CopyOnWriteBox<Fields>

        init(fields: Fields) { box = CopyOnWriteBox(fields) }

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
            box = CopyOnWriteBox(
                Fields(
                    seq: seq,
                    signalTime: signalTime,
                    symbol: symbol,
                    side: side,
                    signalName: signalName,
                    confidence: confidence,
                    priceAtSignal: priceAtSignal,
                    results: results,
                    evContribution: evContribution,
                    partial: partial,
                    joined: joined
                )
            )
        }

        /// The fields (a copy), e.g. to build a changed value with one allocation.
        var fields: Fields { box.value }

        private mutating func write<R>(_ body: (inout Fields) -> R) -> R {
            if !isKnownUniquelyReferenced(&box) { box = CopyOnWriteBox(box.value) }
            return body(&box.value)
        }

        public init(from decoder: any Decoder) throws { box = CopyOnWriteBox(try Fields(from: decoder)) }

        public func encode(to encoder: any Encoder) throws { try box.value.encode(to: encoder) }

        public static func == (a: Self, b: Self) -> Bool { a.box === b.box || a.box.value == b.box.value }

        public var seq: UInt64 {
            get { box.value.seq }
            set { write { $0.seq = newValue } }
        }

        public var signalTime: Int64 {
            get { box.value.signalTime }
            set { write { $0.signalTime = newValue } }
        }

        public var symbol: String {
            get { box.value.symbol }
            set { write { $0.symbol = newValue } }
        }

        public var side: Side {
            get { box.value.side }
            set { write { $0.side = newValue } }
        }

        public var signalName: String {
            get { box.value.signalName }
            set { write { $0.signalName = newValue } }
        }

        public var confidence: Double {
            get { box.value.confidence }
            set { write { $0.confidence = newValue } }
        }

        public var priceAtSignal: Double {
            get { box.value.priceAtSignal }
            set { write { $0.priceAtSignal = newValue } }
        }

        public var results: HorizonResults {
            get { box.value.results }
            set { write { $0.results = newValue } }
        }

        public var evContribution: Double? {
            get { box.value.evContribution }
            set { write { $0.evContribution = newValue } }
        }

        public var partial: Bool {
            get { box.value.partial }
            set { write { $0.partial = newValue } }
        }

        /// A settled decision joined it (an outcome that leaves the state unjoined counts as unmatched).
        public var joined: Bool {
            get { box.value.joined }
            set { write { $0.joined = newValue } }
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

        private var box: CopyOnWriteBox<Fields>

        init(fields: Fields) { box = CopyOnWriteBox(fields) }

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
            box = CopyOnWriteBox(
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

        /// The fields (a copy), e.g. to build a changed value with one allocation.
        var fields: Fields { box.value }

        private mutating func write<R>(_ body: (inout Fields) -> R) -> R {
            if !isKnownUniquelyReferenced(&box) { box = CopyOnWriteBox(box.value) }
            return body(&box.value)
        }

        public init(from decoder: any Decoder) throws { box = CopyOnWriteBox(try Fields(from: decoder)) }

        public func encode(to encoder: any Encoder) throws { try box.value.encode(to: encoder) }

        public static func == (a: Self, b: Self) -> Bool { a.box === b.box || a.box.value == b.box.value }

        public var seq: UInt64 {
            get { box.value.seq }
            set { write { $0.seq = newValue } }
        }

        public var symbol: String {
            get { box.value.symbol }
            set { write { $0.symbol = newValue } }
        }

        public var strategy: String {
            get { box.value.strategy }
            set { write { $0.strategy = newValue } }
        }

        public var directionRaw: String {
            get { box.value.directionRaw }
            set { write { $0.directionRaw = newValue } }
        }

        public var openedAt: Int64 {
            get { box.value.openedAt }
            set { write { $0.openedAt = newValue } }
        }

        public var side: Side {
            get { box.value.side }
            set { write { $0.side = newValue } }
        }

        public var hasOpening: Bool {
            get { box.value.hasOpening }
            set { write { $0.hasOpening = newValue } }
        }

        public var entryPrice: Double? {
            get { box.value.entryPrice }
            set { write { $0.entryPrice = newValue } }
        }

        public var sizeUSD: Double? {
            get { box.value.sizeUSD }
            set { write { $0.sizeUSD = newValue } }
        }

        public var leverage: Double? {
            get { box.value.leverage }
            set { write { $0.leverage = newValue } }
        }

        public var marginUSD: Double? {
            get { box.value.marginUSD }
            set { write { $0.marginUSD = newValue } }
        }

        public var venue: String? {
            get { box.value.venue }
            set { write { $0.venue = newValue } }
        }

        public var timeframe: String? {
            get { box.value.timeframe }
            set { write { $0.timeframe = newValue } }
        }

        public var closes: [Close] {
            get { box.value.closes }
            set { write { $0.closes = newValue } }
        }

        public var removedReason: String? {
            get { box.value.removedReason }
            set { write { $0.removedReason = newValue } }
        }

        /// The position changed (a partial close shrinks the open entry) after its last close: still open.
        public var updatedSinceClose: Bool {
            get { box.value.updatedSinceClose }
            set { write { $0.updatedSinceClose = newValue } }
        }

        /// Settled decisions that joined this position; they are final together with it.
        public var joined: [Settled] {
            get { box.value.joined }
            set { write { $0.joined = newValue } }
        }

        /// Closed for good (its last change was a close, `finalizeDelaySeconds` ago) or removed.
        func isClosed(watermark: Int64, delay: Int64) -> Bool {
            if box.value.removedReason != nil { return true }
            guard !box.value.closes.isEmpty, !box.value.updatedSinceClose else { return false }
            var lastClose = Int64.min  // the latest close, without building an array (runs every step)
            for c in box.value.closes where c.closedAt > lastClose { lastClose = c.closedAt }
            return lastClose + delay <= watermark
        }
    }
}
