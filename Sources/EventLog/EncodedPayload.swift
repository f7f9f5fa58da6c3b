/// How an `Event` holds its payload: decoded, or still encoded as read from the log (lazy decoding).
/// The decoded case is boxed (`DecodedPayload`): an `EventPayload` is ~240 bytes, and keeping it inline made
/// every `Event` that much larger, copied several times per `next()` even when the payload is never decoded.
/// Usable from inlinable code so that `Event.decodedPayload` inlines into the pipeline (no retain of the box).
@usableFromInline
enum PayloadStorage: Sendable {
    case decoded(DecodedPayload)
    case encoded(EncodedPayload)
}

/// A payload as the log stores it: the kind number and the payload message's bytes, a slice of the frame's
/// decompressed body. Decoding is deferred because most readers need only the envelope (`log cat --from`,
/// seeks, stats by kind, filters by source or time) and folds read each payload once.
@usableFromInline
struct EncodedPayload: Sendable {
    let kind: UInt8
    let bytes: ArraySlice<UInt8>
    /// The cursor's string cache, shared by every event it read (see `StringInterner` for thread safety).
    let strings: StringInterner

    /// The payload; one this build cannot represent becomes `.unknown` with these bytes.
    @inline(__always)
    func decode() -> EventPayload {
        let table = strings.acquire()
        defer { if table != nil { strings.release() } }
        return bytes.withUnsafeBytes { PayloadDecoding.payload(kind: kind, bytes: $0, strings: table) }
    }

    /// The payload, or an error when the bytes are malformed or lack a required field.
    @inline(__always)
    func decodeChecked() throws(EventLogError) -> EventPayload {
        let table = strings.acquire()
        defer { if table != nil { strings.release() } }
        var failure: String?
        let decoded = bytes.withUnsafeBytes { raw in
            PayloadDecoding.decode(kind: kind, bytes: raw, strings: table, failure: &failure)
        }
        if let decoded { return decoded }
        let name = EventKind(rawValue: kind)?.name ?? "Unknown(\(kind))"
        throw EventLogError(.malformedEncoding, "\(name) payload does not decode: \(failure ?? "unknown reason")")
    }
}
