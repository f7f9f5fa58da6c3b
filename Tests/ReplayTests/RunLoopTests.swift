import EventLog
import Foundation
import Projections
import Replay
import Testing

/// A log that grows while a `RunLoop` follows it (the test's "ingest" appends chunks).
final class GrowingLog: EventLogAccess {
    var events: [Event] = []

    struct Stream: EventStream {
        let log: GrowingLog
        var index: Int
        mutating func next() throws(ReplayError) -> Event? {
            guard index < log.events.count else { return nil }
            defer { index += 1 }
            return log.events[index]
        }
    }

    func stream(from sequence: UInt64) throws(ReplayError) -> Stream { Stream(log: self, index: Int(sequence)) }
    func firstSequence(atOrAfterEventTime eventTime: Int64) throws(ReplayError) -> UInt64 {
        UInt64(events.firstIndex { $0.eventTime >= eventTime } ?? events.count)
    }
    func endSequence() throws(ReplayError) -> UInt64? { UInt64(events.count) }
}

final class FakeClock: RunClock {
    var now: Int64 = 0
    func monotonicMilliseconds() -> Int64 {
        now += 1
        return now
    }
    func wallMicros() -> Int64 { now * 1000 }
    func sleep(milliseconds: Int64) { now += milliseconds }
}

@Suite struct RunLoopTests {
    static let events = SyntheticEvents.make(count: 1_500, seed: 21)

    private func files(_ dir: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let base = URL(fileURLWithPath: dir)
        guard let walker = FileManager.default.enumerator(atPath: dir) else { return result }
        for case let path as String in walker where path.hasPrefix("feature_store") || path.hasPrefix("logs") {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: base.appendingPathComponent(path).path, isDirectory: &isDir),
                !isDir.boolValue
            {
                result[path] = try Data(contentsOf: base.appendingPathComponent(path))
            }
        }
        return result
    }

    private func batchExports() throws -> [String: Data] {
        let dir = TemporaryDirectory("batch")
        let target = TestPipelines.tally()
        var progress = ProgressBar(label: "", total: 0, enabled: false)
        _ = try ReplayEngine.run(
            target: target,
            log: InMemoryEventLog(Self.events),
            options: ReplayOptions(snapshots: .disabled),
            store: nil,
            progress: &progress
        )
        let writer = ExportWriter(directory: dir.path)
        try writer.write(target.exports())
        try writer.append(target.takeFinalizedRows())
        return try files(dir.path)
    }

    /// Follows a log fed in chunks of `chunk` events per ingest round, stopping after `stopAfter` events
    /// (then a second loop, a restart, takes over from the snapshot and finishes).
    private func incremental(chunk: Int, stopAfter: Int, snapshotEvery: UInt64) throws -> [String: Data] {
        let root = TemporaryDirectory("run")
        let store = SnapshotStore(root: root.path)
        let log = GrowingLog()
        var fed = 0
        func feed() -> Bool {
            let n = min(chunk, Self.events.count - fed)
            log.events += Self.events[fed..<(fed + n)]
            fed += n
            return fed < Self.events.count
        }
        let configuration = RunConfiguration(
            exportDebounceMilliseconds: 100,
            pollIntervalMilliseconds: 1,
            snapshots: SnapshotConfiguration(everyEvents: snapshotEvery, everyEventTime: nil)
        )
        let first = RunLoop(
            target: TestPipelines.tally(),
            log: log,
            store: store,
            exports: ExportWriter(directory: root.path),
            configuration: configuration,
            clock: FakeClock(),
            ingest: { () throws(ReplayError) -> Bool in feed() }
        )
        let firstSummary = try first.run(until: { fed >= stopAfter })
        #expect(firstSummary.nextSequence == UInt64(fed))
        // Restart: a fresh process state resumes from the last snapshot plus the log.
        let second = RunLoop(
            target: TestPipelines.tally(),
            log: log,
            store: store,
            exports: ExportWriter(directory: root.path),
            configuration: configuration,
            clock: FakeClock(),
            ingest: { () throws(ReplayError) -> Bool in feed() }
        )
        let notices = try second.start()
        #expect(notices.isEmpty)
        #expect(second.currentSummary.resumedFromSnapshot == UInt64(fed))
        var rounds = 0
        let summary = try second.run(until: {
            rounds += 1
            return fed >= Self.events.count && rounds > 3
        })
        #expect(summary.nextSequence == UInt64(Self.events.count))
        return try files(root.path)
    }

    @Test(arguments: [(1, 700, 200), (37, 1_100, 1_000), (500, 1_000, 250), (1_500, 1_500, 10_000)])
    func incrementalRunEqualsBatchReplayByteForByte(chunk: Int, stopAfter: Int, snapshotEvery: Int) throws {
        let batch = try batchExports()
        #expect(!batch.isEmpty)
        #expect(try incremental(chunk: chunk, stopAfter: stopAfter, snapshotEvery: UInt64(snapshotEvery)) == batch)
    }

    @Test func exportsAreDebounced() throws {
        let root = TemporaryDirectory("debounce")
        let log = GrowingLog()
        var fed = 0
        let clock = FakeClock()
        let loop = RunLoop(
            target: TestPipelines.tally(),
            log: log,
            store: SnapshotStore(root: root.path),
            exports: ExportWriter(directory: root.path),
            configuration: RunConfiguration(exportDebounceMilliseconds: 1_000, snapshots: .disabled),
            clock: clock,
            ingest: { () throws(ReplayError) -> Bool in
                if fed < Self.events.count {
                    log.events.append(Self.events[fed])
                    fed += 1
                }
                return false
            }
        )
        let summary = try loop.run(until: { fed >= 1_400 })
        // One event per round, ~1 ms per round: without debouncing that would be ~2,000 writes.
        #expect(summary.exportWrites < 20)
        #expect(summary.liveEvents == 1_400)
    }
}

@Suite struct LatencyHistogramTests {
    @Test func percentilesAreWithinTwoPercent() {
        var histogram = LatencyHistogram()
        for micros in 1...10_000 { histogram.record(Int64(micros)) }
        for (fraction, exact) in [(0.5, 5_000.0), (0.99, 9_900.0), (1.0, 10_000.0)] {
            let value = Double(histogram.percentile(fraction))
            #expect(value >= exact && value <= exact * 1.021, "p\(fraction) = \(value), exact \(exact)")
        }
        #expect(histogram.count == 10_000)
        #expect(histogram.maxMicros == 10_000)
        #expect(LatencyHistogram().percentile(0.99) == 0)
    }
}
