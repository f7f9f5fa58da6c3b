import HindsightTestSupport
import PropertyBased
import Testing

@testable import EventLog

#if canImport(Glibc)
import Glibc
#endif

/// Frame format version 2 (lean envelope: per-frame source and file tables, delta-coded times and offsets) and
/// reading logs that version 1 builds wrote.
struct FormatVersionTests {
    /// Drafts whose envelopes stress the delta coding: several files and sources interleaved, ranges that go
    /// backwards, lengths different from the original's, times that jump both ways, extreme values.
    static func mixedDrafts(count: Int, seed: UInt64) -> [EventDraft] {
        var rng = SeededGenerator(seed: seed)
        let files = (0..<3).map { i in
            FileIdentity(device: UInt64(i), inode: rng.next(), headFingerprint: rng.next(), headLength: UInt32(i * 100))
        }
        let sources: [SourceID] = [.signals, .signalOutcomes, "x-custom-ü", ""]
        var drafts = EventLogFixtures.randomDrafts(count: count, seed: seed)
        var offsets: [UInt64] = [0, 0, 0]
        for i in drafts.indices {
            drafts[i].source = sources.randomElement(using: &rng)!
            drafts[i].ingestTime =
                Int.random(in: 0..<8, using: &rng) == 0 ? Int64.min : Int64.random(in: 0...Int64.max, using: &rng)
            if Int.random(in: 0..<10, using: &rng) == 0 {
                drafts[i].eventTime = [Int64.min, Int64.max, 0].randomElement(using: &rng)!
            }
            guard case .fileRange = drafts[i].position else { continue }
            let f = Int.random(in: 0..<files.count, using: &rng)
            let start: UInt64
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: start = rng.next()  // anywhere, also before the previous range
            case 1: start = offsets[f]  // adjacent, no terminator
            default: start = offsets[f] + UInt64.random(in: 1...3, using: &rng)
            }
            let length = Int.random(in: 0..<5, using: &rng) == 0 ? rng.next() : UInt64(drafts[i].original.count)
            drafts[i].position = .fileRange(file: files[f], start: start, end: start &+ length)
            offsets[f] = start &+ length
        }
        return drafts
    }

    @Test("version 2 frames round-trip every envelope, also read from any seq (property)")
    func leanRoundTrip() async {
        await propertyCheck(count: 20, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 1...40)) { seed, batch in
            do {
                try withTemporaryDirectory { dir in
                    let drafts = Self.mixedDrafts(count: 80, seed: seed)
                    let written = try LogTest.write(drafts, to: dir.path, batchSize: batch)
                    #expect(try LogTest.readAll(dir.path) == written)
                    // Seeking into the middle of a frame skips the events before it: their deltas still count.
                    let from = Int(seed % UInt64(written.count))
                    #expect(try LogTest.readAll(dir.path, from: UInt64(from)) == Array(written[from...]))
                }
            } catch {
                Issue.record(error)
            }
        }
    }

    @Test("a log written in version 1 and continued by this build reads back whole and verifies")
    func oldLogContinued() throws {
        try withTemporaryDirectory { dir in
            let drafts = Self.mixedDrafts(count: 120, seed: 42)
            var expected: [Event] = []
            let old = try EventLogWriter(directory: dir.path, configuration: LogTest.fast, formatVersion: 1)
            for start in stride(from: 0, to: 60, by: 7) {
                let batch = Array(drafts[start..<min(60, start + 7)])
                let range = try old.append(batch, checkpoints: [EventLogFixtures.checkpoint(.signals, offset: 1)])
                expected += zip(range, batch).map { $1.withSequence($0) }
            }
            try old.close()
            let new = try EventLogWriter(directory: dir.path, configuration: LogTest.fast)
            #expect(new.checkpoints == [EventLogFixtures.checkpoint(.signals, offset: 1)])
            for start in stride(from: 60, to: 120, by: 9) {
                let batch = Array(drafts[start..<min(120, start + 9)])
                let range = try new.append(batch, checkpoints: [])
                expected += zip(range, batch).map { $1.withSequence($0) }
            }
            try new.close()
            #expect(try LogTest.readAll(dir.path) == expected)
            #expect(try LogTest.readAll(dir.path, from: 55) == Array(expected[55...]))
            #expect(try EventLogVerifier.verify(directory: dir.path).isValid)
            // Both versions really are in the file.
            let file = try PosixFile.open(try LogTest.segmentPaths(dir.path)[0], flags: O_RDONLY)
            var scanner = try SegmentScanner(file: file)
            var versions: [UInt16] = []
            while case .frame(let header, _) = try scanner.next(checkPayload: true) { versions.append(header.version) }
            #expect(versions.first == 1)
            #expect(versions.last == FrameHeader.version)
            #expect(Set(versions) == [1, 2])
        }
    }

    @Test("the lean envelope makes a typical ingest frame's body smaller than version 1")
    func leanIsSmaller() throws {
        // One source, one file, consecutive lines: what ingest writes.
        var drafts: [EventDraft] = []
        var offset: UInt64 = 0
        for i in 0..<200 {
            let original = Array("{\"ts\": \(1_765_823_602 + i), \"symbol\": \"BTCUSDT\"}".utf8)
            var draft = EventLogFixtures.draft(
                EventLogFixtures.samplePayloads[0],
                eventTime: EventLogFixtures.baseTime + Int64(i) * 1_000_000,
                offset: offset,
                original: original
            )
            draft.ingestTime = 1_800_000_000_000_000 + Int64(i)
            drafts.append(draft)
            offset += UInt64(original.count) + 1
        }
        var v1 = try FrameEncoder(compressionLevel: 1, formatVersion: 1)
        var v2 = try FrameEncoder(compressionLevel: 1, formatVersion: 2)
        let old = try v1.encode(drafts, checkpoints: [], firstSeq: 0, runningMaxBefore: .min)
        let lean = try v2.encode(drafts, checkpoints: [], firstSeq: 0, runningMaxBefore: .min)
        // Version 1 spends ~70 bytes of envelope per event on what is constant or predictable.
        #expect(Int(old.bodyLength) - Int(lean.bodyLength) > 50 * drafts.count)
    }
}
