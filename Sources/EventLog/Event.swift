/// One entry of the event log: a normalized input record (or a rejection of one), with everything needed
/// to trace it back to the exact bytes it came from.
///
/// The log is lossless: `original` holds the input record byte for byte, so any record can be recovered
/// and any normalization bug fixed later by re-deriving payloads from the originals.
///
/// Events read from the log are lazy (see docs/event-log.md, "Reading"): the cursor decodes the envelope
/// (seq, times, source, position, kind) and keeps the payload's encoded bytes; `payload` decodes them on
/// each access until `materializePayload()` stores the decoded value. `original` and the encoded payload
/// are slices of the frame's decompressed body, so a kept event keeps that body (one frame) alive.
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
    /// The input record exactly as read (without its line terminator), or empty for synthesized events
    /// such as `SourceReset` or `PositionRemoved`. For events read from the log, a slice of the frame's
    /// decompressed body (no copy); `Array(event.original)` makes an independent copy.
    public var original: ArraySlice<UInt8>
    @usableFromInline
    var storage: PayloadStorage

    /// The typed, normalized content; its case determines `kind`. Reading it decodes the payload when the
    /// event came from the log and `materializePayload()` was not called (a payload this build cannot
    /// represent reads as `.unknown(kindRawValue:bytes:)`, never a crash); setting it stores the value.
    /// Each read returns a copy (retaining every string and array in it): a hot loop that reads the payload
    /// of every event lends `storedPayload?.value` instead.
    public var payload: EventPayload {
        get {
            switch storage {
            case .decoded(let box): box.value
            case .encoded(let encoded): encoded.decode()
            }
        }
        set { storage = .decoded(DecodedPayload(newValue)) }
    }

    /// The stored decoded payload (nil while it is still encoded: call `materializePayload()` first).
    /// Passing `storedPayload.value` to a function borrows the payload in place, without the copy that
    /// reading `payload` makes; inlinable so that reading the box costs no retain either.
    @inlinable
    public var storedPayload: DecodedPayload? {
        if case .decoded(let box) = storage { return box }
        return nil
    }

    /// The kind recorded in the envelope, known without decoding the payload. `.unknown` for a kind this
    /// build does not know. (A known kind whose payload this build cannot represent keeps its kind here
    /// while `payload` reads as `.unknown` with that kind's number.)
    public var kind: EventKind { EventKind(rawValue: kindRawValue) ?? .unknown }

    /// The kind's number as stored in the log (also for kinds this build does not know).
    public var kindRawValue: UInt8 {
        switch storage {
        case .decoded(let box): box.kindRawValue
        case .encoded(let encoded): encoded.kind
        }
    }

    /// True when `payload` is stored decoded (set, materialized, or built in memory) rather than encoded.
    public var isPayloadDecoded: Bool {
        if case .decoded = storage { return true }
        return false
    }

    public init(
        seq: UInt64,
        eventTime: Int64,
        ingestTime: Int64,
        source: SourceID,
        position: SourcePosition,
        payload: EventPayload,
        original: ArraySlice<UInt8>
    ) {
        self.seq = seq
        self.eventTime = eventTime
        self.ingestTime = ingestTime
        self.source = source
        self.position = position
        self.storage = .decoded(DecodedPayload(payload))
        self.original = original
    }

    /// Same as the designated init, for originals held as an array.
    public init(
        seq: UInt64,
        eventTime: Int64,
        ingestTime: Int64,
        source: SourceID,
        position: SourcePosition,
        payload: EventPayload,
        original: [UInt8]
    ) {
        self.init(
            seq: seq,
            eventTime: eventTime,
            ingestTime: ingestTime,
            source: source,
            position: position,
            payload: payload,
            original: original[...]
        )
    }

    /// An event read from the log, with its payload still encoded.
    init(
        seq: UInt64,
        eventTime: Int64,
        ingestTime: Int64,
        source: SourceID,
        position: SourcePosition,
        encodedPayload: EncodedPayload,
        original: ArraySlice<UInt8>
    ) {
        self.seq = seq
        self.eventTime = eventTime
        self.ingestTime = ingestTime
        self.source = source
        self.position = position
        self.storage = .encoded(encodedPayload)
        self.original = original
    }

    /// Decodes the payload once and stores it, so later reads of `payload` cost a copy, not a decode.
    /// Replay calls this once per event before handing it to every fold.
    public mutating func materializePayload() {
        if case .encoded(let encoded) = storage { storage = .decoded(DecodedPayload(encoded.decode())) }
    }

    /// The payload, or an error when its bytes are malformed or lack a required field: what `payload`
    /// silently reads as `.unknown`. A value of an enum this build does not know (a newer writer's
    /// vocabulary) is not an error: it returns `.unknown`, as `payload` does. `log verify` uses this.
    public func decodedPayload() throws(EventLogError) -> EventPayload {
        switch storage {
        case .decoded(let box): return box.value
        case .encoded(let encoded): return try encoded.decodeChecked()
        }
    }

    /// Equal when every envelope field, the original bytes and the decoded payloads are equal (whether
    /// either side is still encoded does not matter).
    public static func == (a: Event, b: Event) -> Bool {
        guard a.seq == b.seq, a.eventTime == b.eventTime, a.ingestTime == b.ingestTime, a.source == b.source,
            a.position == b.position, a.original == b.original, a.kindRawValue == b.kindRawValue
        else { return false }
        if case .encoded(let x) = a.storage, case .encoded(let y) = b.storage, x.bytes == y.bytes { return true }
        return a.payload == b.payload
    }
}

