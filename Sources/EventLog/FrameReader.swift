/// Holds one decompressed frame body and hands out its events one at a time, lazily: an event's `original`
/// and encoded payload are slices of the body, so nothing per event is copied or decoded beyond the
/// envelope. The body is a fresh array per frame (events handed out keep theirs alive); the stored-bytes
/// buffer and the zstd context are reused from frame to frame.
struct FrameReader {
    private let decompressor: ZstdDecompressor
    private let stored = RawBuffer()
    /// The loaded frame's decompressed body.
    private(set) var body: [UInt8] = []
    /// String caches: payload strings (shared with the events handed out, which decode later) and the
    /// envelope's source names (used only here).
    private let payloadStrings = StringInterner()
    private let envelopeStrings = StringInterner(slotCount: 16)
    private(set) var header: FrameHeader?
    private var path = ""
    private var frameOffset: UInt64 = 0
    /// Offset in the body of the next event to decode, and how many remain.
    private var position = 0
    private(set) var remaining = 0
    private(set) var nextSeq: UInt64 = 0
    /// The loaded frame's version, tables and delta state.
    private var context = FrameBody.Context()

    init() throws(EventLogError) { decompressor = try ZstdDecompressor() }

    /// Reads, checks (payload CRC) and decompresses the frame at `offset` whose header is `header`.
    mutating func load(file: PosixFile, header: FrameHeader, offset: UInt64) throws(EventLogError) {
        self.header = nil
        remaining = 0
        let count = Int(header.storedLength)
        stored.reserve(count)
        let n = try file.read(into: stored.mutableBytes(count), at: offset + UInt64(header.headerLength))
        guard n == count else {
            throw EventLogError(
                .corruptFrame,
                "frame payload is incomplete (\(n) of \(count) bytes)",
                path: file.path,
                offset: offset
            )
        }
        path = file.path
        frameOffset = offset
        let input = stored.bytes(count)
        if CRC32C.checksum(input) != header.payloadCRC {
            throw EventLogError(.corruptFrame, "frame payload CRC32C mismatch", path: file.path, offset: offset)
        }
        let bodyLength = Int(header.bodyLength)
        // Drop this reader's reference first: when no event of the previous frame is still held, its body is
        // freed before the next one is allocated, and the allocator hands the same memory back.
        body = []
        var failure: String?
        body = [UInt8](unsafeUninitializedCapacity: bodyLength) { buffer, initialized in
            failure = decompressor.decompress(input, into: UnsafeMutableRawBufferPointer(buffer))
            initialized = failure == nil ? bodyLength : 0
        }
        if let failure {
            throw EventLogError(.corruptFrame, failure, path: file.path, offset: offset)
        }
        self.header = header
        do throws(WireReader.WireError) {
            let strings = envelopeStrings.unsharedTable
            position = try body.withBytes { raw throws(WireReader.WireError) in
                try FrameBody.eventsStart(raw, version: header.version, context: &context, strings: strings)
            }
        } catch {
            throw malformed(error)
        }
        remaining = Int(header.count)
        nextSeq = header.firstSeq
    }

    /// The checkpoints of the loaded frame.
    func checkpoints() throws(EventLogError) -> [SourceCheckpoint] {
        guard header != nil else { return [] }
        do throws(WireReader.WireError) {
            return try body.withBytes { raw throws(WireReader.WireError) in try FrameBody.checkpoints(raw) }
                .checkpoints
        } catch {
            throw malformed(error)
        }
    }

    /// The next event of the loaded frame (envelope decoded, payload encoded), or nil when all were handed out.
    mutating func nextEvent() throws(EventLogError) -> Event? {
        guard remaining > 0 else { return nil }
        let position = self.position
        let strings = envelopeStrings.unsharedTable
        let decoded = body.withUnsafeBytes { raw in
            Result { () throws(WireReader.WireError) in
                try FrameBody.envelope(raw, at: position, context: &context, strings: strings)
            }
        }
        let (envelope, next): (FrameBody.Envelope, Int)
        switch decoded {
        case .success(let value): (envelope, next) = value
        case .failure(let error): throw malformed(error)
        }
        let event = Event(
            seq: nextSeq,
            eventTime: envelope.eventTime,
            ingestTime: envelope.ingestTime,
            source: envelope.source,
            position: envelope.position,
            encodedPayload: EncodedPayload(
                kind: envelope.kind,
                bytes: body[envelope.payload],
                strings: payloadStrings
            ),
            original: body[envelope.original]
        )
        self.position = next
        remaining -= 1
        nextSeq += 1
        return event
    }

    /// Skips the next event without building it (a version 2 envelope is still decoded: the next one is
    /// delta-coded against it).
    mutating func skipEvent() throws(EventLogError) {
        guard remaining > 0 else { return }
        do throws(WireReader.WireError) {
            let position = self.position
            let strings = envelopeStrings.unsharedTable
            self.position = try body.withBytes { raw throws(WireReader.WireError) in
                if context.version >= 2 {
                    return try FrameBody.envelope(raw, at: position, context: &context, strings: strings).next
                }
                var r = WireReader(raw, from: position)
                _ = try r.lengthDelimited()
                return r.position
            }
        } catch {
            throw malformed(error)
        }
        remaining -= 1
        nextSeq += 1
    }

    private func malformed(_ error: WireReader.WireError) -> EventLogError {
        EventLogError(
            .malformedEncoding,
            "frame body does not decode: \(error.message) at body byte \(error.position)",
            path: path,
            offset: frameOffset
        )
    }
}
