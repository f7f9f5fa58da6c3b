import EventLog
import Foundation
import Projections
import Replay
import Testing

/// `hindsight run` as a real process: records appended while it runs, SIGTERM in the middle, restart, and
/// nothing lost or doubled; the exports it leaves equal a batch replay of the same log byte for byte.
@Suite(.serialized) struct RunProcessTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let binary = packageRoot.appendingPathComponent(".build/debug/hindsight").path
    static let input = packageRoot.appendingPathComponent("../shared/data/real/conviction_gate.f1f5ab65.head1500.jsonl")
        .path

    private func start(_ root: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["run", "--root", root, "--snapshot-every", "100", "--debounce-ms", "50", "--json"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func append(_ lines: ArraySlice<Substring>, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(lines.map { $0 + "\n" }.joined().utf8))
        try handle.close()
    }

    private func waitForExit(_ process: Process, seconds: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        return !process.isRunning
    }

    private func logEnd(_ root: String) -> UInt64 {
        ((try? DiskEventLog(root: root).endSequence()) ?? nil) ?? 0
    }

    @Test func sigtermDuringRunLosesNothing() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary),
            let text = try? String(contentsOfFile: Self.input, encoding: .utf8)
        else {
            Issue.record("needs \(Self.binary) (swift build) and \(Self.input)")
            return
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        let root = TemporaryDirectory("run-sigterm")
        try FileManager.default.createDirectory(atPath: root.file("state"), withIntermediateDirectories: true)
        let path = root.file("state/blocked_trades.jsonl")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        try append(lines[0..<200], to: path)

        // First run: records keep arriving; SIGTERM while it is busy.
        let first = try start(root.path)
        let started = Date().addingTimeInterval(30)
        while logEnd(root.path) < 200 && Date() < started { usleep(10_000) }
        var fed = 200
        while fed < 900 {
            try append(lines[fed..<(fed + 50)], to: path)
            fed += 50
            usleep(15_000)
        }
        first.terminate()  // SIGTERM
        #expect(waitForExit(first))
        #expect(first.terminationReason == .exit && first.terminationStatus == 0)
        let afterFirst = logEnd(root.path)
        #expect(afterFirst > 0 && afterFirst <= UInt64(fed))

        // Between runs the bot keeps writing.
        try append(lines[fed...], to: path)

        // Restart: resumes from its snapshot plus the log, ingests the rest.
        let second = try start(root.path)
        let deadline = Date().addingTimeInterval(30)
        while logEnd(root.path) < UInt64(lines.count) && Date() < deadline { usleep(20_000) }
        usleep(200_000)
        second.terminate()
        #expect(waitForExit(second))
        #expect(second.terminationStatus == 0)

        // Every line is exactly one event, in file order.
        var cursor = try DiskEventLog(root: root.path).stream(from: 0)
        var count = 0
        var lastEnd: UInt64 = 0
        while let event = try cursor.next() {
            #expect(event.source == .blockedTrades)
            if case .fileRange(_, let start, let end) = event.position {
                #expect(start >= lastEnd)
                lastEnd = end
            }
            count += 1
        }
        #expect(count == lines.count)

        // The exports the two runs left equal a batch replay of the whole log.
        let batch = PipelineTarget(try ReplayCatalog.defaultPipeline(try ReplayCatalog.registry()))
        var progress = ProgressBar(label: "", total: 0, enabled: false)
        _ = try ReplayEngine.run(
            target: batch,
            log: DiskEventLog(root: root.path),
            options: ReplayOptions(snapshots: .disabled),
            store: nil,
            progress: &progress
        )
        for file in try batch.pipeline.drainExports() {
            let written = FileManager.default.contents(atPath: root.file(file.relativePath))
            #expect(written == Data(file.bytes), "\(file.relativePath) differs from the batch replay")
        }
    }
}
