public import EventLog

/// One element of `open_positions` or `closed_positions`, as the positions parser understood it.
public struct PositionElement: Sendable, Equatable {
    public enum Verdict: Sendable, Equatable {
        /// A valid open position with its event time (`opened_at`) and its meaningful fields.
        case open(PositionOpened, eventTime: Int64, meaningful: [PositionFieldChange])
        /// A valid closed record with its event time (`closed_at` / `exit_time`).
        case closed(PositionClosed, eventTime: Int64)
        /// The element is not a usable position; `eventTime` when a timestamp parsed.
        case rejected(RecordRejected, eventTime: Int64?)
    }
    /// The element's exact bytes in the document.
    public var bytes: [UInt8]
    public var verdict: Verdict

    public init(bytes: [UInt8], verdict: Verdict) {
        self.bytes = bytes
        self.verdict = verdict
    }
}

/// A parse of the whole positions document.
public enum PositionsParse: Sendable, Equatable {
    case document(open: [PositionElement], closed: [PositionElement])
    /// Not a complete document (empty, truncated, caught mid-write): retried, never read as "no positions".
    case unreadable(String)
}

/// How ingest reads the positions document. Both functions must be pure functions of their bytes (they may
/// reuse a parser internally, hence not `Sendable`).
public struct PositionsCodec {
    public var parseDocument: ([UInt8]) -> PositionsParse
    /// The meaningful fields of one open element (`PositionOpened`'s original), to rebuild the diff state
    /// from the log. Must agree with `PositionElement.Verdict.open(meaningful:)`.
    public var meaningfulFields: ([UInt8]) -> [PositionFieldChange]

    public init(
        parseDocument: @escaping ([UInt8]) -> PositionsParse,
        meaningfulFields: @escaping ([UInt8]) -> [PositionFieldChange]
    ) {
        self.parseDocument = parseDocument
        self.meaningfulFields = meaningfulFields
    }
}
