public import HindsightJSON

#if canImport(Glibc)
import Glibc
#endif

/// What `hindsight log stats` shows: counts by kind, source and rejection reason, segments, bytes
/// (original records, decompressed bodies, stored on disk), and the seq and event-time ranges.
public struct EventLogStatistics: Sendable, Equatable {
    public struct Segment: Sendable, Equatable {
        public var firstSeq: UInt64
        public var path: String
        public var bytes: UInt64
        public var frames: Int
        public var events: Int
    }

    public var segments: [Segment] = []
    public var frames = 0
    public var emptyFrames = 0
    public var events = 0
    /// Sorted by name.
    public var eventsByKind: [(name: String, count: Int)] = []
    public var eventsBySource: [(name: String, count: Int)] = []
    public var rejectionsByReason: [(name: String, count: Int)] = []
    /// Sum of the events' original record bytes.
    public var originalBytes: UInt64 = 0
    /// Decompressed frame bodies (the binary encoding, before zstd).
    public var encodedBytes: UInt64 = 0
    /// Bytes of segment files on disk (headers + compressed payloads).
    public var storedBytes: UInt64 = 0
    public var firstSeq: UInt64?
    public var lastSeq: UInt64?
    public var minEventTime: Int64?
    public var maxEventTime: Int64?
    /// The checkpoints of the last frame.
    public var checkpoints: [SourceCheckpoint] = []
    /// Lines of `recovery.jsonl`: every torn tail ever cut.
    public var recoveries: [String] = []

    public static func == (a: Self, b: Self) -> Bool { a.jsonValue == b.jsonValue }

    /// Reads the whole log (every frame decompressed, every event decoded).
    public static func compute(directory: String) throws(EventLogError) -> EventLogStatistics {
        try SegmentFiles.checkReadable(directory)
        var stats = EventLogStatistics()
        var byKind: [String: Int] = [:]
        var bySource: [String: Int] = [:]
        var byReason: [String: Int] = [:]
        var frame = try FrameReader()
        for first in try SegmentFiles.segments(in: directory) {
            let path = SegmentFiles.segmentPath(directory, first)
            let file = try PosixFile.open(path, flags: O_RDONLY)
            var scanner = try SegmentScanner(file: file)
            var segment = Segment(firstSeq: first, path: path, bytes: scanner.fileSize, frames: 0, events: 0)
            stats.storedBytes += scanner.fileSize
            scan: while true {
                switch try scanner.next(checkPayload: false) {
                case .end: break scan
                case .invalid(let offset, let problem, let code, _, let truncated):
                    if truncated { break scan }  // a frame being written, or a torn tail the writer will cut
                    throw EventLogError(code, problem, path: path, offset: offset)
                case .frame(let header, let offset):
                    try frame.load(file: file, header: header, offset: offset)
                    segment.frames += 1
                    segment.events += Int(header.count)
                    stats.frames += 1
                    if header.count == 0 { stats.emptyFrames += 1 }
                    stats.encodedBytes += UInt64(header.bodyLength)
                    stats.checkpoints = try frame.checkpoints()
                    while let event = try frame.nextEvent() {
                        stats.events += 1
                        stats.originalBytes += UInt64(event.original.count)
                        byKind[event.kindName, default: 0] += 1
                        bySource[event.source.rawValue, default: 0] += 1
                        if event.kind == .recordRejected, case .recordRejected(let r) = event.payload {
                            byReason[r.reason.description, default: 0] += 1
                        }
                        stats.firstSeq = stats.firstSeq ?? event.seq
                        stats.lastSeq = event.seq
                        stats.minEventTime = min(stats.minEventTime ?? .max, event.eventTime)
                        stats.maxEventTime = max(stats.maxEventTime ?? .min, event.eventTime)
                    }
                }
            }
            stats.segments.append(segment)
        }
        func sorted(_ d: [String: Int]) -> [(name: String, count: Int)] {
            d.map { (name: $0.key, count: $0.value) }.sorted { $0.name < $1.name }
        }
        stats.eventsByKind = sorted(byKind)
        stats.eventsBySource = sorted(bySource)
        stats.rejectionsByReason = sorted(byReason)
        stats.recoveries = try RecoveryLog.lines(directory: directory)
        return stats
    }

    public var jsonValue: JSONValue {
        func counts(_ list: [(name: String, count: Int)]) -> JSONValue {
            .object(list.map { ($0.name, .int(Int64($0.count))) })
        }
        func time(_ t: Int64?) -> JSONValue { t.map { .string(EventTime.iso8601($0)) } ?? .null }
        return .object([
            ("events", .int(Int64(events))),
            ("frames", .int(Int64(frames))),
            ("empty_frames", .int(Int64(emptyFrames))),
            ("first_seq", firstSeq.map { EventJSON.uint($0) } ?? .null),
            ("last_seq", lastSeq.map { EventJSON.uint($0) } ?? .null),
            ("min_event_time", time(minEventTime)),
            ("max_event_time", time(maxEventTime)),
            ("events_by_kind", counts(eventsByKind)),
            ("events_by_source", counts(eventsBySource)),
            ("rejections_by_reason", counts(rejectionsByReason)),
            ("original_bytes", EventJSON.uint(originalBytes)),
            ("encoded_bytes", EventJSON.uint(encodedBytes)),
            ("stored_bytes", EventJSON.uint(storedBytes)),
            (
                "segments",
                .array(
                    segments.map { s in
                        .object([
                            ("first_seq", EventJSON.uint(s.firstSeq)), ("path", .string(s.path)),
                            ("bytes", EventJSON.uint(s.bytes)), ("frames", .int(Int64(s.frames))),
                            ("events", .int(Int64(s.events))),
                        ])
                    }
                )
            ),
            ("checkpoints", .array(checkpoints.map(\.jsonValue))),
            ("recoveries", .int(Int64(recoveries.count))),
        ])
    }
}
