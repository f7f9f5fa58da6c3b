import EventLog
import Foundation
import Projections
import Testing

/// Export bytes of a fixed scenario compared with committed golden files in `Golden/`.
/// Regenerate after an intended change with `HINDSIGHT_UPDATE_GOLDEN=1 swift test --filter GoldenExportTests`,
/// then review the diff of `Tests/ProjectionsTests/Golden/` like code.
@Suite struct GoldenExportTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden").path

    static func exports(_ events: [Event]) throws -> [ExportFile] {
        let folds = try ProjectionCatalog.descriptors.map { try $0.make() }
        let pipeline = Pipeline(folds: folds)
        pipeline.apply(contentsOf: events)
        return try pipeline.drainExports()
    }

    static func goldenName(_ relativePath: String) -> String {
        relativePath.replacingOccurrences(of: "/", with: "__")
    }

    @Test func exportsMatchGoldenFiles() throws {
        let files = try Self.exports(GoldenScenario.events())
        #expect(
            files.map(\.relativePath) == [
                "feature_store/counterfactual_learnings.json", "feature_store/learning_health_status.json",
                "logs/counterfactual_outcomes.jsonl", "logs/enriched_decisions.jsonl",
                "logs/enriched_decisions_pending.jsonl",
            ]
        )
        let update = ProcessInfo.processInfo.environment["HINDSIGHT_UPDATE_GOLDEN"] == "1"
        for file in files {
            let path = Self.goldenDirectory + "/" + Self.goldenName(file.relativePath)
            if update {
                try FileManager.default.createDirectory(atPath: Self.goldenDirectory, withIntermediateDirectories: true)
                try Data(file.bytes).write(to: URL(fileURLWithPath: path))
                continue
            }
            let golden = try #require(
                FileManager.default.contents(atPath: path),
                "missing golden \(path): run with HINDSIGHT_UPDATE_GOLDEN=1"
            )
            #expect(
                Array(golden) == file.bytes,
                "\(file.relativePath) differs from \(path); if intended, regenerate with HINDSIGHT_UPDATE_GOLDEN=1"
            )
        }
    }

    @Test func twoRunsAreByteIdentical() throws {
        #expect(try Self.exports(GoldenScenario.events()) == Self.exports(GoldenScenario.events()))
    }

    /// Several interleavings of the same per-source record sequences (what different ingest chunkings and
    /// tail orders produce): content-joined exports are identical apart from sequence numbers, and the
    /// counterfactual classifications and gate feedback do not change.
    @Test(arguments: [0, 1, 2, 3])
    func interleavingsOfSourcesGiveTheSameExports(rotation: Int) throws {
        let events = GoldenScenario.events()
        var sources = [SourceID.signals, .signalOutcomes, .blockedTrades, .positions]
        sources = Array(sources[rotation...] + sources[..<rotation])
        // Round-robin chunks of 3 records per source, in rotated source order.
        var queues = sources.map { s in events.filter { $0.source == s } }
        var mixed: [Event] = []
        while queues.contains(where: { !$0.isEmpty }) {
            for i in queues.indices {
                mixed += queues[i].prefix(3)
                queues[i] = Array(queues[i].dropFirst(3))
            }
        }
        for i in mixed.indices { mixed[i].seq = UInt64(i) }
        let a = try Self.exports(events)
        let b = try Self.exports(mixed)
        func normalized(_ files: [ExportFile], _ path: String) -> [String] {
            let text = String(decoding: files.first { $0.relativePath == path }!.bytes, as: UTF8.self)
            return text.split(separator: "\n").map {
                String($0).replacing(/"seq": \d+/, with: "").replacing(/"decision_seqs": \[[\d, ]*\]/, with: "")
                    .replacing(/"analyzed_ts": \d+/, with: "")
            }.sorted()
        }
        if let dir = ProcessInfo.processInfo.environment["HINDSIGHT_DEBUG_DIR"] {
            for (tag, files) in [("a", a), ("b", b)] {
                for f in files {
                    try Data(f.bytes).write(
                        to: URL(fileURLWithPath: "\(dir)/\(tag)\(rotation)_" + Self.goldenName(f.relativePath))
                    )
                }
            }
        }
        for path in ["logs/enriched_decisions.jsonl", "logs/counterfactual_outcomes.jsonl"] {
            #expect(normalized(a, path) == normalized(b, path), "\(path) depends on interleaving")
        }
        #expect(
            a.first { $0.relativePath == "feature_store/counterfactual_learnings.json" }
                == b.first { $0.relativePath == "feature_store/counterfactual_learnings.json" }
        )
    }
}
