import EventLog
import Foundation
import Projections
import Replay
import Testing

/// The export writer renders deferred rows through a buffer written out every `chunkSize` bytes, on the
/// replay's writer thread: the files and their marks must not depend on the chunk size.
@Suite struct ExportWriterChunkTests {
    static let events = SyntheticEvents.make(count: 3_000, seed: 11)

    /// The in-memory log read ahead on a thread, as the on-disk log is.
    struct ReadAheadLog: EventLogAccess {
        var base: InMemoryEventLog
        static var readsAhead: Bool { true }
        func stream(from sequence: UInt64) throws(ReplayError) -> InMemoryEventLog.Stream {
            try base.stream(from: sequence)
        }
        func firstSequence(atOrAfterEventTime eventTime: Int64) throws(ReplayError) -> UInt64 {
            try base.firstSequence(atOrAfterEventTime: eventTime)
        }
        func endSequence() throws(ReplayError) -> UInt64? { try base.endSequence() }
    }

    /// A replay of `events` into `dir`; the append-only files' bytes and marks.
    private func replay(
        _ dir: String,
        chunkSize: Int,
        drop: Bool = false,
        readAhead: Bool = false
    ) throws -> ([String: Data], [ExportMark]) {
        let memory = InMemoryEventLog(Self.events)
        return readAhead
            ? try replay(dir, log: ReadAheadLog(base: memory), chunkSize: chunkSize, drop: drop)
            : try replay(dir, log: memory, chunkSize: chunkSize, drop: drop)
    }

    private func replay<Log: EventLogAccess>(
        _ dir: String,
        log: Log,
        chunkSize: Int,
        drop: Bool
    ) throws -> ([String: Data], [ExportMark]) {
        let target = TestPipelines.enriched()
        let writer = ExportWriter(directory: dir, chunkSize: chunkSize, dropsAppendsFromCache: drop)
        var progress = ProgressBar(label: "", total: 0, enabled: false)
        _ = try ReplayEngine.run(
            target: target,
            log: log,
            options: ReplayOptions(snapshots: SnapshotConfiguration(everyEvents: 700, everyEventTime: nil)),
            store: SnapshotStore(root: dir),
            progress: &progress,
            exports: writer
        )
        var files: [String: Data] = [:]
        for mark in writer.appendMarks {
            files[mark.relativePath] = FileManager.default.contents(atPath: dir + "/" + mark.relativePath)
        }
        return (files, writer.appendMarks)
    }

    @Test(
        "files and marks are the same for every chunk size, read ahead or not, pages cached or not",
        arguments: [1, 333]
    )
    func chunkSizeDoesNotChangeTheBytes(chunkSize: Int) throws {
        let reference = TemporaryDirectory("chunks-default")
        let (expectedFiles, expectedMarks) = try replay(reference.path, chunkSize: 1 << 20)
        #expect((expectedFiles[EnrichedDecisions.exportPath]?.count ?? 0) > 50_000)
        #expect((expectedFiles[Counterfactual.outcomesPath]?.count ?? 0) > 5_000)
        let small = TemporaryDirectory("chunks-small")
        let (files, marks) = try replay(small.path, chunkSize: chunkSize, drop: true, readAhead: true)
        #expect(files == expectedFiles)
        #expect(marks == expectedMarks)
        for mark in marks {
            let bytes = [UInt8](files[mark.relativePath] ?? Data())
            #expect(
                mark == ExportMark(relativePath: mark.relativePath).appending(bytes),
                "mark of \(mark.relativePath)"
            )
        }
    }
}
