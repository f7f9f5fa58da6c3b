#if canImport(Glibc)
import Glibc
#endif

/// Opening a log for writing: finds the active segment, validates it frame by frame, cuts a torn tail
/// (reporting what was cut), restores sequence number, running max event time and checkpoints from the
/// last valid frame, and makes sure every segment has a usable index.
enum LogOpening {
    struct State {
        var segment: PosixFile
        var segmentFirstSeq: UInt64
        var segmentSize: UInt64
        var indexFile: PosixFile
        var indexSize: UInt64
        var lastIndexedOffset: UInt64?
        var nextSequence: UInt64
        var runningMaxEventTime: Int64
        var checkpoints: [SourceCheckpoint]
        var recoveryReport: RecoveryReport?
    }

    static func open(directory: String, configuration: EventLogConfiguration) throws(EventLogError) -> State {
        let segments = try SegmentFiles.segments(in: directory)
        guard let lastFirstSeq = segments.last else {
            let segment = try PosixFile.open(SegmentFiles.segmentPath(directory, 0), flags: O_RDWR | O_CREAT)
            let index = try createIndex(directory: directory, segmentFirstSeq: 0)
            try PosixFile.syncDirectory(directory)
            return State(
                segment: segment,
                segmentFirstSeq: 0,
                segmentSize: 0,
                indexFile: index,
                indexSize: UInt64(SegmentIndex.headerSize),
                lastIndexedOffset: nil,
                nextSequence: 0,
                runningMaxEventTime: .min,
                checkpoints: [],
                recoveryReport: nil
            )
        }
        guard segments.first == 0 else {
            throw EventLogError(
                .sequenceGap,
                "the first segment starts at seq \(segments[0]), not 0",
                path: SegmentFiles.segmentPath(directory, segments[0])
            )
        }
        for sealed in segments.dropLast() {
            try ensureIndex(
                directory: directory,
                segmentFirstSeq: sealed,
                intervalBytes: configuration.indexIntervalBytes
            )
        }

        let path = SegmentFiles.segmentPath(directory, lastFirstSeq)
        let segment = try PosixFile.open(path, flags: O_RDWR)
        var scanner = try SegmentScanner(file: segment)
        var index = SegmentIndex(segmentFirstSeq: lastFirstSeq)
        var lastIndexed: UInt64?
        var lastValid: (header: FrameHeader, offset: UInt64)?
        var expectedSeq = lastFirstSeq
        var cut: (offset: UInt64, problem: String, header: FrameHeader?)?
        scan: while true {
            switch try scanner.next(checkPayload: true) {
            case .end: break scan
            case .invalid(let offset, let problem, let code, let header, let truncated):
                // A frame from a newer format is not damage: refuse rather than cut it.
                if code == .unsupportedVersion {
                    throw EventLogError(code, problem, path: path, offset: offset)
                }
                // A bad payload followed by a valid frame is corruption inside the segment, not a torn tail.
                if let header, !truncated {
                    var after = try SegmentScanner(file: segment, offset: offset + header.frameLength)
                    if case .frame = try after.next(checkPayload: true) {
                        throw EventLogError(
                            code,
                            "\(problem), and valid frames follow: corruption, not a torn tail (not repaired)",
                            path: path,
                            offset: offset
                        )
                    }
                }
                cut = (offset, problem, header)
                break scan
            case .frame(let header, let offset):
                guard header.firstSeq == expectedSeq else {
                    throw EventLogError(
                        .sequenceGap,
                        "frame starts at seq \(header.firstSeq), expected \(expectedSeq)",
                        path: path,
                        offset: offset
                    )
                }
                expectedSeq = header.endSeq
                lastValid = (header, offset)
                if lastIndexed == nil || offset - lastIndexed! >= UInt64(configuration.indexIntervalBytes) {
                    index.entries.append(
                        .init(seq: header.firstSeq, offset: offset, runningMaxEventTime: header.runningMaxEventTime)
                    )
                    lastIndexed = offset
                }
            }
        }

        // What came before the active segment's frames: the previous segment's last frame.
        var previousTail: (header: FrameHeader, checkpoints: [SourceCheckpoint])?
        if segments.count >= 2 {
            let previous = segments[segments.count - 2]
            previousTail = try lastFrame(
                directory: directory,
                segmentFirstSeq: previous,
                intervalBytes: configuration.indexIntervalBytes
            )
            let previousEnd = previousTail?.header.endSeq ?? previous
            guard previousEnd == lastFirstSeq else {
                throw EventLogError(
                    .sequenceGap,
                    "segment starts at seq \(lastFirstSeq) but the previous segment ends at seq \(previousEnd)",
                    path: path
                )
            }
        }

        var checkpoints: [SourceCheckpoint]
        var runningMax: Int64
        if let lastValid {
            checkpoints = try readCheckpoints(file: segment, header: lastValid.header, offset: lastValid.offset)
            runningMax = lastValid.header.runningMaxEventTime
        } else {
            checkpoints = previousTail?.checkpoints ?? []
            runningMax = previousTail?.header.runningMaxEventTime ?? .min
        }
        let nextSequence = lastValid?.header.endSeq ?? lastFirstSeq

        var report: RecoveryReport?
        var segmentSize = scanner.fileSize
        if let cut {
            let cutSequences = describeCut(
                file: segment,
                at: cut.offset,
                firstHeader: cut.header,
                resumeAt: nextSequence
            )
            report = RecoveryReport(
                segmentPath: path,
                truncatedAtOffset: cut.offset,
                bytesCut: scanner.fileSize - cut.offset,
                problem: cut.problem,
                resumeSequence: nextSequence,
                cutSequences: cutSequences,
                resumeCheckpoints: checkpoints
            )
            try segment.truncate(to: cut.offset)
            if configuration.durability != .never { try segment.syncData() }
            segmentSize = cut.offset
        }

        // The active index is rewritten from the scan: cheap, and it can never be stale afterwards.
        let indexFile = try PosixFile.open(
            SegmentFiles.indexPath(directory, lastFirstSeq),
            flags: O_RDWR | O_CREAT | O_TRUNC
        )
        let indexBytes = index.serialized()
        try indexBytes.withBytes { (raw) throws(EventLogError) in try indexFile.write(raw, at: 0) }

        if let report { try RecoveryLog.append(report, directory: directory, sync: configuration.durability != .never) }
        return State(
            segment: segment,
            segmentFirstSeq: lastFirstSeq,
            segmentSize: segmentSize,
            indexFile: indexFile,
            indexSize: UInt64(indexBytes.count),
            lastIndexedOffset: lastIndexed,
            nextSequence: nextSequence,
            runningMaxEventTime: runningMax,
            checkpoints: checkpoints,
            recoveryReport: report
        )
    }

