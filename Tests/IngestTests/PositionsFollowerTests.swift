import EventLog
import Ingest
import Testing

private let positionsOnly = [SourceSpec(id: .positions, path: "logs/positions.txt", kind: .positionsDocument)]

private func makeIngester(_ dir: TempDirectory, _ log: MemoryLog) throws -> Ingester {
    try Ingester(
        configuration: IngestConfiguration(root: dir.path, sources: positionsOnly),
        log: log,
        normalizers: { _ in testNormalizer },
        positions: testPositionsCodec,
        clock: { 0 }
    )
}

private func kinds(_ log: MemoryLog, from: Int = 0) -> [String] {
    log.events[from...].map { e in
        switch e.payload {
        case .positionOpened(let p): "opened \(p.key.symbol)"
        case .positionUpdated(let u): "updated \(u.key.symbol) " + u.changes.map(\.field).joined(separator: ",")
        case .positionClosed(let c): "closed \(c.key.symbol) \(c.closeReason ?? "")"
        case .positionRemoved(let r): "removed \(r.key.symbol)"
        case .recordRejected(let r): "rejected \(r.reason)"
        default: "\(e.kind)"
        }
    }
}

@Suite struct PositionsFollowerTests {
    @Test func lifecycleOpenUpdatePartialCloseCloseAndRemove() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let log = MemoryLog()
        let ingester = try makeIngester(dir, log)
        let file = "logs/positions.txt"
        dir.replace(file, "O|BTC|S|LONG|100|size=10,peak=1\nO|ETH|S|SHORT|110|size=5\nEND\n")
        try ingester.step()
        #expect(kinds(log) == ["opened BTC", "opened ETH"])
        // Two meaningful fields change: one coalesced update.
        dir.replace(file, "O|BTC|S|LONG|100|size=10,peak=2,trough=1\nO|ETH|S|SHORT|110|size=5\nEND\n")
        try ingester.step()
        #expect(kinds(log, from: 2) == ["updated BTC peak,trough"])
        // Partial close: a closed record appears and the open entry shrinks.
        dir.replace(
            file,
            "O|BTC|S|LONG|100|size=4,peak=2,trough=1\nO|ETH|S|SHORT|110|size=5\nC|BTC|S|LONG|100|150|p1\nEND\n"
        )
        try ingester.step()
        #expect(kinds(log, from: 3) == ["closed BTC p1", "updated BTC size"])
        // Full close of BTC (second closed record, open entry gone) and ETH vanishes without a close.
        dir.replace(file, "C|BTC|S|LONG|100|150|p1\nC|BTC|S|LONG|100|160|p2\nEND\n")
        try ingester.step()
        #expect(kinds(log, from: 5) == ["closed BTC p2", "removed ETH"])
        // Updates and removals take the newest time known in the source.
        #expect(log.events[6].eventTime == 160)
        #expect(ingester.summary.sources[0].eventsByKind[.positionClosed] == 2)
    }

    @Test func aDocumentCaughtMidWriteIsRetriedNeverReadAsEmpty() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let log = MemoryLog()
        let ingester = try makeIngester(dir, log)
        let file = "logs/positions.txt"
        dir.replace(file, "O|BTC|S|LONG|100|size=1\nEND\n")
        try ingester.step()
        dir.rewriteInPlace(file, "")
        try ingester.step()
        dir.rewriteInPlace(file, "O|BTC|S|LONG|100|si")
        try ingester.step()
        try ingester.step()
        #expect(kinds(log) == ["opened BTC"])
        #expect(ingester.summary.sources[0].documentParseFailures == 2)
        dir.rewriteInPlace(file, "O|BTC|S|LONG|100|size=1\nO|SOL|S|LONG|120|size=1\nEND\n")
        try ingester.step()
        #expect(kinds(log) == ["opened BTC", "opened SOL"])
    }

    @Test func restartRebuildsTheDiffStateFromTheLog() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let log = MemoryLog()
        let file = "logs/positions.txt"
        dir.replace(file, "O|BTC|S|LONG|100|size=1\nbroken\nC|X|S|LONG|1|2|a\nEND\n")
        try makeIngester(dir, log).runOnce()
        #expect(kinds(log) == ["closed X a", "opened BTC", "rejected missing_field"])
        // Same content after a restart: nothing new. New content: only the difference, bad bytes not re-rejected.
        try makeIngester(dir, log).runOnce()
        #expect(log.events.count == 3)
        dir.replace(file, "O|BTC|S|LONG|100|size=2\nbroken\nC|X|S|LONG|1|2|a\nEND\n")
        // A new content: only the changed open position, and the bad element is not rejected a second time.
        let again = try makeIngester(dir, log)
        try again.runOnce()
        #expect(kinds(log, from: 3) == ["updated BTC size"])
        try makeIngester(dir, log).runOnce()
        #expect(log.events.count == 4)
        #expect(log.checkpoints.first?.documentVersion == 2)
    }

    @Test func identicalContentReplacedIsNoChange() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let log = MemoryLog()
        let ingester = try makeIngester(dir, log)
        dir.replace("logs/positions.txt", "O|BTC|S|LONG|100|size=1\nEND\n")
        try ingester.step()
        let frames = log.frames.count
        dir.replace("logs/positions.txt", "O|BTC|S|LONG|100|size=1\nEND\n")
        try ingester.step()
        #expect(log.frames.count == frames)
        #expect(log.events.count == 1)
    }
}
