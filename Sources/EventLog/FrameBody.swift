/// A decompressed frame body and the decoding of its parts. The body buffer is owned by the caller and
/// reused from frame to frame; events are decoded one at a time on demand (lazily).
enum FrameBody {
    /// Decodes the checkpoints at the start of the body; returns them and the offset of the first event.
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

    /// Skips the checkpoints; returns the offset of the first event.
    static func eventsStart(_ body: UnsafeRawBufferPointer) throws(WireReader.WireError) -> Int {
        var r = WireReader(body)
        let count = try r.varint()
        for _ in 0..<count { _ = try r.lengthDelimited() }
        return r.position
    }

    /// Decodes the event at `position`, returning it and the offset of the next one.
    static func event(
        _ body: UnsafeRawBufferPointer,
        at position: Int,
        seq: UInt64
    ) throws(WireReader.WireError) -> (event: Event, next: Int) {
        var outer = WireReader(body, from: position)
        let range = try outer.lengthDelimited()
        var r = WireReader(body, from: range.lowerBound, to: range.upperBound)
        var eventTime: Int64 = 0
        var ingestTime: Int64 = 0
        var source = SourceID("")
        var position = SourcePosition.none
        var kind: UInt8 = 0
        var payloadRange = 0..<0
        var original: [UInt8] = []
        while !r.isAtEnd {
            let (field, type) = try r.tag()
            switch field {
            case 1: eventTime = try r.int(type)
            case 2: ingestTime = try r.int(type)
            case 3: source = SourceID(try r.string(type))
            case 4: position = try PayloadDecoding.sourcePosition(&r, type)
            case 5:
                let raw = try r.uint(type)
                guard let small = UInt8(exactly: raw) else { throw r.fail("event kind \(raw) out of range") }
                kind = small
            case 6:
                let m = try r.message(type)
                payloadRange = m.position..<m.end
            case 7: original = try r.bytes(type)
            default: try r.skip(type: type)
            }
        }
        guard kind != 0 else { throw r.fail("event without a kind") }
        let payload = PayloadDecoding.payload(
            kind: kind,
            bytes: UnsafeRawBufferPointer(rebasing: body[payloadRange])
        )
        let event = Event(
            seq: seq,
            eventTime: eventTime,
            ingestTime: ingestTime,
            source: source,
            position: position,
            payload: payload,
            original: original
        )
        return (event, outer.position)
    }
}
