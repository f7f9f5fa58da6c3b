import Foundation
import Replay
import Testing

@Suite struct SnapshotStoreTests {
    private func sample(next: UInt64, time: Int64?, identities: [String] = ["a@1#01", "b@2#02"]) -> Snapshot {
        Snapshot(
            nextSequence: next,
            lastEventTime: time,
            entries: identities.map { Snapshot.Entry(identity: $0, state: Array("state of \($0) at \(next)".utf8)) }
        )
    }

    @Test func codecRoundTrips() throws {
        for snapshot in [
            sample(next: 0, time: nil), sample(next: 12_345, time: -5), sample(next: 1, time: 9, identities: []),
        ] {
            #expect(try SnapshotCodec.decode(SnapshotCodec.encode(snapshot), name: "x") == snapshot)
        }
    }

    @Test func everySingleByteFlipIsDetected() throws {
        let bytes = SnapshotCodec.encode(sample(next: 77, time: 1_000_000))
        for index in bytes.indices {
            var damaged = bytes
            damaged[index] ^= 0x40
            #expect(throws: ReplayError.self) { try SnapshotCodec.decode(damaged, name: "x") }
        }
        for length in [0, 7, 20, bytes.count - 1] {
            #expect(throws: ReplayError.self) { try SnapshotCodec.decode(Array(bytes.prefix(length)), name: "x") }
        }
    }

    @Test func bestSnapshotIsTheNewestAtOrBeforeTheLimit() throws {
        let dir = TemporaryDirectory()
        let store = SnapshotStore(directory: dir.path)
        for next: UInt64 in [10, 20, 30] { try store.write(sample(next: next, time: Int64(next) * 1_000_000)) }
        let ids = ["a@1#01", "b@2#02"]
        #expect(try store.bestSnapshot(atOrBefore: 25, identities: ids).snapshot?.nextSequence == 20)
        #expect(try store.bestSnapshot(atOrBefore: 30, identities: ids).snapshot?.nextSequence == 30)
        #expect(try store.bestSnapshot(atOrBefore: 9, identities: ids).snapshot == nil)
        // A subset of the folds can use a snapshot that holds more.
        #expect(try store.bestSnapshot(atOrBefore: 100, identities: ["b@2#02"]).snapshot?.nextSequence == 30)
    }

    @Test func staleIdentityIsRefusedWithANotice() throws {
        let dir = TemporaryDirectory()
        let store = SnapshotStore(directory: dir.path)
        try store.write(sample(next: 10, time: 1))
        try store.write(sample(next: 20, time: 2, identities: ["a@1#01", "b@2#ff"]))
        let lookup = try store.bestSnapshot(atOrBefore: 100, identities: ["a@1#01", "b@2#02"])
        #expect(lookup.snapshot?.nextSequence == 10)
        #expect(lookup.notices.count == 1)
        #expect(lookup.notices.first?.contains("b@2#ff") == true)
        #expect(lookup.notices.first?.contains("b@2#02") == true)
        let none = try store.bestSnapshot(atOrBefore: 100, identities: ["a@1#01", "b@3#02"])
        #expect(none.snapshot == nil)
        #expect(none.notices.count == 2)
    }

    @Test func damagedSnapshotIsSkippedWithANotice() throws {
        let dir = TemporaryDirectory()
        let store = SnapshotStore(directory: dir.path)
        try store.write(sample(next: 10, time: 1))
        let newest = try store.write(sample(next: 20, time: 2))
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: newest)))
        bytes[bytes.count / 2] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: newest))
        let lookup = try store.bestSnapshot(atOrBefore: 100, identities: ["a@1#01"])
        #expect(lookup.snapshot?.nextSequence == 10)
        #expect(lookup.notices.first?.contains("checksum") == true)
    }

    @Test func retentionKeepsNewestAndOnePerDay() throws {
        let dir = TemporaryDirectory()
        let store = SnapshotStore(directory: dir.path)
        let day: Int64 = 86_400_000_000
        // Four snapshots a day for ten days.
        for i in 0..<40 { try store.write(sample(next: UInt64(i + 1) * 100, time: Int64(i) * day / 4 + 1_000_000)) }
        try store.prune(SnapshotConfiguration(keepLast: 2, keepDailyDays: 3))
        let kept = try store.list().map(\.nextSequence)
        // Newest two (3900, 4000) plus the newest of each of the last three days (days 9, 8, 7).
        #expect(kept == [3200, 3600, 3900, 4000])
    }

    @Test func cadenceRules() {
        let config = SnapshotConfiguration(everyEvents: 100, everyEventTime: 1_000)
        #expect(!config.isDue(eventsSinceLast: 99, eventTimeSinceLast: 999))
        #expect(config.isDue(eventsSinceLast: 100, eventTimeSinceLast: 0))
        #expect(config.isDue(eventsSinceLast: 1, eventTimeSinceLast: 1_000))
        #expect(!config.isDue(eventsSinceLast: 0, eventTimeSinceLast: 5_000))
        #expect(!SnapshotConfiguration.disabled.isDue(eventsSinceLast: 1 << 40, eventTimeSinceLast: 1 << 50))
    }
}
