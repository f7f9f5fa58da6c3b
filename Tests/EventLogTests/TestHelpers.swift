import HindsightTestSupport

@testable import EventLog

#if canImport(Glibc)
import Glibc
#endif

/// Small helpers shared by the EventLog tests.
enum LogTest {
    static let fast = EventLogConfiguration(durability: .never)

    /// Reads every event from `seq` to the current end.
    static func readAll(_ directory: String, from seq: UInt64 = 0) throws -> [Event] {
        var cursor = try EventLogReader(directory: directory).cursor(from: seq)
        var events: [Event] = []
        while let event = try cursor.next() { events.append(event) }
        return events
    }

    /// Writes `drafts` in batches of `batchSize` and returns the events the log should then contain.
    @discardableResult
    static func write(
        _ drafts: [EventDraft],
        to directory: String,
        batchSize: Int,
        configuration: EventLogConfiguration = fast
    ) throws -> [Event] {
        let writer = try EventLogWriter(directory: directory, configuration: configuration)
        var events: [Event] = []
        var start = 0
        while start < drafts.count {
            let batch = Array(drafts[start..<min(drafts.count, start + batchSize)])
            let range = try writer.append(
                batch,
                checkpoints: [EventLogFixtures.checkpoint(.signals, offset: UInt64(start))]
            )
            for (seq, draft) in zip(range, batch) { events.append(draft.withSequence(seq)) }
            start += batchSize
        }
        try writer.close()
        return events
    }

    static func fileBytes(_ path: String) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 65536) }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return bytes
    }

    static func writeFile(_ path: String, _ bytes: [UInt8]) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    static func segmentPaths(_ directory: String) throws -> [String] {
        try SegmentFiles.segments(in: directory).map { SegmentFiles.segmentPath(directory, $0) }
    }
}
