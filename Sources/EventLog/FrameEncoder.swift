/// Builds one frame (header + zstd payload) from a batch, reusing its buffers across frames so that the
/// steady-state append path allocates almost nothing.
///
/// Body layout (before compression): `varint checkpointCount`, then each checkpoint as `varint length +
/// message`, then each event as `varint length + message` (see docs/event-log.md for the field numbers).
struct FrameEncoder {
    private var body = WireWriter(capacity: 1 << 20)
    /// Header bytes followed by the compressed payload: written with one `pwrite`.
    private(set) var frame: [UInt8] = []
    private(set) var frameLength = 0
    private let compressor: ZstdCompressor

    init(compressionLevel: Int32) throws(EventLogError) {
        compressor = try ZstdCompressor(level: compressionLevel)
    }

    /// Encodes the batch and returns its header; the frame bytes are `frame[0..<frameLength]`.
    mutating func encode(
        _ drafts: [EventDraft],
        checkpoints: [SourceCheckpoint],
        firstSeq: UInt64,
        runningMaxBefore: Int64
    ) throws(EventLogError) -> FrameHeader {
        body.removeAll()
        body.varint(UInt64(checkpoints.count))
        for checkpoint in checkpoints {
            body.lengthPrefixed(reserving: 1) { $0.checkpoint(checkpoint) }
        }
        var minTime = Int64.max
        var maxTime = Int64.min
        var originalBytes: UInt64 = 0
        for draft in drafts {
            minTime = min(minTime, draft.eventTime)
            maxTime = max(maxTime, draft.eventTime)
            originalBytes += UInt64(draft.original.count)
            body.lengthPrefixed(reserving: 3) { $0.event(draft) }
        }
        guard body.bytes.count <= Int(UInt32.max) else {
            throw EventLogError(.invalidArgument, "batch of \(drafts.count) events encodes to more than 4 GiB")
        }
        let stored = try body.bytes.withBytes { (raw) throws(EventLogError) in
            try compressor.compress(raw, into: &frame, at: FrameHeader.size)
        }
        let payloadCRC = frame.withUnsafeBytes { raw in
            CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[FrameHeader.size..<(FrameHeader.size + stored)]))
        }
        let header = FrameHeader(
            count: UInt32(drafts.count),
            bodyLength: UInt32(body.bytes.count),
            firstSeq: firstSeq,
            minEventTime: minTime,
            maxEventTime: maxTime,
            runningMaxEventTime: max(runningMaxBefore, maxTime),
            originalBytes: originalBytes,
            storedLength: UInt32(stored),
            payloadCRC: payloadCRC
        )
        frame.withUnsafeMutableBytes { header.write(into: $0) }
        frameLength = FrameHeader.size + stored
        return header
    }
}

extension WireWriter {
    /// The event envelope. Field numbers: 1 event time, 2 ingest time (zigzag varints), 3 source,
    /// 4 source position, 5 kind, 6 payload, 7 original bytes.
    mutating func event(_ draft: EventDraft) {
        int(1, draft.eventTime)
        int(2, draft.ingestTime)
        string(3, draft.source.rawValue)
        sourcePosition(4, draft.position)
        let kind: UInt8 =
            if case .unknown(let raw, _) = draft.payload { raw } else { draft.payload.kind.rawValue }
        uint(5, UInt64(kind))
        message(6) { $0.payload(draft.payload) }
        if !draft.original.isEmpty { data(7, draft.original) }
    }
}
