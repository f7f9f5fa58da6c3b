/// Builds one frame (header + zstd payload) from a batch, reusing its buffers across frames so that the
/// steady-state append path allocates almost nothing.
///
/// Body layout (before compression): `varint checkpointCount`, then each checkpoint as `varint length +
/// message`, then each event as `varint length + message` (see docs/event-log.md for the field numbers).
struct FrameEncoder: ~Copyable {
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
        // Through a buffer pointer and without a closure per event: `for draft in drafts` or a closure
        // capturing `drafts[i]` copies each draft (a retain and release of every string in it).
        drafts.withUnsafeBufferPointer { events in
            for i in events.indices {
                minTime = min(minTime, events[i].eventTime)
                maxTime = max(maxTime, events[i].eventTime)
                originalBytes += UInt64(events[i].original.count)
                let mark = body.beginLengthPrefix(reserving: 3)
                body.event(events[i])
                body.endLengthPrefix(mark, reserving: 3)
            }
        }
        guard body.count <= Int(UInt32.max) else {
            throw EventLogError(.invalidArgument, "batch of \(drafts.count) events encodes to more than 4 GiB")
        }
        let stored = try body.withUnsafeBytes { (raw) throws(EventLogError) in
            try compressor.compress(raw, into: &frame, at: FrameHeader.size)
        }
        let payloadCRC = frame.withUnsafeBytes { raw in
            CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[FrameHeader.size..<(FrameHeader.size + stored)]))
        }
        let header = FrameHeader(
            count: UInt32(drafts.count),
            bodyLength: UInt32(body.count),
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
    mutating func event(_ draft: borrowing EventDraft) {
        int(1, draft.eventTime)
        int(2, draft.ingestTime)
        string(3, draft.source.rawValue)
        sourcePosition(4, draft.position)
        uint(5, UInt64(draft.payload.wireKind))
        tag(6, .lengthDelimited)
        let mark = beginLengthPrefix(reserving: 2)
        payload(draft.payload)
        endLengthPrefix(mark, reserving: 2)
        if !draft.original.isEmpty { data(7, draft.original) }
    }
}

extension EventPayload {
    /// The kind number written in the envelope (for `.unknown`, the number it was read with).
    var wireKind: UInt8 {
        if case .unknown(let raw, _) = self { return raw }
        return kind.rawValue
    }
}
