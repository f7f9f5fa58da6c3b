import EventLog
import Foundation
import Ingest
import Testing

/// The committed sample bot root (written by the simulator with planted truth in `truth.json`): ingest finds
/// exactly the records it wrote and rejects exactly the ones it broke on purpose.
@Suite struct SampleRootTests {
    @Test func sampleRootIngestsWithThePlantedCounts() throws {
        var root = #filePath
        for _ in 0..<3 { root = (root as NSString).deletingLastPathComponent }
        let truthData = try #require(FileManager.default.contents(atPath: root + "/truth.json"))
        let truth = try #require(try JSONSerialization.jsonObject(with: truthData) as? [String: Any])
        let files = try #require(truth["files"] as? [String: [String: Any]])
        let dir = TempDirectory("sample")
        defer { dir.remove() }
        for spec in SourceSpec.defaults {
            let data = try #require(FileManager.default.contents(atPath: root + "/" + spec.path))
            dir.append(spec.path, Array(data))
        }
        let log = try EventLogIngestLog(
            directory: dir.file("logs/events"),
            configuration: EventLogConfiguration(durability: .never)
        )
        let ingester = try Ingester(
            configuration: IngestConfiguration(root: dir.path),
            log: log,
            clock: { 0 }
        )
        try ingester.runOnce()
        try log.close()
        for (spec, summary) in zip(SourceSpec.defaults, ingester.summary.sources) {
            let planted = try #require(files[spec.path])
            let records = try #require(planted["records"] as? Int)
            let broken = try #require(planted["broken_records"] as? [Int])
            #expect(summary.recordsRead == records, "\(spec.id)")
            #expect(summary.rejectionCount == broken.count, "\(spec.id): \(summary.rejections)")
            #expect(summary.resetCount == 0)
            #expect(summary.documentParseFailures == 0)
        }
    }
}
