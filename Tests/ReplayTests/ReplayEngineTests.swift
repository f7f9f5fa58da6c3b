import EventLog
import Foundation
import Projections
import PropertyBased
import Replay
import Testing

@Suite struct ReplayEngineTests {
    static let events = SyntheticEvents.make(count: 3_000, seed: 7)

    private func replay(
        _ options: ReplayOptions,
        events: [Event] = Self.events,
        store: SnapshotStore? = nil,
        target: PipelineTarget = TestPipelines.tally()
    ) throws -> (ReplaySummary, PipelineTarget) {
        var progress = ProgressBar(label: "test", total: 0, enabled: false)
        let summary = try ReplayEngine.run(
            target: target,
            log: InMemoryEventLog(events),
            options: options,
            store: store,
            progress: &progress
        )
        return (summary, target)
    }

    private func fingerprint(_ target: PipelineTarget) throws -> [[UInt8]] {
        try target.exports().map(\.bytes) + target.takeFinalizedRows().map(\.bytes)
            + target.captureStates().map(\.state)
    }

    @Test func snapshotAtKThenForwardEqualsFullReplay() async throws {
        let (_, full) = try replay(ReplayOptions(snapshots: .disabled))
        let expected = try fingerprint(full)
        await propertyCheck(count: 25, input: Gen.int(in: 0...Self.events.count)) { k in
            do {
                let first = TestPipelines.tally()
                for event in Self.events.prefix(k) { first.apply(event) }
                let snapshot = try ReplayEngine.makeSnapshot(first, next: UInt64(k), lastEventTime: nil)
                // Through the codec, as a real snapshot file would go.
                let decoded = try SnapshotCodec.decode(SnapshotCodec.encode(snapshot), name: "k=\(k)")
                let resumed = TestPipelines.tally()
                try resumed.restoreStates(decoded.entries)
                for event in Self.events.dropFirst(k) { resumed.apply(event) }
                #expect(try fingerprint(resumed) == expected, "resume at k=\(k) differs from the full replay")
            } catch {
                Issue.record("k=\(k): \(error)")
            }
        }
    }

    @Test func timeTravelEqualsReplayBoundedThere() throws {
        let dir = TemporaryDirectory()
        let store = SnapshotStore(directory: dir.path)
        // A full replay leaves snapshots every 500 events.
        let (full, _) = try replay(
            ReplayOptions(snapshots: SnapshotConfiguration(everyEvents: 500, everyEventTime: nil, keepLast: 100)),
            store: store
        )
        #expect(full.snapshotsWritten.count == 6)
        for target in [0, 1, 499, 500, 777, 1_234, 2_999] as [UInt64] {
            let (at, travelled) = try replay(ReplayOptions(at: .sequence(target)), store: store)
            let (bounded, plain) = try replay(ReplayOptions(to: .sequence(target), snapshots: .disabled))
            #expect(at.endSequence == target + 1)
            #expect(bounded.endSequence == target + 1)
            #expect(try fingerprint(travelled) == fingerprint(plain), "--at \(target) differs from --to \(target)")
            // It started from the nearest snapshot at or before the target, not from 0.
            #expect(at.snapshotSequence == (target + 1) / 500 * 500 || (target + 1 < 500 && at.snapshotSequence == nil))
            #expect(at.eventsFolded == target + 1 - (at.snapshotSequence ?? 0))
        }
        let time = Self.events[1_500].eventTime
        let (at, travelled) = try replay(ReplayOptions(at: .eventTime(time)), store: store)
        let (_, plain) = try replay(ReplayOptions(to: .eventTime(time), snapshots: .disabled))
        #expect(try fingerprint(travelled) == fingerprint(plain))
        #expect(at.endSequence == 1_501)
    }

    @Test func staleSnapshotIsRefusedAndTimeTravelStillCorrect() throws {
        let dir = TemporaryDirectory()
        let store = SnapshotStore(directory: dir.path)
        // Snapshots written by a differently configured fold (another configuration hash).
        _ = try replay(
            ReplayOptions(snapshots: SnapshotConfiguration(everyEvents: 500, everyEventTime: nil)),
            store: store,
            target: TestPipelines.tally(scale: 2)
        )
        let (at, travelled) = try replay(ReplayOptions(at: .sequence(2_000)), store: store)
        let (_, plain) = try replay(ReplayOptions(to: .sequence(2_000), snapshots: .disabled))
        #expect(at.snapshotSequence == nil)
        #expect(at.eventsFolded == 2_001)
        #expect(!at.notices.isEmpty)
        #expect(at.notices.allSatisfy { $0.contains("tally@1#") && $0.contains("running code") })
        #expect(try fingerprint(travelled) == fingerprint(plain))
    }

    @Test func fromRelearnsFromInitialStateAtThatPoint() throws {
        let (summary, relearned) = try replay(ReplayOptions(from: .sequence(1_000), snapshots: .disabled))
        let manual = TestPipelines.tally()
        for event in Self.events.dropFirst(1_000) { manual.apply(event) }
        #expect(summary.startSequence == 1_000)
        #expect(summary.eventsFolded == 2_000)
        #expect(try fingerprint(relearned) == fingerprint(manual))
        let time = Self.events[1_000].eventTime
        let (byTime, _) = try replay(ReplayOptions(from: .eventTime(time), to: .sequence(1_999), snapshots: .disabled))
        #expect(byTime.startSequence == 1_000)
        #expect(byTime.eventsFolded == 1_000)
    }

    @Test func conflictingOptionsAreUsageErrors() {
        #expect(throws: ReplayError.self) { try replay(ReplayOptions(from: .sequence(1), at: .sequence(5))) }
        #expect(throws: ReplayError.self) { try replay(ReplayOptions(at: .sequence(1), to: .sequence(5))) }
        #expect(throws: ReplayError.self) { try replay(ReplayOptions(from: .sequence(9), to: .sequence(5))) }
    }
}
