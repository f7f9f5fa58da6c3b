/// A draft's payload value, boxed so that a draft stays small (~130 bytes instead of ~580): ingest moves every
/// draft several times (queue, merge, frame). Immutable, so sharing it between copies of a draft is safe.
final class DraftPayloadBox: Sendable {
    let value: EventPayload
    init(_ value: EventPayload) { self.value = value }
}

/// A payload message a `PayloadWriter` encoded, with its kind: what the frame encoder copies into the log
/// byte for byte. Only `PayloadWriter` makes one, so the bytes are always a well-formed payload of `kind`.
public struct EncodedDraftPayload: Sendable, Equatable {
    public let kind: EventKind
    /// The payload message (usually a slice of one array holding a whole batch's payloads).
    public let bytes: ArraySlice<UInt8>

    init(kind: EventKind, bytes: ArraySlice<UInt8>) {
        self.kind = kind
        self.bytes = bytes
    }
}
