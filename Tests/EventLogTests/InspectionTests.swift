import HindsightJSON
import HindsightTestSupport
import Testing

@testable import EventLog

struct InspectionTests {
    @Test("verify passes a clean multi-segment log and names segment and offset of each problem")
    func verify() throws {
        try withTemporaryDirectory { dir in
            var config = LogTest.fast
            config.segmentMaxBytes = 4096
            try LogTest.write(
                EventLogFixtures.randomDrafts(count: 80, seed: 31),
                to: dir.path,
                batchSize: 4,
                configuration: config
            )
            let clean = try EventLogVerifier.verify(directory: dir.path)
            #expect(clean.isValid)
            #expect(clean.events == 80)
            #expect(clean.segments >= 3)

            let segments = try LogTest.segmentPaths(dir.path)
            var bytes = LogTest.fileBytes(segments[1])
            bytes[100] ^= 0x01
            LogTest.writeFile(segments[1], bytes)
            let index = SegmentFiles.indexPath(dir.path, try SegmentFiles.segments(in: dir.path)[0])
            LogTest.writeFile(index, Array(LogTest.fileBytes(index).dropLast(3)))
            let last = segments.last!
            LogTest.writeFile(last, LogTest.fileBytes(last) + [0x48, 0x53])

            let report = try EventLogVerifier.verify(directory: dir.path)
            #expect(!report.isValid)
            let paths = report.findings.map(\.path)
            #expect(paths.contains(segments[1]))
            #expect(paths.contains(index))
            let crc = try #require(report.findings.first { $0.path == segments[1] })
            #expect(crc.offset != nil && crc.description.contains("sealed segment"))
            let torn = try #require(report.findings.first { $0.path == last })
            #expect(torn.isTornTail)
            #expect(report.findings.first { $0.path == index }?.message.contains("truncated") == true)
        }
    }

    @Test("stats count events by kind, source and rejection reason")
    func stats() throws {
        try withTemporaryDirectory { dir in
            let payloads = EventLogFixtures.samplePayloads
            let drafts = payloads.enumerated().map { i, p in
                EventLogFixtures.draft(
                    p,
                    eventTime: EventLogFixtures.baseTime + Int64(i),
                    source: i % 2 == 0 ? .signals : .positions
                )
            }
            try LogTest.write(drafts + [drafts[8]], to: dir.path, batchSize: 5)
            let stats = try EventLogStatistics.compute(directory: dir.path)
            #expect(stats.events == payloads.count + 1)
            #expect(stats.firstSeq == 0 && stats.lastSeq == UInt64(payloads.count))
            #expect(stats.eventsByKind.first { $0.name == "DecisionLogged" }?.count == 2)
            #expect(stats.eventsByKind.first { $0.name == "Unknown(200)" }?.count == 1)
            #expect(stats.rejectionsByReason.map(\.name) == ["missing_field"])
            #expect(stats.rejectionsByReason.first?.count == 2)
            #expect(stats.eventsBySource.map(\.name) == ["positions", "signals"])
            #expect(stats.originalBytes == UInt64((drafts + [drafts[8]]).reduce(0) { $0 + $1.original.count }))
            #expect(stats.minEventTime == EventLogFixtures.baseTime)
            #expect(stats.checkpoints.map(\.source) == [.signals])
        }
    }

    @Test("event times format as ISO-8601 and parse from ISO-8601 or epoch seconds")
    func eventTime() {
        let t = EventLogFixtures.baseTime + 512_345
        #expect(EventTime.iso8601(t) == "2026-01-01T00:00:00.512345Z")
        #expect(EventTime.iso8601(-1) == "1969-12-31T23:59:59.999999Z")
        #expect(EventTime.parse("2026-01-01T00:00:00.512345Z") == t)
        #expect(EventTime.parse("2026-01-01T00:00:00.512345") == t)
        #expect(EventTime.parse("2026-01-01 01:00:00.512345+01:00") == t)
        #expect(EventTime.parse("2025-12-31T19:00:00.512345-05:00") == t)
        #expect(EventTime.parse("2026-01-01") == EventLogFixtures.baseTime)
        #expect(EventTime.parse("1767225600") == EventLogFixtures.baseTime)
        #expect(EventTime.parse("1767225600.5") == EventLogFixtures.baseTime + 500_000)
        for bad in ["", "yesterday", "2026-13-01", "2026-01-01T25:00", "1767225600.", "2026-01-01Tx"] {
            #expect(EventTime.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("events render to JSON with named payload fields and the original record")
    func eventJSON() throws {
        let draft = EventLogFixtures.draft(
            .recordRejected(RecordRejected(reason: .invalidJSON, detail: "unexpected '}'")),
            original: Array("{\"ts\":1}".utf8)
        )
        let json = JSONWriter.compact.string(draft.withSequence(42).jsonValue)
        #expect(
            json
                == #"{"seq":42,"kind":"RecordRejected","event_time":"2026-01-01T00:00:00.000000Z","#
                + #""event_time_us":1767225600000000,"ingest_time_us":1767225600001000,"source":"signals","#
                + #""position":{"file":{"device":2049,"inode":131072,"head_fingerprint":"0000deadbeeff00d","#
                + #""head_length":256},"start":0,"end":8},"payload":{"reason":"invalid_json","#
                + #""detail":"unexpected '}'"},"original":"{\"ts\":1}"}"#
        )
        var binary = draft
        binary.original = [0xFF, 0x00]
        let value = binary.withSequence(0).jsonValue
        #expect(value["original_hex"] == .string("ff00"))
        for payload in EventLogFixtures.samplePayloads {
            #expect(payload.jsonValue.objectValue?.isEmpty == false)
        }
    }
}
