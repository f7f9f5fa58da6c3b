/// A decompressed frame body and the decoding of its parts: checkpoints, the version 2 source and file
/// tables, and event envelopes one at a time on demand (payloads are decoded later still, on access: see
/// `EncodedPayload`).
enum FrameBody {
    /// Decodes the checkpoints at the start of the body; returns them and the offset just after them.
    static func checkpoints(
        _ body: UnsafeRawBufferPointer
    ) throws(WireReader.WireError) -> (checkpoints: [SourceCheckpoint], eventsStart: Int) {
        var r = WireReader(body)
        let count = try r.varint()
        guard count <= UInt64(body.count) else { throw r.fail("checkpoint count \(count) exceeds the body") }
        var result: [SourceCheckpoint] = []
        result.reserveCapacity(Int(count))
        for _ in 0..<count {
            let range = try r.lengthDelimited()
            var m = WireReader(body, from: range.lowerBound, to: range.upperBound)
            result.append(try PayloadDecoding.checkpoint(&m))
        }
        return (result, r.position)
    }

    /// What the events of a frame refer to: the frame's format version, its source and file tables (empty in
    /// version 1, whose envelopes carry source and file themselves), and the delta state, which advances with
    /// every event decoded (so events must be decoded, or skipped with `envelope`, in order).
    struct Context {
        var version: UInt16 = FrameHeader.version
        var sources: [SourceID] = []
        var files: [FileIdentity] = []
        var deltas = EnvelopeDeltas()
    }

    /// Skips the checkpoints and, in version 2, decodes the tables into `context` (resetting its deltas);
    /// returns the offset of the first event.
    static func eventsStart(
        _ body: UnsafeRawBufferPointer,
        version: UInt16,
        context: inout Context,
        strings: StringTable
    ) throws(WireReader.WireError) -> Int {
        var r = WireReader(body, strings: strings)
        let count = try r.varint()
        for _ in 0..<count { _ = try r.lengthDelimited() }
        context.version = version
        context.sources.removeAll(keepingCapacity: true)
        context.files.removeAll(keepingCapacity: true)
        if version >= 2 {
            let sourceCount = try r.varint()
            guard sourceCount <= UInt64(body.count) else {
                throw r.fail("source count \(sourceCount) exceeds the body")
            }
            for _ in 0..<sourceCount { context.sources.append(SourceID(try r.string(2))) }
            let fileCount = try r.varint()
            guard fileCount <= UInt64(body.count) else { throw r.fail("file count \(fileCount) exceeds the body") }
            for _ in 0..<fileCount {
                let range = try r.lengthDelimited()
                var m = WireReader(body, from: range.lowerBound, to: range.upperBound)
                context.files.append(try PayloadDecoding.fileIdentityFields(&m))
            }
        }
        context.deltas.reset(fileCount: context.files.count)
        return r.position
    }

    /// The envelope of one event: everything but the payload, which stays encoded (`payload` is its byte
    /// range in the body, as is `original`).
    struct Envelope {
        var eventTime: Int64 = 0
        var ingestTime: Int64 = 0
        var source = SourceID("")
        var position = SourcePosition.none
        var kind: UInt8 = 0
        var payload = 0..<0
        var original = 0..<0
    }

    /// Decodes the envelope of the event at `position` (either version), returning it and the offset of the
    /// next event. `strings` caches the version 1 source names (the only envelope strings).
    static func envelope(
        _ body: UnsafeRawBufferPointer,
        at position: Int,
        context: inout Context,
        strings: StringTable
    ) throws(WireReader.WireError) -> (envelope: Envelope, next: Int) {
        var outer = WireReader(body, from: position)
        let range = try outer.lengthDelimited()
        var r = WireReader(body, from: range.lowerBound, to: range.upperBound, strings: strings)
        var e = Envelope()
        let lean = context.version >= 2
        if lean {
            e.eventTime = context.deltas.eventTime
            e.ingestTime = context.deltas.ingestTime
            if let first = context.sources.first { e.source = first }
        }
        var fileIndex = -1
        var startDelta: Int64 = 0
        var length: UInt64?
        while !r.isAtEnd {
            let (field, type) = try r.tag()
            switch field {
            case 1: e.eventTime = try r.int(type)
            case 2: e.ingestTime = try r.int(type)
            case 3: e.source = SourceID(try r.string(type))
            case 4: e.position = try PayloadDecoding.sourcePosition(&r, type)
            case 5:
                let raw = try r.uint(type)
                guard let small = UInt8(exactly: raw) else { throw r.fail("event kind \(raw) out of range") }
                e.kind = small
            case 6:
                let m = try r.message(type)
                e.payload = m.position..<m.end
            case 7:
                let m = try r.message(type)
                e.original = m.position..<m.end
            case 8 where lean: e.eventTime = context.deltas.eventTime &+ (try r.int(type))
            case 9 where lean: e.ingestTime = context.deltas.ingestTime &+ (try r.int(type))
            case 10 where lean:
                let index = try r.uint(type)
                guard index < UInt64(context.sources.count) else { throw r.fail("source index \(index) out of range") }
                e.source = context.sources[Int(index)]
            case 11 where lean:
                let index = try r.uint(type)
                guard index < UInt64(context.files.count) else { throw r.fail("file index \(index) out of range") }
                fileIndex = Int(index)
            case 12 where lean: startDelta = try r.int(type)
            case 13 where lean: length = try r.uint(type)
            default: try r.skip(type: type)
            }
        }
        guard e.kind != 0 else { throw r.fail("event without a kind") }
        if lean {
            context.deltas.eventTime = e.eventTime
            context.deltas.ingestTime = e.ingestTime
            if fileIndex >= 0 {
                let start = context.deltas.fileEnds[fileIndex] &+ UInt64(bitPattern: startDelta)
                let end = start &+ (length ?? UInt64(e.original.count))
                context.deltas.fileEnds[fileIndex] = end
                e.position = .fileRange(file: context.files[fileIndex], start: start, end: end)
            }
        }
        return (e, outer.position)
    }
}
