// MARK: - logs/positions_futures.json

/// How hindsight identifies a position: the bot writes no id, keeps at most one open position per
/// (symbol, strategy, direction) and rewrites the document in place, so an opening is the key below.
/// Several `PositionClosed` events may carry the same key (partial closes of one opening).
public struct PositionKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var symbol: String
    public var strategy: String
    /// `direction` exactly as written (`long`, `LONG`, `SHORT`…): part of the bot's own key.
    public var directionRaw: String
    /// `opened_at` in UTC microseconds.
    public var openedAt: Int64

    public init(symbol: String, strategy: String, directionRaw: String, openedAt: Int64) {
        self.symbol = symbol
        self.strategy = strategy
        self.directionRaw = directionRaw
        self.openedAt = openedAt
    }
    public var description: String { "\(symbol)/\(strategy)/\(directionRaw)@\(openedAt)" }
    public static func < (a: PositionKey, b: PositionKey) -> Bool {
        (a.openedAt, a.symbol, a.strategy, a.directionRaw) < (b.openedAt, b.symbol, b.strategy, b.directionRaw)
    }
}

/// The sizing gates' states at entry (`gate_attribution`, or the same `*_reason` / `*_mult` at top level).
public struct GateAttribution: Sendable, Equatable {
    public var intelReason: String?
    public var streakReason: String?
    public var regimeReason: String?
    public var feeReason: String?
    public var roiReason: String?
    public var intelMult: Double?
    public var streakMult: Double?
    public var regimeMult: Double?
    public var feeMult: Double?
    public var roiMult: Double?

    public init(
        intelReason: String? = nil,
        streakReason: String? = nil,
        regimeReason: String? = nil,
        feeReason: String? = nil,
        roiReason: String? = nil,
        intelMult: Double? = nil,
        streakMult: Double? = nil,
        regimeMult: Double? = nil,
        feeMult: Double? = nil,
        roiMult: Double? = nil
    ) {
        self.intelReason = intelReason
        self.streakReason = streakReason
        self.regimeReason = regimeReason
        self.feeReason = feeReason
        self.roiReason = roiReason
        self.intelMult = intelMult
        self.streakMult = streakMult
        self.regimeMult = regimeMult
        self.feeMult = feeMult
        self.roiMult = roiMult
    }

    public var isEmpty: Bool { self == GateAttribution() }
}

/// A position that appeared in `open_positions`.
public struct PositionOpened: Sendable, Equatable {
    public var key: PositionKey
    public var side: Side
    /// Entry price (quote currency); nil in rare corrupted records.
    public var entryPrice: Double?
    /// USD notional (= margin × leverage), as the bot writes `size`.
    public var sizeUSD: Double?
    public var leverage: Double?
    /// USD margin (`margin_collateral`).
    public var marginUSD: Double?
    /// `timeframe` (15m / 1h / 4h) when the bot writes one.
    public var timeframe: String?
    public var venue: String?
    public var orderID: String?
    public var signalPrice: Double?
    public var gateAttribution: GateAttribution

    public init(
        key: PositionKey,
        side: Side,
        entryPrice: Double?,
        sizeUSD: Double? = nil,
        leverage: Double? = nil,
        marginUSD: Double? = nil,
        timeframe: String? = nil,
        venue: String? = nil,
        orderID: String? = nil,
        signalPrice: Double? = nil,
        gateAttribution: GateAttribution = GateAttribution()
    ) {
        self.key = key
        self.side = side
        self.entryPrice = entryPrice
        self.sizeUSD = sizeUSD
        self.leverage = leverage
        self.marginUSD = marginUSD
        self.timeframe = timeframe
        self.venue = venue
        self.orderID = orderID
        self.signalPrice = signalPrice
        self.gateAttribution = gateAttribution
    }
}

/// A scalar value of a changed field.
public enum FieldValue: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
}

