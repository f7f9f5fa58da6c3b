import HindsightTestSupport
import Testing

@testable import EventLog

struct SeekTests {
    /// A log over several small segments, with random batch sizes (some empty) and non-monotone event
    /// times; returns the events and the frame ranges.
    static func makeLog(_ directory: String, seed: UInt64) throws -> (events: [Event], frames: [Range<UInt64>]) {
        var rng = SeededGenerator(seed: seed)
        var config = LogTest.fast
        config.segmentMaxBytes = 6000
        config.indexIntervalBytes = 1500
        let drafts = EventLogFixtures.randomDrafts(count: 300, seed: seed)
        let writer = try EventLogWriter(directory: directory, configuration: config)
        var events: [Event] = []
        var frames: [Range<UInt64>] = []
        var start = 0
        while start < drafts.count {
            let size = min(drafts.count - start, Int.random(in: 0...9, using: &rng))
            let batch = Array(drafts[start..<(start + size)])
            let range = try writer.append(batch, checkpoints: [])
            frames.append(range)
            events += zip(range, batch).map { $1.withSequence($0) }
            start += size
        }
        try writer.close()
        return (events, frames)
    }

    @Test("seek by seq across segment boundaries matches a linear scan")
    func seekBySeq() throws {
        try withTemporaryDirectory { dir in
            let (events, _) = try Self.makeLog(dir.path, seed: 11)
            #expect(try SegmentFiles.segments(in: dir.path).count >= 5)
            #expect(try LogTest.readAll(dir.path) == events)
            for seq in stride(from: 0, through: events.count + 2, by: 7).map(UInt64.init) + [UInt64(events.count - 1)] {
                var cursor = try EventLogReader(directory: dir.path).cursor(from: seq)
                var got: [Event] = []
                while got.count < 5, let event = try cursor.next() { got.append(event) }
                let expected = Array(events.dropFirst(Int(seq)).prefix(5))
                #expect(got == expected, "seek to \(seq)")
            }
            #expect(try EventLogReader(directory: dir.path).endSequence() == UInt64(events.count))
        }
    }

    @Test("seek by event time across segment boundaries matches a linear scan")
    func seekByTime() throws {
        try withTemporaryDirectory { dir in
            let (events, frames) = try Self.makeLog(dir.path, seed: 12)
            let reader = try EventLogReader(directory: dir.path)
            let times = events.map(\.eventTime)
            let probes =
                [Int64.min, times.min()! - 1, times.max()! + 1]
                + stride(from: 0, to: times.count, by: 5).map { times[$0] }
                + stride(from: 0, to: times.count, by: 9).map { times[$0] + 1 }
            for time in probes {
                // Oracle: the first frame whose running max event time reaches `time`.
                var runningMax = Int64.min
                var oracle = UInt64(events.count)
                for frame in frames {
                    for seq in frame { runningMax = max(runningMax, times[Int(seq)]) }
                    if runningMax >= time {
                        oracle = frame.lowerBound
                        break
                    }
                }
                let found = try reader.firstSequence(atOrAfterEventTime: time)
                #expect(found == oracle, "time \(time)")
                #expect(events.prefix(Int(found)).allSatisfy { $0.eventTime < time })
                // --since semantics: seek, then filter.
                var cursor = try reader.cursor(fromEventTime: time)
                var filtered: [Event] = []
                while let event = try cursor.next() {
                    if event.eventTime >= time { filtered.append(event) }
                }
                #expect(filtered == events.filter { $0.eventTime >= time })
            }
        }
    }

    @Test("a missing, truncated or stale index is rebuilt and seeks stay correct")
    func indexRebuilt() throws {
        try withTemporaryDirectory { dir in
            let (events, _) = try Self.makeLog(dir.path, seed: 13)
            let segments = try SegmentFiles.segments(in: dir.path)
            let second = SegmentFiles.indexPath(dir.path, segments[1])
            let third = SegmentFiles.indexPath(dir.path, segments[2])
            LogTest.writeFile(second, Array(LogTest.fileBytes(second).prefix(20)))
            try PosixDirectory.remove(third)
            let error = #expect(throws: EventLogError.self) {
                try SegmentIndexLoader.load(directory: dir.path, segmentFirstSeq: segments[1], validate: false)
            }
            #expect(error?.code == .corruptIndex)
            #expect(error?.description.contains("truncated") == true)
            #expect(error?.path == second)
            var cursor = try EventLogReader(directory: dir.path).cursor(from: segments[2] + 1)
            #expect(try cursor.next() == events[Int(segments[2]) + 1])
            // A writer open rewrites the broken indexes.
            try EventLogWriter(directory: dir.path, configuration: LogTest.fast).close()
            #expect(
                (try? SegmentIndexLoader.load(directory: dir.path, segmentFirstSeq: segments[1], validate: true)) != nil
            )
            #expect(
                (try? SegmentIndexLoader.load(directory: dir.path, segmentFirstSeq: segments[2], validate: true)) != nil
            )
        }
    }
}
