import Foundation
import HindsightTestSupport
import Testing

@testable import EventLog

#if canImport(Glibc)
import Glibc
#endif

struct ConcurrencyAndErrorTests {
    @Test("a reader concurrent with the writer only ever sees whole frames, then sees new ones")
    func concurrentReader() async throws {
        try await withTemporaryDirectory { dir in
            var config = LogTest.fast
            config.segmentMaxBytes = 64 * 1024
            let drafts = EventLogFixtures.randomDrafts(count: 2000, seed: 21)
            var sizes: [Int] = []
            var rng = SeededGenerator(seed: 22)
            var total = 0
            while total < drafts.count {
                let size = min(drafts.count - total, Int.random(in: 1...40, using: &rng))
                sizes.append(size)
                total += size
            }
            let boundaries = Set(sizes.reduce(into: [0]) { $0.append($0.last! + $1) })
            let writer = try EventLogWriter(directory: dir.path, configuration: config)
            let writerFinished = FinishedFlag()
            let writing = Task.detached { [sizes] in
                var start = 0
                for size in sizes {
                    try writer.append(Array(drafts[start..<(start + size)]), checkpoints: [])
                    start += size
                }
                try writer.close()
                writerFinished.value = true
            }
            var cursor = try EventLogReader(directory: dir.path).cursor(from: 0)
            var read: [Event] = []
            var endsAfterWriterFinished = 0
            while read.count < drafts.count {
                if let event = try cursor.next() {
                    read.append(event)
                } else {
                    #expect(boundaries.contains(read.count), "stopped inside a frame at \(read.count)")
                    // Once the writer is done, every frame is whole: the cursor must see them all. A cursor that
                    // kept a stale file size after catching a frame mid-write used to spin here forever.
                    if writerFinished.value { endsAfterWriterFinished += 1 }
                    guard endsAfterWriterFinished < 3 else {
                        Issue.record(
                            "the cursor reports the end at \(read.count) of \(drafts.count) after the writer closed"
                        )
                        break
                    }
                    await Task.yield()
                }
            }
            try await writing.value
            #expect(read == zip(0..., drafts).map { $1.withSequence(UInt64($0)) })
            #expect(try cursor.next() == nil)
        }
    }

    @Test("wrong magic gives a clear error naming segment and offset")
    func wrongMagic() throws {
        try withTemporaryDirectory { dir in
            try LogTest.write(EventLogFixtures.randomDrafts(count: 5, seed: 1), to: dir.path, batchSize: 5)
            let segment = try LogTest.segmentPaths(dir.path)[0]
            var bytes = LogTest.fileBytes(segment)
            bytes[0] = UInt8(ascii: "X")
            LogTest.writeFile(segment, bytes)
            let error = #expect(throws: EventLogError.self) { try LogTest.readAll(dir.path) }
            #expect(error?.code == .badMagic)
            #expect(error?.description == "\(segment) at offset 0: frame does not start with magic 'HSEF'")
        }
    }

    @Test("a frame of an unknown (newer) format version is refused by reader and writer, never cut")
    func unknownVersion() throws {
        try withTemporaryDirectory { dir in
            try LogTest.write(EventLogFixtures.randomDrafts(count: 5, seed: 1), to: dir.path, batchSize: 5)
            let segment = try LogTest.segmentPaths(dir.path)[0]
            var bytes = LogTest.fileBytes(segment)
            bytes[4] = 9
            let crc = bytes.withUnsafeBytes { FrameHeader.headerCRC(UnsafeRawBufferPointer(rebasing: $0[0..<72])) }
            withUnsafeBytes(of: crc.littleEndian) { for i in 0..<4 { bytes[8 + i] = $0[i] } }
            LogTest.writeFile(segment, bytes)
            let error = #expect(throws: EventLogError.self) { try LogTest.readAll(dir.path) }
            #expect(error?.code == .unsupportedVersion)
            #expect(error?.description.contains("version 9") == true)
            let writerError = #expect(throws: EventLogError.self) { try EventLogWriter(directory: dir.path) }
            #expect(writerError?.code == .unsupportedVersion)
            #expect(LogTest.fileBytes(segment) == bytes)
        }
    }

    @Test("a missing or unreadable directory gives a clear error")
    func unreadableDirectory() {
        withTemporaryDirectory { dir in
            let missing = dir.appending("nope")
            let error = #expect(throws: EventLogError.self) { try EventLogReader(directory: missing) }
            #expect(error?.code == .notFound)
            #expect(error?.description == "\(missing): no event log here (directory does not exist)")
            let file = dir.appending("file")
            LogTest.writeFile(file, [1])
            #expect(throws: EventLogError.self) { try EventLogReader(directory: file) }
            guard getuid() != 0 else { return }  // root reads any directory
            let locked = dir.appending("locked")
            mkdir(locked, 0o000)
            let denied = #expect(throws: EventLogError.self) { try EventLogReader(directory: locked) }
            #expect(denied?.code == .io)
            #expect(denied?.description.contains("Permission denied") == true)
        }
    }

    @Test("payload corruption followed by valid frames in the active segment is refused, not cut")
    func midSegmentCorruptionRefused() throws {
        try withTemporaryDirectory { dir in
            let writer = try EventLogWriter(directory: dir.path, configuration: LogTest.fast)
            try writer.append(EventLogFixtures.randomDrafts(count: 3, seed: 1), checkpoints: [])
            try writer.append(EventLogFixtures.randomDrafts(count: 3, seed: 2), checkpoints: [])
            try writer.close()
            let segment = try LogTest.segmentPaths(dir.path)[0]
            var bytes = LogTest.fileBytes(segment)
            bytes[FrameHeader.size + 5] ^= 0x10
            LogTest.writeFile(segment, bytes)
            let error = #expect(throws: EventLogError.self) { try EventLogWriter(directory: dir.path) }
            #expect(error?.code == .corruptFrame)
            #expect(error?.offset == 0)
            #expect(LogTest.fileBytes(segment) == bytes)
        }
    }

    @Test("AtomicFile replaces content whole")
    func atomicFile() throws {
        try withTemporaryDirectory { dir in
            let path = dir.appending("state.json")
            try AtomicFile.write(Array("one".utf8), to: path)
            try AtomicFile.write(Array("two".utf8), to: path)
            #expect(LogTest.fileBytes(path) == Array("two".utf8))
            #expect(try PosixDirectory.entries(dir.path) == ["state.json"])
            let error = #expect(throws: EventLogError.self) {
                try AtomicFile.write([1], to: dir.appending("no/such/file"))
            }
            #expect(error?.path != nil)
        }
    }
}

/// Set by the writer task when it has closed the log (read by the reader loop of `concurrentReader`).
private final class FinishedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    var value: Bool {
        get { lock.withLock { flag } }
        set { lock.withLock { flag = newValue } }
    }
}
