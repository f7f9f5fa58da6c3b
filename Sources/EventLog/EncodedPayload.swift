/// How an `Event` holds its payload: decoded, or still encoded as read from the log (lazy decoding).
enum PayloadStorage: Sendable {
    case decoded(EventPayload)
    case encoded(EncodedPayload)
}

/// A payload as the log stores it: the kind number and the payload message's bytes, a slice of the frame's
/// decompressed body. Decoding is deferred because most readers need only the envelope (`log cat --from`,
/// seeks, stats by kind, filters by source or time) and folds read each payload once.
struct EncodedPayload: Sendable {
    let kind: UInt8
    let bytes: ArraySlice<UInt8>
    /// The cursor's string cache, shared by every event it read (see `StringInterner` for thread safety).
    let strings: StringInterner

    /// The payload; one this build cannot represent becomes `.unknown` with these bytes.
    func decode() -> EventPayload {
        let table = strings.acquire()
        defer { if table != nil { strings.release() } }
        return bytes.withUnsafeBytes { PayloadDecoding.payload(kind: kind, bytes: $0, strings: table) }
    }

    /// The payload, or an error when the bytes are malformed or lack a required field.
    func decodeChecked() throws(EventLogError) -> EventPayload {
        let table = strings.acquire()
        defer { if table != nil { strings.release() } }
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(PayloadDecoding.Failure) in
                try PayloadDecoding.decode(kind: kind, bytes: raw, strings: table)
            }
        }
        switch result {
        case .success(let payload): return payload
        case .failure(let failure):
            let name = EventKind(rawValue: kind)?.name ?? "Unknown(\(kind))"
            throw EventLogError(.malformedEncoding, "\(name) payload does not decode: \(failure.message)")
        }
    }
}
