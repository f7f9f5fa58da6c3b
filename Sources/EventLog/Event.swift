/// One entry of the event log: a normalized input record (or a rejection of one), with everything needed
/// to trace it back to the exact bytes it came from.
///
/// The log is lossless: `original` holds the input record byte for byte, so any record can be recovered
/// and any normalization bug fixed later by re-deriving payloads from the originals.
public struct Event: Sendable, Equatable {
    /// Dense sequence number: the event's offset in the log, from 0, with no gaps.
    public var seq: UInt64
    /// When the fact happened, in UTC microseconds since the epoch (never the wall clock of ingest).
    public var eventTime: Int64
    /// Wall-clock time of ingest in UTC microseconds. Informational only: folds never read it.
    public var ingestTime: Int64
    /// Which configured source the record came from (`signals`, `signal_outcomes`, `blocked_trades`, `positions`).
    public var source: SourceID
    /// Where in the source the record sits (file identity + byte range, or document version + fingerprint).
    public var position: SourcePosition
    /// The typed, normalized content; its case determines `kind`.
    public var payload: EventPayload
    /// The input record exactly as read (without its line terminator), or empty for synthesized events
    /// such as `SourceReset` or `PositionRemoved`.
    public var original: [UInt8]

    public var kind: EventKind { payload.kind }

    public init(
        seq: UInt64,
        eventTime: Int64,
        ingestTime: Int64,
        source: SourceID,
        position: SourcePosition,
        payload: EventPayload,
        original: [UInt8]
    ) {
        self.seq = seq
        self.eventTime = eventTime
        self.ingestTime = ingestTime
        self.source = source
        self.position = position
        self.payload = payload
        self.original = original
    }
}

/// An event before the log assigned its sequence number.
public struct EventDraft: Sendable, Equatable {
    public var eventTime: Int64
    public var ingestTime: Int64
    public var source: SourceID
    public var position: SourcePosition
    public var payload: EventPayload
    public var original: [UInt8]

    public init(
        eventTime: Int64,
        ingestTime: Int64,
        source: SourceID,
        position: SourcePosition,
        payload: EventPayload,
        original: [UInt8]
    ) {
        self.eventTime = eventTime
        self.ingestTime = ingestTime
        self.source = source
        self.position = position
        self.payload = payload
        self.original = original
    }

    public func withSequence(_ seq: UInt64) -> Event {
        Event(
            seq: seq,
            eventTime: eventTime,
            ingestTime: ingestTime,
            source: source,
            position: position,
            payload: payload,
            original: original
        )
    }
}

/// Names a configured input. A string rather than an enum so that new sources never need a format change.
public struct SourceID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (a: SourceID, b: SourceID) -> Bool { a.rawValue < b.rawValue }

    public static let signals: SourceID = "signals"
    public static let signalOutcomes: SourceID = "signal_outcomes"
    public static let blockedTrades: SourceID = "blocked_trades"
    public static let positions: SourceID = "positions"
}

/// Identity of one concrete file behind a source path, so that rotation, truncation and re-creation
/// are told apart from growth.
public struct FileIdentity: Hashable, Sendable, Codable {
    public var device: UInt64
    public var inode: UInt64
    /// Fingerprint (64-bit hash) of the file's first `headLength` bytes; 0 when the file is shorter than that.
    public var headFingerprint: UInt64
    public var headLength: UInt32

    public init(device: UInt64, inode: UInt64, headFingerprint: UInt64, headLength: UInt32) {
        self.device = device
        self.inode = inode
        self.headFingerprint = headFingerprint
        self.headLength = headLength
    }
}

/// Where a record came from inside its source.
public enum SourcePosition: Sendable, Equatable, Hashable {
    /// No position (events hindsight synthesizes, e.g. a reset notice).
    case none
    /// A byte range `[start, end)` of an append-only file (the line, without its terminator).
    case fileRange(file: FileIdentity, start: UInt64, end: UInt64)
    /// A record inside a document that is rewritten in place: the document's version (a counter hindsight
    /// assigns to each distinct content it reads), its content fingerprint, and the record's fingerprint.
    case document(version: UInt64, documentFingerprint: UInt64, recordFingerprint: UInt64)
}
