/// How an `EventDraft` holds its payload. The value case is boxed (`indirect`): see `EventDraft`.
enum DraftPayload: Sendable {
    indirect case decoded(EventPayload)
    case encoded(EncodedDraftPayload)
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

    /// The payload value (`.unknown` with these bytes if they did not decode, which a writer bug would cause).
    func decode() -> EventPayload {
        bytes.withUnsafeBytes { PayloadDecoding.payload(kind: kind.rawValue, bytes: $0) }
    }
}
