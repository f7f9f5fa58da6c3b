import Foundation
import Projections
import Replay
import Testing

@Suite struct ExportWriterTests {
    @Test func writesOnlyChangedFilesAndRefusesEscapes() throws {
        let dir = TemporaryDirectory("exports")
        let writer = ExportWriter(directory: dir.path)
        let a = ExportFile(relativePath: "feature_store/a.json", text: "{\"v\":1}\n")
        let b = ExportFile(relativePath: "logs/b.jsonl", text: "{}\n")
        #expect(try writer.write([b, a]) == ["feature_store/a.json", "logs/b.jsonl"])
        #expect(try writer.write([a, b]).isEmpty)
        let a2 = ExportFile(relativePath: "feature_store/a.json", text: "{\"v\":2}\n")
        #expect(try writer.write([a2, b]) == ["feature_store/a.json"])
        #expect(FileManager.default.contents(atPath: dir.file("feature_store/a.json")) == Data("{\"v\":2}\n".utf8))
        // A new writer (a restart) finds identical bytes on disk and leaves them alone.
        #expect(try ExportWriter(directory: dir.path).write([a2, b]).isEmpty)
        for bad in ["../x.json", "/etc/x", "feature_store/../../x", ""] {
            #expect(throws: ReplayError.self) { try writer.write([ExportFile(relativePath: bad, text: "x")]) }
        }
        // No temp files left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.file("feature_store"))
        #expect(names == ["a.json"])
    }
}