/// One meaningful field of an open position that changed between two versions of the document.
public struct PositionFieldChange: Sendable, Equatable {
    /// The bot's field name (`size`, `margin_collateral`, `peak_price`, `trough_price`, `leverage`, …).
    public var field: String
    public var value: FieldValue
    public init(field: String, value: FieldValue) {
        self.field = field
        self.value = value
    }
}

/// Meaningful fields of an open position changed (coalesced: one event per position per document version).
public struct PositionUpdated: Sendable, Equatable {
    public var key: PositionKey
    /// Sorted by field name.
    public var changes: [PositionFieldChange]
    public init(key: PositionKey, changes: [PositionFieldChange]) {
        self.key = key
        self.changes = changes
    }
}

/// How the closed record spelled its exit.
public enum ExitVariant: UInt8, Sendable, Codable, CaseIterable {
    /// `closed_at` / `close_reason` / `pnl` with ROI fields.
    case standard = 1
    /// External zombie cleanup: `exit_time` / `exit_reason` / `realized_pnl` / `status:"closed"`.
    case zombieExitFields = 2
    /// `zombie_cleanup_corrupted_data`: naive `closed_at`, `pnl`, `fees`, no ROI fields.
    case zombieCorrupted = 3
}

/// Data-quality findings attached to a normalized record. Raw values are part of the format.
public enum DataQualityFlag: UInt8, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The recorded P&L has the opposite sign of the P&L recomputed from entry, exit and side.
    case pnlSignMismatch = 1
    /// The recorded P&L differs from the recomputed one by more than the tolerance (same sign).
    case pnlMagnitudeMismatch = 2
    /// A timestamp had no zone designator and was read as UTC.
    case naiveTimestamp = 3
    /// The direction was not in canonical upper case (e.g. `long`).
    case nonCanonicalDirection = 4
    /// No exit price: the return could not be recomputed.
    case missingExitPrice = 5
    /// No margin: return on margin could not be computed.
    case missingMargin = 6
    /// The closed record has no matching opening in the log (opened before ingest started).
    case unmatchedOpening = 7

    public var description: String {
        switch self {
        case .pnlSignMismatch: "pnl_sign_mismatch"
        case .pnlMagnitudeMismatch: "pnl_magnitude_mismatch"
        case .naiveTimestamp: "naive_timestamp"
        case .nonCanonicalDirection: "non_canonical_direction"
        case .missingExitPrice: "missing_exit_price"
        case .missingMargin: "missing_margin"
        case .unmatchedOpening: "unmatched_opening"
        }
    }
}

/// A record that appeared in `closed_positions` (one per close, partial closes included).
public struct PositionClosed: Sendable, Equatable {
    public var key: PositionKey
    public var side: Side
    public var exitVariant: ExitVariant
    public var entryPrice: Double?
    public var exitPrice: Double?
    /// Closed USD notional and USD margin (pro-rated on partial closes).
    public var sizeUSD: Double?
    public var leverage: Double?
    public var marginUSD: Double?
    /// `closed_at` / `exit_time` in UTC microseconds (also the event time).
    public var closedAt: Int64
    public var closeReason: String?
    /// As recorded by the bot: `pnl`/`net_pnl`/`realized_pnl` (USD), `pnl_pct` (**percent**), `net_roi` (fraction).
    public var recordedPnlUSD: Double?
    public var recordedPnlPct: Double?
    public var recordedNetROI: Double?
    public var tradingFeesUSD: Double?
    public var fundingFeesUSD: Double?
    /// Recomputed by hindsight from entry, exit, side, leverage and fees: net return on margin (fraction),
    /// and the same in USD. Learners use these, never the recorded values.
    public var netReturn: Double?
    public var netPnlUSD: Double?
    public var timeframe: String?
    public var gateAttribution: GateAttribution
    /// Sorted by raw value.
    public var quality: [DataQualityFlag]

