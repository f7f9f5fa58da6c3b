import EventLog
import Foundation
import HindsightTestSupport
import Ingest
import Testing

/// Ingest through the real normalizers and the real event log: every rejection reason reaches the log with
/// its bytes and byte range, and the real positions document gives the right counts.
@Suite struct RealInputTests {
    private func ingest(_ dir: TempDirectory, maxLineBytes: Int = 1 << 20) throws -> (Ingester, [Event]) {
        let log = try EventLogIngestLog(
            directory: dir.file("logs/events"),
            configuration: EventLogConfiguration(durability: .never)
        )
        let ingester = try Ingester(
            configuration: IngestConfiguration(root: dir.path, tailer: TailerConfiguration(maxLineBytes: maxLineBytes)),
            log: log,
            clock: { 0 }
        )
        try ingester.runOnce()
        try log.close()
        var events: [Event] = []
        var cursor = try EventLogReader(directory: dir.file("logs/events")).cursor(from: 0)
        while let e = try cursor.next() { events.append(e) }
        return (ingester, events)
    }

    @Test func everyRejectionReasonIsAnEventWithItsBytes() throws {
        let dir = TempDirectory("reasons")
        defer { dir.remove() }
        let good = #"{"ts": 1765823600, "symbol": "DOGEUSDT", "side": "LONG", "disposition": "blocked"}"#
        let lines: [(String, RejectionReason?)] = [
            (good, nil),
            (String(repeating: "x", count: 300), .lineTooLong),
            ("{\"ts\": 1765823600, \"symbol\": \"\u{FFFD}\"}", nil),  // placeholder replaced below with raw 0xFF
            ("{\"ts\": 17658", .invalidJSON),
            ("[1, 2, 3]", .notAnObject),
            (#"{"ts": 1765823600, "side": "LONG", "disposition": "blocked"}"#, .missingField),
            (#"{"ts": 1765823600, "symbol": 5, "side": "LONG", "disposition": "blocked"}"#, .wrongType),
            (#"{"ts": "yesterday", "symbol": "X", "side": "LONG", "disposition": "blocked"}"#, .invalidValue),
        ]
        var bytes: [UInt8] = []
        var expected: [[UInt8]] = []
        for (i, (text, _)) in lines.enumerated() {
            var line = Array(text.utf8)
            if i == 2 { line = Array(#"{"ts": 1765823600, "symbol": ""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8) }
            expected.append(line.count > 200 ? Array(line.prefix(200)) : line)
            bytes += line + [10]
        }
        dir.append("logs/signals.jsonl", bytes)
        let (ingester, events) = try ingest(dir, maxLineBytes: 200)
        #expect(events.map { Array($0.original) } == expected)
        let reasons = events.map { e -> RejectionReason? in
            if case .recordRejected(let r) = e.payload { return r.reason }
            return nil
        }
        #expect(
            reasons == [
                nil, .lineTooLong, .invalidUTF8, .invalidJSON, .notAnObject, .missingField, .wrongType, .invalidValue,
            ]
        )
        let signals = ingester.summary.sources.first { $0.source == .signals }!
        #expect(signals.recordsRead == 8)
        #expect(signals.rejectionCount == 7)
        var offset: UInt64 = 0
        for (event, line) in zip(events, bytes.split(separator: 10, omittingEmptySubsequences: false)) {
            guard case .fileRange(_, let start, let end) = event.position else {
                Issue.record("no byte range")
                continue
            }
            #expect(start == offset)
            #expect(end == offset + UInt64(line.count))
            offset = end + 1
        }
    }

    @Test func realPositionsDocumentIngestsTenOpenAndThirtyFourClosed() throws {
        let dir = TempDirectory("real-positions")
        defer { dir.remove() }
        let data = try #require(FileManager.default.contents(atPath: RealData.path("positions_futures.f1f5ab65.json")))
        dir.replace("logs/positions_futures.json", String(decoding: data, as: UTF8.self))
        let (ingester, events) = try ingest(dir)
        let positions = ingester.summary.sources.first { $0.source == .positions }!
        #expect(positions.eventsByKind[.positionOpened] == 10)
        #expect(positions.eventsByKind[.positionClosed] == 34)
        #expect(positions.rejectionCount == 0)
        #expect(positions.recordsRead == 44)
        // Originals are the exact element bytes: each parses back to an object starting with '{'.
        #expect(events.allSatisfy { $0.original.first == UInt8(ascii: "{") && $0.original.last == UInt8(ascii: "}") })
        // Ingesting the same document again (restart) adds nothing.
        let (again, more) = try ingest(dir)
        #expect(more.count == events.count)
        #expect(again.summary.sources.first { $0.source == .positions }!.eventsAppended == 0)
    }

    @Test func realPositionsRewrittenElementByElementGiveTheSameFinalSet() throws {
        // Replaying the real document as the bot would have built it (positions closing one by one) must end
        // with 34 closed records logged once each and the 10 open ones opened once.
        let data = try #require(FileManager.default.contents(atPath: RealData.path("positions_futures.f1f5ab65.json")))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let open = try #require(object["open_positions"] as? [Any])
        let closed = try #require(object["closed_positions"] as? [Any])
        let dir = TempDirectory("real-positions-steps")
        defer { dir.remove() }
        for k in stride(from: 0, through: closed.count, by: 5) {
            let doc: [String: Any] = ["open_positions": open, "closed_positions": Array(closed.prefix(k))]
            let bytes = try JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys])
            dir.replace("logs/positions_futures.json", String(decoding: bytes, as: UTF8.self))
            _ = try ingest(dir)
        }
        let doc: [String: Any] = ["open_positions": open, "closed_positions": closed]
        dir.replace(
            "logs/positions_futures.json",
            String(
                decoding: try JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys]),
                as: UTF8.self
            )
        )
        let (_, events) = try ingest(dir)
        #expect(events.filter { $0.kind == .positionClosed }.count == 34)
        #expect(events.filter { $0.kind == .positionOpened }.count == 10)
        #expect(events.filter { $0.kind == .positionRemoved }.isEmpty)
    }
}
