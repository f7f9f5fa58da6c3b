import EventLog
import Ingest
import Testing

private let lineSources = [
    SourceSpec(id: .signals, path: "logs/signals.jsonl", kind: .lines(.signals)),
    SourceSpec(id: .blockedTrades, path: "state/blocked_trades.jsonl", kind: .lines(.blockedTrades)),
]

private func makeIngester(_ dir: TempDirectory, _ log: MemoryLog, batch: Int = 4 << 20) throws -> Ingester {
    try Ingester(
        configuration: IngestConfiguration(root: dir.path, sources: lineSources, maxBatchBytes: batch),
        log: log,
        normalizers: { _ in testNormalizer },
        positions: testPositionsCodec,
        clock: { 0 }
    )
}

@Suite struct IngesterTests {
    @Test func everyRecordBecomesOneEventOrOneRejection() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        dir.append("logs/signals.jsonl", "{\"a\":1}\nnot json\n\n{\"b\":2}\r\n{\"partial")
        dir.append("state/blocked_trades.jsonl", "oops\n")
        let log = MemoryLog()
        let ingester = try makeIngester(dir, log)
        try ingester.runOnce()
        // Merged by event time across sources: "oops" has no timestamp and no earlier event, so time 0.
        #expect(log.events.map(\.originalText) == ["oops", "{\"a\":1}", "not json", "{\"b\":2}"])
        let signals = ingester.summary.sources[0]
        #expect(signals.recordsRead == 3)
        #expect(signals.eventsAppended == 3)
        #expect(signals.rejections == [.invalidJSON: 1])
        #expect(signals.blankLines == 1)
        #expect(ingester.summary.sources[1].rejections == [.invalidJSON: 1])
        // Rejection without a timestamp takes the source's previous event time.
        #expect(log.events[2].eventTime == log.events[1].eventTime)
        #expect(log.checkpoints.first { $0.source == .signals }?.offset == 27)
        if case .fileRange(_, let start, let end) = log.events[3].position {
            #expect((start, end) == (18, 25))
        } else {
            Issue.record("no byte range")
        }
    }

    @Test func restartResumesFromTheLogsLastFrame() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let log = MemoryLog()
        dir.append("logs/signals.jsonl", "{1}\n{2}\n{3")
        try makeIngester(dir, log).runOnce()
        dir.append("logs/signals.jsonl", "}\n{4}\n")
        try makeIngester(dir, log).runOnce()
        try makeIngester(dir, log).runOnce()
        #expect(log.events.map(\.originalText) == ["{1}", "{2}", "{3}", "{4}"])
    }

    @Test func aFrameLostInACrashIsReadAgainAndNothingIsDoubled() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let lines = (0..<300).map { "{\"n\":\($0)}" }
        dir.append("logs/signals.jsonl", lines.joined(separator: "\n") + "\n")
        let log = MemoryLog()
        // Every third append "crashes": the ingester dies and a new one starts from the log.
        var attempts = 0
        log.failAppend = { _ in
            attempts += 1
            return attempts % 3 == 0
        }
        for _ in 0..<200 {
            do {
                try makeIngester(dir, log, batch: 100).runOnce()
                break
            } catch {
                continue
            }
        }
        #expect(log.events.map(\.originalText) == lines)
    }

    @Test(arguments: [1, 3, 17, 256])
    func writeChunkingDoesNotChangeTheEvents(chunk: Int) throws {
        let text = Array("{\"a\":1}\r\nbad\n\n{\"b\":22}\n   \n{\"c\":333}\n".utf8)
        let reference = MemoryLog()
        do {
            let dir = TempDirectory()
            defer { dir.remove() }
            dir.append("logs/signals.jsonl", text)
            try makeIngester(dir, reference).runOnce()
        }
        let dir = TempDirectory()
        defer { dir.remove() }
        let log = MemoryLog()
        let ingester = try makeIngester(dir, log)
        var i = 0
        while i < text.count {
            let n = min(chunk, text.count - i)
            dir.append("logs/signals.jsonl", Array(text[i..<(i + n)]))
            try ingester.step()
            i += n
        }
        func strip(_ e: Event) -> Event {
            var e = e
            e.seq = 0
            if case .fileRange(_, let s, let end) = e.position {
                e.position = .fileRange(
                    file: FileIdentity(device: 0, inode: 0, headFingerprint: 0, headLength: 0),
                    start: s,
                    end: end
                )
            }
            return e
        }
        #expect(log.events.map(strip) == reference.events.map(strip))
    }

    @Test func linesLongerThanOneRefillAreReadInOneRun() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let long = "{" + String(repeating: "x", count: 700 << 10) + "}"
        let tooLong = String(repeating: "y", count: 1_200 << 10)
        dir.append(
            "logs/signals.jsonl",
            long + "\n" + tooLong + "\n" + String(repeating: "\n", count: 300_000) + "{after}\n"
        )
        let log = MemoryLog()
        let ingester = try makeIngester(dir, log)
        try ingester.runOnce()
        #expect(log.events.map(\.original.count) == [long.utf8.count, 1 << 20, 7])
        #expect(ingester.summary.sources[0].rejections == [.lineTooLong: 1])
        #expect(ingester.summary.sources[0].blankLines == 300_000)
    }

    @Test func blankLineProgressIsCommittedInACheckpointOnlyFrame() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        dir.append("logs/signals.jsonl", "\n\n\r\n")
        let log = MemoryLog()
        try makeIngester(dir, log).runOnce()
        #expect(log.events.isEmpty)
        #expect(log.frames.count == 1)
        #expect(log.checkpoints.first { $0.source == .signals }?.offset == 4)
    }

    @Test func rotationIsLoggedAsAResetBetweenTheTwoFiles() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        dir.append("logs/signals.jsonl", "{1}\n")
        let log = MemoryLog()
        let ingester = try makeIngester(dir, log)
        try ingester.runOnce()
        dir.append("logs/signals.jsonl", "{2}\n")
        dir.move("logs/signals.jsonl", "logs/signals.jsonl.1")
        dir.append("logs/signals.jsonl", "{3}\n")
        try ingester.runOnce()
        #expect(log.events.map(\.kind) == [.decisionLogged, .decisionLogged, .sourceReset, .decisionLogged])
        #expect(ingester.summary.sources[0].resets == [.rotated: 1])
        #expect(log.events[2].eventTime == log.events[1].eventTime)
    }
}

