import HindsightTestSupport
import Testing

@testable import EventLog

#if canImport(Glibc)
import Glibc
#endif

struct WriterRecoveryTests {
    @Test("reopen and append keeps seq dense, and checkpoints come back from the last frame")
    func reopenAppend() throws {
        try withTemporaryDirectory { dir in
            let drafts = EventLogFixtures.randomDrafts(count: 50, seed: 1)
            var expected: [Event] = []
            for round in 0..<5 {
                let writer = try EventLogWriter(directory: dir.path, configuration: LogTest.fast)
                #expect(writer.nextSequence == UInt64(round * 10))
                if round > 0 {
                    #expect(writer.checkpoints.map(\.source) == [.positions, .signals])
                    #expect(writer.checkpoints.last?.offset == UInt64(round * 10))
                }
                let batch = Array(drafts[(round * 10)..<(round * 10 + 10)])
                let range = try writer.append(
                    batch,
                    checkpoints: [
                        EventLogFixtures.checkpoint(.signals, offset: UInt64(round * 10 + 10)),
                        EventLogFixtures.checkpoint(.positions, offset: 1),
                    ]
                )
                #expect(range == UInt64(round * 10)..<UInt64(round * 10 + 10))
                expected += zip(range, batch).map { $1.withSequence($0) }
                try writer.close()
            }
            #expect(try LogTest.readAll(dir.path) == expected)
        }
    }

    @Test("an empty frame only advances checkpoints")
    func emptyFrame() throws {
        try withTemporaryDirectory { dir in
            let writer = try EventLogWriter(directory: dir.path, configuration: LogTest.fast)
            let range = try writer.append([], checkpoints: [EventLogFixtures.checkpoint(.signals, offset: 99)])
            #expect(range.isEmpty)
            try writer.close()
            let reopened = try EventLogWriter(directory: dir.path, configuration: LogTest.fast)
            #expect(reopened.nextSequence == 0)
            #expect(reopened.checkpoints == [EventLogFixtures.checkpoint(.signals, offset: 99)])
            #expect(try LogTest.readAll(dir.path).isEmpty)
        }
    }

    @Test("a second writer on the same directory is refused")
    func singleWriter() throws {
        try withTemporaryDirectory { dir in
            let writer = try EventLogWriter(directory: dir.path)
            let error = #expect(throws: EventLogError.self) { try EventLogWriter(directory: dir.path) }
            #expect(error?.code == .locked)
            try writer.close()
            try EventLogWriter(directory: dir.path).close()
        }
    }

    @Test("a log torn at every byte offset of its last frame reopens to the previous frame with a correct report")
    func tornAtEveryOffset() throws {
        try withTemporaryDirectory { dir in
            let source = dir.appending("source")
            // Short originals keep the last frame small: the test reopens the log once per byte of it.
            let drafts = EventLogFixtures.randomDrafts(count: 12, seed: 7).map { draft in
                var draft = draft
                draft.original = draft.original.prefix(40)
                return draft
            }
            let writer = try EventLogWriter(directory: source, configuration: LogTest.fast)
            try writer.append(Array(drafts[0..<8]), checkpoints: [EventLogFixtures.checkpoint(.signals, offset: 800)])
            let segment = try LogTest.segmentPaths(source)[0]
            let before = LogTest.fileBytes(segment).count
            try writer.append(Array(drafts[8...]), checkpoints: [EventLogFixtures.checkpoint(.signals, offset: 1200)])
            try writer.close()
            let full = LogTest.fileBytes(segment)
            let expected = Array(try LogTest.readAll(source).prefix(8))

            for cut in before..<full.count {
                let torn = dir.appending("torn-\(cut)")
                mkdir(torn, 0o755)
                LogTest.writeFile(torn + "/" + SegmentFiles.name(0, suffix: ".seg"), Array(full[0..<cut]))
                let reopened = try EventLogWriter(directory: torn, configuration: LogTest.fast)
                #expect(reopened.nextSequence == 8)
                #expect(reopened.checkpoints == [EventLogFixtures.checkpoint(.signals, offset: 800)])
                if cut == before {
                    #expect(reopened.recoveryReport == nil)
                } else {
                    let report = try #require(reopened.recoveryReport)
                    #expect(report.truncatedAtOffset == UInt64(before))
                    #expect(report.bytesCut == UInt64(cut - before))
                    #expect(report.resumeSequence == 8)
                    #expect(report.resumeCheckpoints == [EventLogFixtures.checkpoint(.signals, offset: 800)])
                    // Once the 72-byte header survived, the report names the lost events exactly.
                    if cut - before >= FrameHeader.size { #expect(report.cutSequences == 8..<12) }
                }
                try reopened.close()
                #expect(LogTest.fileBytes(torn + "/" + SegmentFiles.name(0, suffix: ".seg")).count == before)
                #expect(try LogTest.readAll(torn) == expected)
                if cut > before { #expect(try RecoveryLog.lines(directory: torn).count == 1) }
            }
        }
    }

    @Test("a flipped bit anywhere in a frame is detected")
    func flippedBitDetected() throws {
        try withTemporaryDirectory { dir in
            let drafts = EventLogFixtures.randomDrafts(count: 4, seed: 3).map { draft in
                var draft = draft
                draft.original = draft.original.prefix(60)
                return draft
            }
            try LogTest.write(drafts, to: dir.path, batchSize: 4)
            let segment = try LogTest.segmentPaths(dir.path)[0]
            let original = LogTest.fileBytes(segment)
            for byte in 0..<original.count {
                for bit in [0, 3, 7] where byte % 3 == 0 || bit == 0 {
                    var bytes = original
                    bytes[byte] ^= UInt8(1 << bit)
                    LogTest.writeFile(segment, bytes)
                    var scanner = try SegmentScanner(file: try PosixFile.open(segment, flags: O_RDONLY))
                    let step = try scanner.next(checkPayload: true)
                    guard case .invalid = step else {
                        Issue.record("flip of bit \(bit) at byte \(byte) went undetected")
                        return
                    }
                    #expect(throws: EventLogError.self) { try LogTest.readAll(dir.path) }
                }
            }
            LogTest.writeFile(segment, original)
            #expect(try LogTest.readAll(dir.path).count == 4)
        }
    }

    @Test("corruption in a sealed segment is reported with segment and offset, never repaired")
    func sealedCorruptionReported() throws {
        try withTemporaryDirectory { dir in
            var config = LogTest.fast
            config.segmentMaxBytes = 4096
            try LogTest.write(
                EventLogFixtures.randomDrafts(count: 60, seed: 5),
                to: dir.path,
                batchSize: 5,
                configuration: config
            )
            let segments = try LogTest.segmentPaths(dir.path)
            #expect(segments.count >= 3)
            var bytes = LogTest.fileBytes(segments[0])
            bytes[bytes.count - 10] ^= 0xFF
            LogTest.writeFile(segments[0], bytes)
            do {
                _ = try LogTest.readAll(dir.path)
                Issue.record("corruption went unnoticed")
            } catch let error as EventLogError {
                #expect(error.code == .corruptFrame)
                #expect(error.path == segments[0])
                #expect(error.offset != nil)
                #expect(error.description.contains(segments[0]))
            }
            // The writer does not touch sealed segments: it opens fine and the damage stays visible.
            try EventLogWriter(directory: dir.path, configuration: config).close()
            #expect(LogTest.fileBytes(segments[0]) == bytes)
        }
    }
}
