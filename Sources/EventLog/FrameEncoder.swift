/// Builds one frame (header + zstd payload) from a batch, reusing its buffers across frames so that the
/// steady-state append path allocates almost nothing.
///
/// Body layout (before compression), version 2: `varint checkpointCount` and each checkpoint as `varint
/// length + message`; the frame's source table (`varint count`, then each name as `varint length + UTF-8`);
/// its file table (`varint count`, then each `FileIdentity` as `varint length + message`); then each event as
/// `varint length + message` with the lean envelope (see docs/event-log.md). Version 1 (no tables, every
/// envelope self-contained) is still written on request, only so that tests can build old logs.
struct FrameEncoder: ~Copyable {
    private var body = WireWriter(capacity: 1 << 20)
    /// Header bytes followed by the compressed payload: written with one `pwrite`.
    private(set) var frame: [UInt8] = []
    private(set) var frameLength = 0
    private let compressor: ZstdCompressor
    let formatVersion: UInt16
    /// Per-frame tables and each draft's index in them (reused across frames).
    private var sources: [SourceID] = []
    private var files: [FileIdentity] = []
    private var sourceIndex: [Int32] = []
    private var fileIndex: [Int32] = []
    private var deltas = EnvelopeDeltas()

    init(compressionLevel: Int32, formatVersion: UInt16 = FrameHeader.version) throws(EventLogError) {
        precondition(FrameHeader.readableVersions.contains(formatVersion))
        compressor = try ZstdCompressor(level: compressionLevel)
        self.formatVersion = formatVersion
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
            }
        }
        if formatVersion >= 2 {
            encodeLean(drafts)
        } else {
            drafts.withUnsafeBufferPointer { events in
                for i in events.indices {
                    let mark = body.beginLengthPrefix(reserving: 3)
                    body.event(events[i])
                    body.endLengthPrefix(mark, reserving: 3)
                }
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
            version: formatVersion,
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

    /// Version 2: the source and file tables, then the events with envelopes that refer to them.
    private mutating func encodeLean(_ drafts: [EventDraft]) {
        sources.removeAll(keepingCapacity: true)
        files.removeAll(keepingCapacity: true)
        sourceIndex.removeAll(keepingCapacity: true)
        fileIndex.removeAll(keepingCapacity: true)
        // Almost every event repeats the previous event's source and file, so the last hit is tried first.
        var lastSource = -1
        var lastFile = -1
        drafts.withUnsafeBufferPointer { events in
            for i in events.indices {
                if lastSource < 0 || sources[lastSource] != events[i].source {
                    lastSource = sources.firstIndex(of: events[i].source) ?? -1
                    if lastSource < 0 {
                        sources.append(events[i].source)
                        lastSource = sources.count - 1
                    }
                }
                sourceIndex.append(Int32(lastSource))
                guard case .fileRange(let file, _, _) = events[i].position else {
                    fileIndex.append(-1)
                    continue
                }
                if lastFile < 0 || files[lastFile] != file {
                    lastFile = files.firstIndex(of: file) ?? -1
                    if lastFile < 0 {
                        files.append(file)
                        lastFile = files.count - 1
                    }
                }
                fileIndex.append(Int32(lastFile))
            }
        }
        body.varint(UInt64(sources.count))
        for source in sources {
            var name = source.rawValue
            name.withUTF8 { utf8 in
                body.varint(UInt64(utf8.count))
                body.append(UnsafeRawBufferPointer(utf8))
            }
        }
        body.varint(UInt64(files.count))
        for file in files {
            body.lengthPrefixed(reserving: 1) { $0.fileIdentityFields(file) }
        }
        deltas.reset(fileCount: files.count)
        drafts.withUnsafeBufferPointer { events in
            sourceIndex.withUnsafeBufferPointer { sourceIndex in
                fileIndex.withUnsafeBufferPointer { fileIndex in
                    for i in events.indices {
                        let mark = body.beginLengthPrefix(reserving: 2)
                        body.leanEvent(
                            events.baseAddress! + i,
                            sourceIndex: Int(sourceIndex[i]),
                            fileIndex: Int(fileIndex[i]),
                            deltas: &deltas
                        )
                        body.endLengthPrefix(mark, reserving: 2)
                    }
                }
            }
        }
    }
}

/// What the lean (version 2) envelope is delta-coded against: the previous event of the frame's times, and
/// the end offset of the previous event of each file in the frame's file table. Encoder and decoder keep the
/// same state, reset at every frame.
struct EnvelopeDeltas {
    var eventTime: Int64 = 0
    var ingestTime: Int64 = 0
    var fileEnds: [UInt64] = []

    mutating func reset(fileCount: Int) {
        eventTime = 0
        ingestTime = 0
        fileEnds.removeAll(keepingCapacity: true)
        fileEnds.append(contentsOf: repeatElement(0, count: fileCount))
    }
}

extension WireWriter {
    /// The version 1 event envelope. Field numbers: 1 event time, 2 ingest time (zigzag varints), 3 source,
    /// 4 source position, 5 kind, 6 payload, 7 original bytes.
    mutating func event(_ draft: borrowing EventDraft) {
        int(1, draft.eventTime)
        int(2, draft.ingestTime)
        string(3, draft.source.rawValue)
        sourcePosition(4, draft.position)
        uint(5, UInt64(draft.kindRawValue))
        tag(6, .lengthDelimited)
        let mark = beginLengthPrefix(reserving: 2)
        draftPayload(draft)
        endLengthPrefix(mark, reserving: 2)
        if !draft.original.isEmpty { data(7, draft.original) }
    }

    /// The version 2 (lean) event envelope. Fields: 8 event time and 9 ingest time as zigzag deltas from the
    /// previous event of the frame (absent = same), 10 source index in the frame's source table (absent = 0),
    /// 11 file index in the frame's file table (present = a file range), 12 its start as a zigzag delta from
    /// the end of the previous range of that file in the frame, 13 its length when it differs from the
    /// original's byte count; 4 position only for document positions; 5 kind, 6 payload, 7 original as in v1.
    ///
    /// The draft is read in place through a pointer: passing it as an argument copied it (a retain and release
    /// of its original and payload per event).
    mutating func leanEvent(
        _ draft: UnsafePointer<EventDraft>,
        sourceIndex: Int,
        fileIndex: Int,
        deltas: inout EnvelopeDeltas
    ) {
        let eventTime = draft.pointee.eventTime
        let eventDelta = eventTime &- deltas.eventTime
        if eventDelta != 0 { int(8, eventDelta) }
        deltas.eventTime = eventTime
        let ingestTime = draft.pointee.ingestTime
        let ingestDelta = ingestTime &- deltas.ingestTime
        if ingestDelta != 0 { int(9, ingestDelta) }
        deltas.ingestTime = ingestTime
        if sourceIndex != 0 { uint(10, UInt64(sourceIndex)) }
        let originalCount = draft.pointee.original.count
        if case .fileRange(_, let start, let end) = draft.pointee.position {
            uint(11, UInt64(fileIndex))
            int(12, Int64(bitPattern: start &- deltas.fileEnds[fileIndex]))
            let length = end &- start
            if length != UInt64(originalCount) { uint(13, length) }
            deltas.fileEnds[fileIndex] = end
        } else {
            sourcePosition(4, draft.pointee.position)
        }
        uint(5, UInt64(draft.pointee.kindRawValue))
        tag(6, .lengthDelimited)
        let mark = beginLengthPrefix(reserving: 2)
        if draft.pointee.decoded == nil {
            draft.pointee.encodedBytes.withUnsafeBytes { append($0) }
        } else {
            payload(draft.pointee.decoded!.value)
        }
        endLengthPrefix(mark, reserving: 2)
        if originalCount > 0 {
            tag(7, .lengthDelimited)
            varint(UInt64(originalCount))
            draft.pointee.original.withUnsafeBytes { append($0) }
        }
    }
}

extension WireWriter {
    /// The payload of a draft: encoded by this writer, or copied as a `PayloadWriter` encoded it.
    @inline(__always)
    mutating func draftPayload(_ draft: borrowing EventDraft) {
        if let decoded = draft.decoded {
            payload(decoded.value)
        } else {
            draft.encodedBytes.withUnsafeBytes { append($0) }
        }
    }
}

extension EventPayload {
    /// The kind number written in the envelope (for `.unknown`, the number it was read with).
    var wireKind: UInt8 {
        if case .unknown(let raw, _) = self { return raw }
        return kind.rawValue
    }
}
