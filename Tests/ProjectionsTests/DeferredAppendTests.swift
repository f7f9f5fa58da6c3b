import EventLog
import Foundation
import Projections
import Testing

/// Finalized rows handed over unrendered (`ExportAppend`'s deferred form) and rendered later through an
/// `ExportSink` of any chunk size give exactly the bytes of the golden files.
@Suite struct DeferredAppendTests {
    /// The golden scenario's appends, rendered through a sink draining every `chunkSize` bytes.
    private func chunked(chunkSize: Int) throws -> [String: [UInt8]] {
        let pipeline = Pipeline(folds: try ProjectionCatalog.descriptors.map { try $0.make() })
        pipeline.apply(contentsOf: GoldenScenario.events())
        var rendered: [String: [UInt8]] = [:]
        for append in pipeline.takeFinalizedRows() {
            var bytes: [UInt8] = []
            var chunks = 0
            var sink = ExportSink(chunkSize: chunkSize) { chunk in
                #expect(!chunk.isEmpty, "an empty chunk is never drained")
                bytes.append(contentsOf: chunk)
                chunks += 1
            }
            append.render(into: &sink)
            sink.drain()
            #expect(append.isEmpty == bytes.isEmpty)
            if chunkSize == 1 { #expect(chunks == bytes.count { $0 == 0x0A }, "one drain per line at chunk size 1") }
            rendered[append.relativePath] = bytes
        }
        return rendered
    }

    @Test("chunked rendering gives the golden bytes", arguments: [1, 97, 4096, Int.max])
    func chunkedRenderingMatchesGolden(chunkSize: Int) throws {
        let rendered = try chunked(chunkSize: chunkSize)
        #expect(rendered.keys.sorted() == ["logs/counterfactual_outcomes.jsonl", "logs/enriched_decisions.jsonl"])
        for (path, bytes) in rendered {
            let file = GoldenExportTests.goldenDirectory + "/" + GoldenExportTests.goldenName(path)
            let golden = try #require(FileManager.default.contents(atPath: file).map(Array.init))
            #expect(bytes == golden, "\(path) differs from its golden file at chunk size \(chunkSize)")
        }
    }

    @Test("a deferred append equals the same bytes given eagerly, and bytes render in the same order")
    func deferredEqualsEager() {
        let lines: [String] = ["{\"a\": 1}", "{\"b\": [2, 3]}", "{}"]
        let deferred = ExportAppend(relativePath: "logs/x.jsonl", lineCount: lines.count) { sink in
            for line in lines {
                sink.buffer.append(contentsOf: Array(line.utf8) + [0x0A])
                sink.drainIfFull()
            }
        }
        let eager = ExportAppend(relativePath: "logs/x.jsonl", bytes: Array(lines.map { $0 + "\n" }.joined().utf8))
        #expect(deferred == eager)
        #expect(!deferred.isEmpty)
        #expect(ExportAppend(relativePath: "logs/x.jsonl", lineCount: 0) { _ in }.isEmpty)
        var out: [UInt8] = []
        var sink = ExportSink(chunkSize: 4) { out.append(contentsOf: $0) }
        sink.buffer = Array("pre".utf8)
        eager.render(into: &sink)
        sink.drain()
        #expect(out == Array("pre".utf8) + eager.bytes, "buffered bytes are drained before eager bytes")
    }
}