@Suite struct EventTimeMergeTests {
    /// `testNormalizer` gives a `{…}` line the event time of its length.
    @Test func sourcesAreMergedByEventTimeAndEachKeepsItsOwnOrder() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        // signals: 3, 5, 7, then 3 again (out of order inside the source); blocked: 4, 6, 8.
        dir.append("logs/signals.jsonl", "{a}\n{abc}\n{abcde}\n{z}\n")
        dir.append("state/blocked_trades.jsonl", "{ab}\n{abcd}\n{abcdef}\n")
        let log = MemoryLog()
        try makeIngester(dir, log).runOnce()
        #expect(
            log.events.map(\.originalText) == ["{a}", "{ab}", "{abc}", "{abcd}", "{abcde}", "{z}", "{abcdef}"]
        )
    }

    @Test(arguments: [1, 12, 40, 1 << 20])
    func aMergeCutIntoFramesAndCrashesResumesExactly(batch: Int) throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        // Two sources whose times interleave irregularly.
        let signals = (0..<60).map { "{" + String(repeating: "s", count: 1 + ($0 * 7) % 23 + $0 / 2) + "}" }
        let blocked = (0..<45).map { "{" + String(repeating: "b", count: 2 + ($0 * 5) % 19 + $0 / 2) + "}" }
        dir.append("logs/signals.jsonl", signals.joined(separator: "\n") + "\n")
        dir.append("state/blocked_trades.jsonl", blocked.joined(separator: "\n") + "\n")
        let clean = MemoryLog()
        try makeIngester(dir, clean, batch: batch).runOnce()
        #expect(clean.events.count == signals.count + blocked.count)

        let crashing = MemoryLog()
        var attempts = 0
        crashing.failAppend = { _ in
            attempts += 1
            return attempts % 3 == 0
        }
        for _ in 0..<500 {
            do {
                try makeIngester(dir, crashing, batch: batch).runOnce()
                break
            } catch {
                continue
            }
        }
        // Nothing lost, nothing doubled, and the same merged order as without crashes.
        #expect(crashing.events.map(\.originalText) == clean.events.map(\.originalText))
        #expect(crashing.checkpoints == clean.checkpoints)
    }
}

@Suite struct EventLogIngestLogTests {
    @Test func checkpointsAndEventsSurviveReopeningTheRealLog() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let events = dir.file("logs/events")
        func run() throws -> [SourceCheckpoint] {
            let log = try EventLogIngestLog(directory: events, configuration: EventLogConfiguration(durability: .never))
            let ingester = try Ingester(
                configuration: IngestConfiguration(root: dir.path, sources: lineSources),
                log: log,
                normalizers: { _ in testNormalizer },
                positions: testPositionsCodec,
                clock: { 0 }
            )
            try ingester.runOnce()
            try log.close()
            return ingester.checkpoints
        }
        dir.append("logs/signals.jsonl", "{1}\nbad\n{2")
        _ = try run()
        dir.append("logs/signals.jsonl", "}\n\n")
        let checkpoints = try run()
        _ = try run()
        var cursor = try EventLogReader(directory: events).cursor(from: 0)
        var originals: [String] = []
        while let e = try cursor.next() { originals.append(e.originalText) }
        #expect(originals == ["{1}", "bad", "{2}"])
        #expect(checkpoints.first { $0.source == .signals }?.offset == 13)
        let reopened = try EventLogWriter(directory: events)
        #expect(reopened.checkpoints == checkpoints)
        try reopened.close()
    }
}
