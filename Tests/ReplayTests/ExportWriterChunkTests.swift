import EventLog
import Foundation
import Projections
import Replay
import Testing

/// The export writer renders deferred rows through a buffer written out every `chunkSize` bytes, on the
/// replay's writer thread: the files and their marks must not depend on the chunk size.
@Suite struct ExportWriterChunkTests {
    static let events = SyntheticEvents.make(count: 3_000, seed: 11)

    /// A replay of `events` into `dir`; the append-only files' bytes and marks.
    private func replay(_ dir: String, chunkSize: Int, drop: Bool = false) throws -> ([String: Data], [ExportMark]) {
        let target = TestPipelines.enriched()
        let writer = ExportWriter(directory: dir, chunkSize: chunkSize, dropsAppendsFromCache: drop)
        var progress = ProgressBar(label: "", total: 0, enabled: false)
        _ = try ReplayEngine.run(
            target: target,
            log: InMemoryEventLog(Self.events),
            options: ReplayOptions(snapshots: .disabled),
            store: nil,
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
        "files and marks are the same for every chunk size (and when written pages leave the cache)",
        arguments: [1, 333]
    )
    func chunkSizeDoesNotChangeTheBytes(chunkSize: Int) throws {
        let reference = TemporaryDirectory("chunks-default")
        let (expectedFiles, expectedMarks) = try replay(reference.path, chunkSize: 1 << 20)
        #expect((expectedFiles[EnrichedDecisions.exportPath]?.count ?? 0) > 50_000)
        #expect((expectedFiles[Counterfactual.outcomesPath]?.count ?? 0) > 5_000)
        let small = TemporaryDirectory("chunks-small")
        let (files, marks) = try replay(small.path, chunkSize: chunkSize, drop: true)
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