    static func createIndex(directory: String, segmentFirstSeq: UInt64) throws(EventLogError) -> PosixFile {
        let file = try PosixFile.open(
            SegmentFiles.indexPath(directory, segmentFirstSeq),
            flags: O_RDWR | O_CREAT | O_TRUNC
        )
        try SegmentIndex.headerBytes(segmentFirstSeq: segmentFirstSeq).withBytes {
            (raw) throws(EventLogError) in try file.write(raw, at: 0)
        }
        return file
    }

    /// Loads a sealed segment's index, rebuilding (and rewriting) it when missing, malformed or stale.
    static func ensureIndex(directory: String, segmentFirstSeq: UInt64, intervalBytes: Int) throws(EventLogError) {
        if (try? SegmentIndexLoader.load(directory: directory, segmentFirstSeq: segmentFirstSeq, validate: true)) != nil
        {
            return
        }
        let segment = try PosixFile.open(SegmentFiles.segmentPath(directory, segmentFirstSeq), flags: O_RDONLY)
        let index = try SegmentScanner.rebuildIndex(
            file: segment,
            segmentFirstSeq: segmentFirstSeq,
            intervalBytes: intervalBytes
        )
        try AtomicFile.write(index.serialized(), to: SegmentFiles.indexPath(directory, segmentFirstSeq))
    }

    /// The last valid frame of a sealed segment and its checkpoints (nil for an empty segment).
    static func lastFrame(
        directory: String,
        segmentFirstSeq: UInt64,
        intervalBytes: Int
    ) throws(EventLogError) -> (header: FrameHeader, checkpoints: [SourceCheckpoint])? {
        let path = SegmentFiles.segmentPath(directory, segmentFirstSeq)
        let file = try PosixFile.open(path, flags: O_RDONLY)
        let index = try SegmentIndexLoader.loadOrRebuild(
            directory: directory,
            file: file,
            segmentFirstSeq: segmentFirstSeq,
            intervalBytes: intervalBytes
        )
        var scanner = try SegmentScanner(file: file, offset: index.entries.last?.offset ?? 0)
        var last: (FrameHeader, UInt64)?
        scan: while true {
            switch try scanner.next(checkPayload: false) {
            case .end: break scan
            case .frame(let header, let offset): last = (header, offset)
            case .invalid(let offset, let problem, let code, _, _):
                throw EventLogError(code, "sealed segment is corrupt: \(problem)", path: path, offset: offset)
            }
        }
        guard let (header, offset) = last else { return nil }
        return (header, try readCheckpoints(file: file, header: header, offset: offset))
    }

    /// Decompresses a frame and decodes the checkpoints it carries.
    static func readCheckpoints(
        file: PosixFile,
        header: FrameHeader,
        offset: UInt64
    ) throws(EventLogError) -> [SourceCheckpoint] {
        var reader = try FrameReader()
        try reader.load(file: file, header: header, offset: offset)
        return try reader.checkpoints()
    }

    /// Best effort: walks frame headers after the cut to learn which sequence numbers were lost.
    private static func describeCut(
        file: PosixFile,
        at offset: UInt64,
        firstHeader: FrameHeader?,
        resumeAt: UInt64
    ) -> Range<UInt64>? {
        guard let firstHeader, firstHeader.firstSeq == resumeAt else { return nil }
        var end = firstHeader.endSeq
        if var scanner = try? SegmentScanner(file: file, offset: offset + firstHeader.frameLength) {
            while case .frame(let header, _)? = try? scanner.next(checkPayload: false), header.firstSeq == end {
                end = header.endSeq
            }
            // A final frame whose header survived but whose payload did not still names its events.
            if case .invalid(_, _, _, let header?, _)? = try? scanner.next(checkPayload: false), header.firstSeq == end
            {
                end = header.endSeq
            }
        }
        return resumeAt..<end
    }
}
