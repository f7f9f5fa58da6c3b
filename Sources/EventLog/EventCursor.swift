#if canImport(Glibc)
import Glibc
#endif

/// Iterates events in sequence order, decoding lazily (one frame decompressed at a time, one event decoded
/// per `next()`). At the current end of the log `next()` returns nil; a later call sees frames appended
/// since, so the same cursor serves replay and tail-and-process. It only ever yields whole frames whose
/// CRCs check: a frame still being written (the file ends inside it) counts as not there yet.
public struct EventCursor {
    public let directory: String
    /// The sequence number of the next event `next()` returns.
    public private(set) var nextSequence: UInt64
    private var scanner: SegmentScanner?
    private var segmentFirstSeq: UInt64
    /// The first seq the next frame must carry (density check), i.e. the end of the last loaded frame.
    private var expectedSeq: UInt64
    private var frame: FrameReader

    init(directory: String, from seq: UInt64) throws(EventLogError) {
        self.directory = directory
        nextSequence = seq
        frame = try FrameReader()
        let segments = try SegmentFiles.segments(in: directory)
        // The last segment starting at or before `seq`.
        var low = 0
        var high = segments.count
        while low < high {
            let mid = (low + high) / 2
            if segments[mid] <= seq { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else {
            segmentFirstSeq = 0
            expectedSeq = 0
            return
        }
        let first = segments[low - 1]
        let file = try PosixFile.open(SegmentFiles.segmentPath(directory, first), flags: O_RDONLY)
        let index = try SegmentIndexLoader.loadOrRebuild(directory: directory, file: file, segmentFirstSeq: first)
        let entry = index.lastEntry(atOrBefore: seq)
        var scanner = try SegmentScanner(file: file, offset: entry?.offset ?? 0)
        var expected = entry?.seq ?? first
        // Walk headers (no decompression) to the frame holding `seq`.
        while case .frame(let header, let at) = try scanner.next(checkPayload: false) {
            if header.endSeq > seq {
                scanner.seek(to: at)
                break
            }
            expected = header.endSeq
        }
        self.scanner = scanner
        segmentFirstSeq = first
        expectedSeq = expected
    }

    /// The next event, or nil at the current end of the log.
    public mutating func next() throws(EventLogError) -> Event? {
        while true {
            if frame.remaining > 0 {
                if frame.nextSeq < nextSequence {
                    try frame.skipEvent()
                    continue
                }
                let event = try frame.nextEvent()
                nextSequence += 1
                return event
            }
            guard try loadNextFrame() else { return nil }
        }
    }

    /// Loads the next whole frame; false at the current end.
    private mutating func loadNextFrame() throws(EventLogError) -> Bool {
        while true {
            if scanner == nil {
                guard let file = try PosixFile.openIfExists(SegmentFiles.segmentPath(directory, expectedSeq)) else {
                    return false
                }
                scanner = try SegmentScanner(file: file)
                segmentFirstSeq = expectedSeq
            }
            let step = try scanner!.next(checkPayload: false)
            switch step {
            case .frame(let header, let at):
                guard header.firstSeq == expectedSeq else {
                    throw EventLogError(
                        .sequenceGap,
                        "frame starts at seq \(header.firstSeq), expected \(expectedSeq)",
                        path: scanner!.file.path,
                        offset: at
                    )
                }
                try frame.load(file: scanner!.file, header: header, offset: at)
                expectedSeq = header.endSeq
                if header.count > 0 { return true }
            case .end:
                if try switchToNextSegmentIfAny() { continue }
                return false
            case .invalid(let offset, let problem, let code, _, let truncated):
                if truncated {
                    // A frame the writer is still writing, judged against the size seen when scanning started:
                    // re-read the size first, or a reader that caught a frame mid-write would report the end of
                    // the log forever (the scanner does not advance past an invalid frame, so it is read again).
                    let before = scanner!.fileSize
                    try scanner!.refreshSize()
                    if scanner!.fileSize != before { continue }
                    if !nextSegmentExists() { return false }
                }
                throw EventLogError(code, problem, path: scanner!.file.path, offset: offset)
            }
        }
    }

    private func nextSegmentExists() -> Bool {
        expectedSeq != segmentFirstSeq && PosixDirectory.exists(SegmentFiles.segmentPath(directory, expectedSeq))
    }

    /// At the end of the current segment: re-reads its size (the writer may have appended), and moves to
    /// the next segment only when one exists (the writer creates it after finishing this one).
    private mutating func switchToNextSegmentIfAny() throws(EventLogError) -> Bool {
        let before = scanner!.fileSize
        try scanner!.refreshSize()
        if scanner!.fileSize != before { return true }
        guard nextSegmentExists() else { return false }
        try scanner!.refreshSize()
        if scanner!.fileSize != before { return true }
        scanner = nil
        return true
    }
}
