#if canImport(Glibc)
import Glibc
#endif

/// Reads a log directory, possibly while a writer appends to it. Seeks are O(log n): a binary search over
/// segment names (or their first frame headers), then over the segment's sparse index, then a short walk
/// of frame headers; nothing is scanned from the start.
public struct EventLogReader: Sendable {
    public let directory: String

    public init(directory: String) throws(EventLogError) {
        try SegmentFiles.checkReadable(directory)
        self.directory = directory
    }

    /// A cursor whose first event is `seq` (or, when `seq` is past the end, the first event appended there).
    public func cursor(from seq: UInt64) throws(EventLogError) -> EventCursor {
        try EventCursor(directory: directory, from: seq)
    }

    /// A cursor positioned at `firstSequence(atOrAfterEventTime:)`. Event time is not monotone across the
    /// log, so callers wanting only events at or after `time` must still filter (`log cat --since` does).
    public func cursor(fromEventTime time: Int64) throws(EventLogError) -> EventCursor {
        try cursor(from: firstSequence(atOrAfterEventTime: time))
    }

    /// The first sequence number of the first frame whose running max event time is ≥ `time`: every event
    /// before it happened before `time`, so a replay from `time` may start there and filter. Returns the
    /// end of the log when no frame qualifies.
    ///
    /// - Complexity: O(log segments + log index entries) reads, plus a walk of at most one index interval.
    public func firstSequence(atOrAfterEventTime time: Int64) throws(EventLogError) -> UInt64 {
        let segments = try SegmentFiles.segments(in: directory)
        guard !segments.isEmpty else { return 0 }
        // Binary search for the first segment whose first frame already reaches `time`.
        var low = 0
        var high = segments.count
        while low < high {
            let mid = (low + high) / 2
            if try firstFrameReaches(time, segment: segments[mid]) { high = mid } else { low = mid + 1 }
        }
        if low == 0 { return segments[0] }
        let segmentSeq = segments[low - 1]
        let file = try PosixFile.open(SegmentFiles.segmentPath(directory, segmentSeq), flags: O_RDONLY)
        let index = try SegmentIndexLoader.loadOrRebuild(directory: directory, file: file, segmentFirstSeq: segmentSeq)
        let start = index.lastEntry(runningMaxBelow: time)
        var scanner = try SegmentScanner(file: file, offset: start?.offset ?? 0)
        var end = start?.seq ?? segmentSeq
        while true {
            switch try scanner.next(checkPayload: false) {
            case .frame(let header, _):
                if header.runningMaxEventTime >= time { return header.firstSeq }
                end = header.endSeq
            case .end, .invalid(_, _, _, _, true):
                return low == segments.count ? end : segments[low]
            case .invalid(let offset, let problem, let code, _, _):
                throw EventLogError(code, problem, path: file.path, offset: offset)
            }
        }
    }

    /// The sequence number after the last whole valid frame (what a writer would assign next).
    public func endSequence() throws(EventLogError) -> UInt64 {
        let segments = try SegmentFiles.segments(in: directory)
        guard let last = segments.last else { return 0 }
        let file = try PosixFile.open(SegmentFiles.segmentPath(directory, last), flags: O_RDONLY)
        let index = try SegmentIndexLoader.loadOrRebuild(directory: directory, file: file, segmentFirstSeq: last)
        var scanner = try SegmentScanner(file: file, offset: index.entries.last?.offset ?? 0)
        var end = index.entries.last?.seq ?? last
        while case .frame(let header, _) = try scanner.next(checkPayload: false) { end = header.endSeq }
        return end
    }

    private func firstFrameReaches(_ time: Int64, segment: UInt64) throws(EventLogError) -> Bool {
        let file = try PosixFile.open(SegmentFiles.segmentPath(directory, segment), flags: O_RDONLY)
        var scanner = try SegmentScanner(file: file)
        switch try scanner.next(checkPayload: false) {
        case .frame(let header, _): return header.runningMaxEventTime >= time
        // An empty (newest) segment has no frames yet: everything before it is in earlier segments.
        case .end, .invalid(_, _, _, _, true): return true
        case .invalid(let offset, let problem, let code, _, _):
            throw EventLogError(code, problem, path: file.path, offset: offset)
        }
    }
}
