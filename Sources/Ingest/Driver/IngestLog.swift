public import EventLog

/// The part of the event log ingest needs. `EventLogWriter` + `EventLogReader` implement it in production
/// (`EventLogIngestLog`); tests may use an in-memory log with the same atomicity promise.
public protocol IngestLog: AnyObject {
    /// Source positions stored in the last valid frame (empty for a new log).
    var checkpoints: [SourceCheckpoint] { get }
    /// Appends events and the source positions they reach as ONE frame: both are durable, or neither.
    func append(_ drafts: [EventDraft], checkpoints: [SourceCheckpoint]) throws(IngestError)
    /// Calls `body` with every event already in the log, in sequence order (startup state rebuild).
    func forEachEvent(_ body: (Event) -> Void) throws(IngestError)
}

/// What a normalizer made of one JSONL record.
public enum LineVerdict: Sendable, Equatable {
    case event(eventTime: Int64, payload: EventPayload)
    /// `eventTime` is a timestamp found in the record, when one parsed.
    case rejected(RecordRejected, eventTime: Int64?)
}

/// Turns one JSONL record (without terminator; usually a slice of the tailer's read chunk) into a verdict. Must be a pure function of the bytes (it may
/// keep scratch state, e.g. a reusable parser, so it is not `Sendable`: one per source).
public typealias LineNormalizer = (ArraySlice<UInt8>) -> LineVerdict

/// What an encoding normalizer made of one JSONL record: the event's payload was appended to the
/// `PayloadWriter` it was given, or the record is rejected (nothing appended).
public enum EncodedLineVerdict: Sendable, Equatable {
    case event(eventTime: Int64, kind: EventKind)
    case rejected(RecordRejected, eventTime: Int64?)
}

/// A `LineNormalizer` that appends the event's payload to `writer` instead of returning it as a value: ingest's
/// hot path (`RecordNormalizer.lineEncoder(for:)`). Must give the same events as the format's `LineNormalizer`.
/// It gets the record's bytes as a raw buffer (no reference counting per call) and whether they are padded for an
/// in-place parse (`LineRecord.isPaddedForParsing`: `JSONParser.requiredPadding` readable bytes follow them).
public typealias LineEncoder = (_ bytes: UnsafeRawBufferPointer, _ padded: Bool, inout PayloadWriter) ->
    EncodedLineVerdict
