/// A decompressed frame body and the decoding of its parts: checkpoints, and event envelopes one at a time
/// on demand (payloads are decoded later still, on access: see `EncodedPayload`).
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

    /// Decodes the envelope of the event at `position`, returning it and the offset of the next event.
    /// `strings` caches the source names (the only envelope strings).
    static func envelope(
        _ body: UnsafeRawBufferPointer,
        at position: Int,
        strings: StringTable
    ) throws(WireReader.WireError) -> (envelope: Envelope, next: Int) {
        var outer = WireReader(body, from: position)
        let range = try outer.lengthDelimited()
        var r = WireReader(body, from: range.lowerBound, to: range.upperBound, strings: strings)
        var e = Envelope()
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
            default: try r.skip(type: type)
            }
        }
        guard e.kind != 0 else { throw r.fail("event without a kind") }
        return (e, outer.position)
    }
}
