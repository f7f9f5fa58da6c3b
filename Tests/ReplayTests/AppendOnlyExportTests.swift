import EventLog
import Foundation
import Projections
import Replay
import Testing

/// Append-only exports across snapshots, restarts, time travel and the export writer thread.
@Suite struct AppendOnlyExportTests {
    static let events = SyntheticEvents.make(count: 4_000, seed: 5)

    private func files(_ dir: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for sub in ["logs", "feature_store"] {
            let base = (dir as NSString).appendingPathComponent(sub)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] {
                result["\(sub)/\(name)"] = FileManager.default.contents(
                    atPath: (base as NSString).appendingPathComponent(name)
                )
            }
        }
        return result
    }

    /// A replay from seq 0 of `events` into `dir` (whole files and append-only files).
    private func scratch(_ dir: String, to end: UInt64? = nil) throws -> [String: Data] {
        let target = TestPipelines.enriched()
        let writer = ExportWriter(directory: dir)
        var progress = ProgressBar(label: "", total: 0, enabled: false)
        _ = try ReplayEngine.run(
            target: target,
            log: InMemoryEventLog(Self.events),
            options: ReplayOptions(to: end.map { .sequence($0) }, snapshots: .disabled),
            store: nil,
            progress: &progress,
            exports: writer
        )
        try writer.write(target.exports())
        return try files(dir)
    }

    /// A full replay of the first `count` events into `root`, with snapshots every 700 events.
    private func replayPrefix(_ root: String, count: Int) throws {
        let writer = ExportWriter(directory: root)
        let target = TestPipelines.enriched()
        var progress = ProgressBar(label: "", total: 0, enabled: false)
        _ = try ReplayEngine.run(
            target: target,
            log: InMemoryEventLog(Array(Self.events.prefix(count))),
            options: ReplayOptions(
                snapshots: SnapshotConfiguration(everyEvents: 700, everyEventTime: nil, keepLast: 20)
            ),
            store: SnapshotStore(root: root),
            progress: &progress,
            exports: writer
        )
        try writer.write(target.exports())
    }

    /// `run` on `root` over the whole log, resuming from whatever snapshot it accepts.
    private func runToEnd(_ root: String) throws -> (RunSummary, [String]) {
        let log = GrowingLog()
        log.events = Self.events
        let loop = RunLoop(
            target: TestPipelines.enriched(),
            log: log,
            store: SnapshotStore(root: root),
            exports: ExportWriter(directory: root),
            configuration: RunConfiguration(exportDebounceMilliseconds: 10, snapshots: .disabled),
            clock: FakeClock(),
            ingest: { () throws(ReplayError) -> Bool in false }
        )
        let notices = try loop.start()
        var rounds = 0
        let summary = try loop.run(until: {
            rounds += 1
            return rounds > 2
        })
        return (summary, notices)
    }

    @Test func resumeFromASnapshotCutsTheFileBackAndEqualsAReplayFromScratch() throws {
        let expectedDir = TemporaryDirectory("scratch")
        let expected = try scratch(expectedDir.path)
        #expect((expected[EnrichedDecisions.exportPath]?.count ?? 0) > 100_000)
        #expect((expected[Counterfactual.outcomesPath]?.count ?? 0) > 10_000)

        let root = TemporaryDirectory("resume")
        try replayPrefix(root.path, count: 2_500)
        // Rows written after the last snapshot by a process that then died: cut off on resume.
        let handle = try #require(FileHandle(forWritingAtPath: root.file(EnrichedDecisions.exportPath)))
        handle.seekToEndOfFile()
        handle.write(Data("{\"torn\": true}\n{\"half".utf8))
        handle.closeFile()
        let (summary, notices) = try runToEnd(root.path)
        #expect(notices.isEmpty)
        #expect(summary.resumedFromSnapshot == 2_500)
        #expect(try files(root.path) == expected)
    }

    @Test func aDamagedPrefixMakesSnapshotsUnusableAndTheRunStartsOver() throws {
        let expectedDir = TemporaryDirectory("scratch")
        let expected = try scratch(expectedDir.path)
        let root = TemporaryDirectory("damaged")
        try replayPrefix(root.path, count: 2_500)
        let path = root.file(Counterfactual.outcomesPath)
        var bytes = try #require(FileManager.default.contents(atPath: path))
        bytes[10] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        let (summary, notices) = try runToEnd(root.path)
        #expect(summary.resumedFromSnapshot == nil)
        #expect(!notices.isEmpty)
        #expect(notices.allSatisfy { $0.contains("does not start with") })
        #expect(try files(root.path) == expected)
    }

    @Test func timeTravelIntoAnotherDirectoryEqualsAReplayBoundedThere() throws {
        let root = TemporaryDirectory("root")
        try replayPrefix(root.path, count: Self.events.count)
        for target in [3_100, 1_399, 650] as [UInt64] {
            let out = TemporaryDirectory("at")
            let writer = ExportWriter(directory: out.path)
            let travelled = TestPipelines.enriched()
            var progress = ProgressBar(label: "", total: 0, enabled: false)
            let summary = try ReplayEngine.run(
                target: travelled,
                log: InMemoryEventLog(Self.events),
                options: ReplayOptions(at: .sequence(target)),
                store: SnapshotStore(root: root.path),
                progress: &progress,
                exports: writer,
                exportSource: root.path
            )
            try writer.write(travelled.exports())
            #expect(summary.snapshotSequence == (target + 1) / 700 * 700 || target < 699)
            let boundedDir = TemporaryDirectory("bounded")
            #expect(try files(out.path) == scratch(boundedDir.path, to: target), "--at \(target)")
        }
    }

    /// Many jobs in a burst: every appended row lands once, in order; the whole files end as the last build.
    @Test func theWriterThreadNeitherReordersNorLosesWritesOnShutdown() throws {
        let dir = TemporaryDirectory("writer")
        let writer = BackgroundExportWriter(
            writer: ExportWriter(directory: dir.path),
            monotonicMilliseconds: SystemRunClock.monotonic
        )
        var expected = ""
        for i in 0..<2_000 {
            expected += "\(i)\n"
            let build: (() throws(ReplayError) -> [ExportFile])? =
                i % 3 == 0 ? { [ExportFile(relativePath: "feature_store/x.json", text: "\(i)")] } : nil
            try writer.submit(
                .init(appends: [ExportAppend(relativePath: "logs/a.jsonl", bytes: Array("\(i)\n".utf8))], build: build)
            )
        }
        try writer.finish()
        #expect(
            String(
                decoding: try #require(FileManager.default.contents(atPath: dir.file("logs/a.jsonl"))),
                as: UTF8.self
            ) == expected
        )
        #expect(FileManager.default.contents(atPath: dir.file("feature_store/x.json")) == Data("1998".utf8))
        #expect(writer.writer.appendMarks == [ExportMark(relativePath: "logs/a.jsonl").appending(Array(expected.utf8))])
        // An error on the writer thread surfaces at the next call, not silently.
        try writer.submit(.init(build: { [ExportFile(relativePath: "../escape", text: "x")] }))
        #expect(throws: ReplayError.self) { try writer.finish() }
    }
}