/// An event before the log numbered it.
///
/// The payload is held either as a value (`init(…payload:…)`) or already encoded by a `PayloadWriter`
/// (`init(…encodedPayload:…)`, ingest's hot path, which never builds the payload struct). Reading `payload` of
/// an encoded draft decodes it; the frame encoder copies the bytes as they are. The value is boxed so that a
/// draft stays small (~130 bytes instead of ~580): ingest moves every draft several times (queue, merge, frame).
public struct EventDraft: Sendable, Equatable {
    public var eventTime: Int64
    public var ingestTime: Int64
    public var source: SourceID
    public var position: SourcePosition
    /// The input record; a slice so that a reader can hand out parts of its read buffer without copying.
    public var original: ArraySlice<UInt8>
    /// The payload value (boxed), or nil when the draft holds `encodedBytes`. Plain stored properties rather
    /// than an enum: the frame encoder reads them in place, where binding an enum case copied it (a retain and a
    /// release per event).
    private(set) var decoded: DraftPayloadBox?
    /// The payload message a `PayloadWriter` encoded (empty when `decoded` is set).
    private(set) var encodedBytes: ArraySlice<UInt8>
    /// The kind's number, known without decoding an encoded payload. Stored, not computed: the frame encoder
    /// and ingest's tally read it through buffer pointers, where a computed property costs a copy of the draft.
    public private(set) var kindRawValue: UInt8

    /// The typed payload (decoded on each read when the draft holds it encoded); setting it stores the value.
    public var payload: EventPayload {
        get {
            if let decoded { return decoded.value }
            return encodedBytes.withUnsafeBytes { PayloadDecoding.payload(kind: kindRawValue, bytes: $0) }
        }
        set {
            kindRawValue = newValue.wireKind
            decoded = DraftPayloadBox(newValue)
            encodedBytes = []
        }
    }

    public init(
        eventTime: Int64,
        ingestTime: Int64,
        source: SourceID,
        position: SourcePosition,
        payload: EventPayload,
        original: ArraySlice<UInt8>
    ) {
        self.eventTime = eventTime
        self.ingestTime = ingestTime
        self.source = source
        self.position = position
        self.decoded = DraftPayloadBox(payload)
        self.encodedBytes = []
        self.kindRawValue = payload.wireKind
        self.original = original
    }

    /// Same as the designated init, for originals held as an array.
    public init(
        eventTime: Int64,
        ingestTime: Int64,
        source: SourceID,
        position: SourcePosition,
        payload: EventPayload,
        original: [UInt8]
    ) {
        self.init(
            eventTime: eventTime,
            ingestTime: ingestTime,
            source: source,
            position: position,
            payload: payload,
            original: original[...]
        )
    }

    /// A draft whose payload a `PayloadWriter` already encoded.
    public init(
        eventTime: Int64,
        ingestTime: Int64,
        source: SourceID,
        position: SourcePosition,
        encodedPayload: EncodedDraftPayload,
        original: ArraySlice<UInt8>
    ) {
        self.eventTime = eventTime
        self.ingestTime = ingestTime
        self.source = source
        self.position = position
        self.decoded = nil
        self.encodedBytes = encodedPayload.bytes
        self.kindRawValue = encodedPayload.kind.rawValue
        self.original = original
    }

    /// Equal when the envelopes, the originals and the decoded payloads are equal (however each is held).
    public static func == (a: EventDraft, b: EventDraft) -> Bool {
        guard a.eventTime == b.eventTime, a.ingestTime == b.ingestTime, a.source == b.source,
            a.position == b.position, a.original == b.original, a.kindRawValue == b.kindRawValue
        else { return false }
        if a.decoded == nil, b.decoded == nil, a.encodedBytes == b.encodedBytes { return true }
        return a.payload == b.payload
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
