import HindsightTestSupport
import PropertyBased
import Testing

@testable import EventLog

struct EncodingTests {
    @Test("every payload type round-trips through a frame", arguments: EventLogFixtures.samplePayloads)
    func payloadRoundTrip(payload: EventPayload) throws {
        try withTemporaryDirectory { dir in
            let draft = EventLogFixtures.draft(payload)
            let written = try LogTest.write([draft], to: dir.path, batchSize: 1)
            #expect(try LogTest.readAll(dir.path) == written)
        }
    }

    @Test("every source position shape round-trips")
    func positionsRoundTrip() throws {
        try withTemporaryDirectory { dir in
            let positions: [SourcePosition] = [
                .none,
                .fileRange(file: EventLogFixtures.file, start: 0, end: 1 << 40),
                .document(version: 7, documentFingerprint: .max, recordFingerprint: 0),
            ]
            let drafts = positions.map { position in
                var draft = EventLogFixtures.draft(EventLogFixtures.samplePayloads[0], original: [])
                draft.position = position
                return draft
            }
            let written = try LogTest.write(drafts, to: dir.path, batchSize: 2)
            #expect(try LogTest.readAll(dir.path) == written)
        }
    }

    @Test("frame codec round trip over random batches (property)")
    func frameRoundTripProperty() async {
        await propertyCheck(count: 25, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 1...40)) { seed, batch in
            do {
                try withTemporaryDirectory { dir in
                    let drafts = EventLogFixtures.randomDrafts(count: 60, seed: seed)
                    let written = try LogTest.write(drafts, to: dir.path, batchSize: batch)
                    #expect(try LogTest.readAll(dir.path) == written)
                }
            } catch {
                Issue.record(error)
            }
        }
    }

    @Test("an unknown event kind is preserved byte for byte")
    func unknownKindPreserved() throws {
        try withTemporaryDirectory { dir in
            let payload = EventPayload.unknown(kindRawValue: 77, bytes: [0x08, 0x01, 0x1A, 0x02, 0x68, 0x69])
            let written = try LogTest.write([EventLogFixtures.draft(payload)], to: dir.path, batchSize: 1)
            let read = try LogTest.readAll(dir.path)
            #expect(read == written)
            #expect(read.first?.kind == .unknown)
        }
    }

    @Test("unknown fields added by a newer writer are skipped")
    func unknownFieldsSkipped() throws {
        let rejected = RecordRejected(reason: .invalidJSON, detail: "bad")
        var w = WireWriter()
        w.recordRejected(rejected)
        w.string(99, "a field from the future")
        w.uint(100, 12345)
        w.double(101, 1.5)
        w.message(102) { $0.uint(1, 1) }
        w.fixed32(0)  // placeholder bytes of the next tag
        w.bytes.removeLast(4)
        w.tag(103, .fixed32)
        w.fixed32(7)
        let decoded = w.bytes.withUnsafeBytes {
            PayloadDecoding.payload(kind: EventKind.recordRejected.rawValue, bytes: $0)
        }
        #expect(decoded == .recordRejected(rejected))
    }

    @Test("a known kind with an enum value this build does not know is kept as unknown, not dropped")
    func unrepresentableKeptAsUnknown() throws {
        var w = WireWriter()
        w.uint(1, 250)  // a RejectionReason added by a newer build
        w.string(2, "detail")
        let decoded = w.bytes.withUnsafeBytes {
            PayloadDecoding.payload(kind: EventKind.recordRejected.rawValue, bytes: $0)
        }
        #expect(decoded == .unknown(kindRawValue: EventKind.recordRejected.rawValue, bytes: w.bytes))
    }

    @Test("varints: minimal and padded encodings decode; overlong ones fail")
    func varints() throws {
        for value: UInt64 in [0, 1, 127, 128, 16_383, 16_384, 1 << 35, .max] {
            var w = WireWriter()
            w.varint(value)
            try w.bytes.withUnsafeBytes { (raw) throws in
                var r = WireReader(raw)
                #expect(try r.varint() == value)
                #expect(r.isAtEnd)
            }
        }
        let padded: [UInt8] = [0x85, 0x80, 0x00]
        try padded.withUnsafeBytes { (raw) throws in
            var r = WireReader(raw)
            #expect(try r.varint() == 5)
        }
        let overlong = [UInt8](repeating: 0xFF, count: 11)
        overlong.withUnsafeBytes { raw in
            var r = WireReader(raw)
            #expect(throws: WireReader.WireError.self) { try r.varint() }
        }
    }

    @Test("long nested messages get a longer length prefix")
    func longMessageLength() throws {
        let detail = String(repeating: "x", count: 20_000)
        var w = WireWriter()
        w.message(6) { $0.recordRejected(RecordRejected(reason: .lineTooLong, detail: detail)) }
        try w.bytes.withUnsafeBytes { (raw) throws in
            var r = WireReader(raw)
            let (field, type) = try r.tag()
            #expect(field == 6)
            var m = try r.message(type)
            let decoded = try PayloadDecoding.recordRejected(&m)
            #expect(decoded.detail == detail)
        }
    }

    @Test("CRC32C matches the standard check values")
    func crc32c() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let whole = CRC32C.checksum(bytes)
        let split = CRC32C.checksum(Array(bytes[37...]), continuing: CRC32C.checksum(Array(bytes[..<37])))
        #expect(whole == split)
    }
}
