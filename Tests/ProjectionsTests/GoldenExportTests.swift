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
            // Compared as a Bool with the first differing line in the message: `#expect(a == b)` on byte arrays
            // printed both arrays whole (hundreds of kilobytes of decimal bytes).
            let same = Array(golden) == file.bytes
            #expect(
                same,
                "\(file.relativePath) differs from \(path) \(Self.firstDifference(Array(golden), file.bytes)); if intended, regenerate with HINDSIGHT_UPDATE_GOLDEN=1"
            )
        }
    }

    /// `at line N: golden <line> / now <line>` for the first line that differs.
    static func firstDifference(_ golden: [UInt8], _ now: [UInt8]) -> String {
        let a = golden.split(separator: 0x0A, omittingEmptySubsequences: false)
        let b = now.split(separator: 0x0A, omittingEmptySubsequences: false)
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? String(decoding: a[i], as: UTF8.self) : "<none>"
            let y = i < b.count ? String(decoding: b[i], as: UTF8.self) : "<none>"
            if x != y { return "at line \(i + 1):\n golden \(x)\n now    \(y)\n" }
        }
        return ""
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