    public init(
        key: PositionKey,
        side: Side,
        exitVariant: ExitVariant,
        entryPrice: Double?,
        exitPrice: Double?,
        sizeUSD: Double?,
        leverage: Double?,
        marginUSD: Double?,
        closedAt: Int64,
        closeReason: String?,
        recordedPnlUSD: Double? = nil,
        recordedPnlPct: Double? = nil,
        recordedNetROI: Double? = nil,
        tradingFeesUSD: Double? = nil,
        fundingFeesUSD: Double? = nil,
        netReturn: Double? = nil,
        netPnlUSD: Double? = nil,
        timeframe: String? = nil,
        gateAttribution: GateAttribution = GateAttribution(),
        quality: [DataQualityFlag] = []
    ) {
        self.key = key
        self.side = side
        self.exitVariant = exitVariant
        self.entryPrice = entryPrice
        self.exitPrice = exitPrice
        self.sizeUSD = sizeUSD
        self.leverage = leverage
        self.marginUSD = marginUSD
        self.closedAt = closedAt
        self.closeReason = closeReason
        self.recordedPnlUSD = recordedPnlUSD
        self.recordedPnlPct = recordedPnlPct
        self.recordedNetROI = recordedNetROI
        self.tradingFeesUSD = tradingFeesUSD
        self.fundingFeesUSD = fundingFeesUSD
        self.netReturn = netReturn
        self.netPnlUSD = netPnlUSD
        self.timeframe = timeframe
        self.gateAttribution = gateAttribution
        self.quality = quality
    }
}

/// An open position vanished from the document without a matching closed record.
public struct PositionRemoved: Sendable, Equatable {
    public var key: PositionKey
    public var side: Side
    public var reason: String
    public init(key: PositionKey, side: Side, reason: String) {
        self.key = key
        self.side = side
        self.reason = reason
    }
}

// MARK: - Ingest bookkeeping

/// Why an input record could not become a normalized event. Raw values are part of the format.
public enum RejectionReason: UInt8, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case lineTooLong = 1
    case invalidUTF8 = 2
    case invalidJSON = 3
    case notAnObject = 4
    case missingField = 5
    case wrongType = 6
    case invalidValue = 7
    case invalidDocument = 8

    public var description: String {
        switch self {
        case .lineTooLong: "line_too_long"
        case .invalidUTF8: "invalid_utf8"
        case .invalidJSON: "invalid_json"
        case .notAnObject: "not_an_object"
        case .missingField: "missing_field"
        case .wrongType: "wrong_type"
        case .invalidValue: "invalid_value"
        case .invalidDocument: "invalid_document"
        }
    }
}

/// An input record that could not be normalized. Its bytes are the event's `original`, its byte range the
/// event's `position`: nothing is skipped silently.
public struct RecordRejected: Sendable, Equatable {
    public var reason: RejectionReason
    /// Human-readable detail naming the field and what was wrong (e.g. "field 'symbol' is missing").
    public var detail: String
    public init(reason: RejectionReason, detail: String) {
        self.reason = reason
        self.detail = detail
    }
}

/// Why a source was re-read from the start.
public enum ResetReason: UInt8, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The file became shorter than the committed offset (truncation or copytruncate).
    case truncated = 1
    /// The path now names another file (rename + create rotation); the old file was finished first.
    case rotated = 2
    /// Same inode but the head fingerprint changed (rewritten in place).
    case rewritten = 3
    /// The file was deleted and later created again.
    case recreated = 4

    public var description: String {
        switch self {
        case .truncated: "truncated"
        case .rotated: "rotated"
        case .rewritten: "rewritten"
        case .recreated: "recreated"
        }
    }
}

/// A source was restarted from offset 0 of a new file identity.
public struct SourceReset: Sendable, Equatable {
    public var reason: ResetReason
    public var previous: FileIdentity?
    public var previousOffset: UInt64
    public var current: FileIdentity?
    public init(reason: ResetReason, previous: FileIdentity?, previousOffset: UInt64, current: FileIdentity?) {
        self.reason = reason
        self.previous = previous
        self.previousOffset = previousOffset
        self.current = current
    }
}
