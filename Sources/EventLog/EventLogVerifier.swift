#if canImport(Glibc)
import Glibc
#endif

/// `hindsight log verify`: checks every frame (header and payload CRC, decompression, decoding of every
/// event's envelope and payload: a payload that is malformed or lacks a required field is a finding, one
/// per event, although readers see it as `.unknown`), sequence density within and across segments, segment names, the running max event time, and
/// that every index entry points at the frame it claims. Nothing is repaired.
public enum EventLogVerifier {
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var offset: UInt64?
        public var message: String
        /// True for a frame cut short at the end of the newest segment: a writer still writing it, or a torn
        /// tail that the next writer open will cut (and report).
        public var isTornTail: Bool

        public var description: String {
            EventLogError(.corruptFrame, message, path: path, offset: offset).description
        }
    }

    public struct Report: Sendable, Equatable {
        public var segments = 0
        public var frames = 0
        public var events = 0
        public var findings: [Finding] = []
        /// Lines of `recovery.jsonl`.
        public var recoveries: [String] = []
        public var isValid: Bool { findings.isEmpty }
    }

    public static func verify(directory: String) throws(EventLogError) -> Report {
        try SegmentFiles.checkReadable(directory)
        var report = Report()
        report.recoveries = try RecoveryLog.lines(directory: directory)
        let segments = try SegmentFiles.segments(in: directory)
        report.segments = segments.count
        var frame = try FrameReader()
        var expectedSeq: UInt64 = 0
        var runningMax = Int64.min
        for (i, first) in segments.enumerated() {
            let path = SegmentFiles.segmentPath(directory, first)
            let isLast = i == segments.count - 1
            if first != expectedSeq {
                report.findings.append(
                    Finding(
                        path: path,
                        offset: nil,
                        message: "segment starts at seq \(first) but the log so far ends at seq \(expectedSeq)",
                        isTornTail: false
                    )
                )
                expectedSeq = first
            }
            let file = try PosixFile.open(path, flags: O_RDONLY)
            var scanner = try SegmentScanner(file: file)
            var frameStarts: [UInt64: FrameHeader] = [:]
            var invalidFrom = UInt64.max
            scan: while true {
                let step = try scanner.next(checkPayload: true)
                switch step {
                case .end: break scan
                case .invalid(let offset, let problem, _, _, let truncated):
                    let torn = truncated && isLast
                    let suffix =
                        torn
                        ? " (torn tail: the next writer open cuts it and reports it)"
                        : isLast ? "" : " (in a sealed segment: not repaired)"
                    report.findings.append(
                        Finding(path: path, offset: offset, message: problem + suffix, isTornTail: torn)
                    )
                    invalidFrom = offset
                    break scan
                case .frame(let header, let offset):
                    report.frames += 1
                    frameStarts[offset] = header
                    if header.firstSeq != expectedSeq {
                        report.findings.append(
                            Finding(
                                path: path,
                                offset: offset,
                                message: "frame starts at seq \(header.firstSeq), expected \(expectedSeq)",
                                isTornTail: false
                            )
                        )
                    }
                    let maxTime = max(runningMax, header.maxEventTime)
                    if header.runningMaxEventTime != maxTime {
                        report.findings.append(
                            Finding(
                                path: path,
                                offset: offset,
                                message: "running max event time \(header.runningMaxEventTime) should be \(maxTime)",
                                isTornTail: false
                            )
                        )
                    }
                    runningMax = header.runningMaxEventTime
                    expectedSeq = header.endSeq
                    do {
                        try frame.load(file: file, header: header, offset: offset)
                        _ = try frame.checkpoints()
                        var minTime = Int64.max
                        var maxTime = Int64.min
                        var originalBytes: UInt64 = 0
                        while let event = try frame.nextEvent() {
                            report.events += 1
                            minTime = min(minTime, event.eventTime)
                            maxTime = max(maxTime, event.eventTime)
                            originalBytes += UInt64(event.original.count)
                            // Reading never fails on a payload (it reads as `.unknown`); verify says so.
                            do {
                                _ = try event.decodedPayload()
                            } catch {
                                report.findings.append(
                                    Finding(
                                        path: path,
                                        offset: offset,
                                        message: "event \(event.seq): \(error.message)",
                                        isTornTail: false
                                    )
                                )
                            }
                        }
                        if minTime != header.minEventTime || maxTime != header.maxEventTime
                            || originalBytes != header.originalBytes
                        {
                            report.findings.append(
                                Finding(
                                    path: path,
                                    offset: offset,
                                    message: "frame header's event-time range or byte count disagrees with its events",
                                    isTornTail: false
                                )
                            )
                        }
                    } catch {
                        report.findings.append(
                            Finding(path: path, offset: offset, message: error.message, isTornTail: false)
                        )
                    }
                }
            }
            report.findings += checkIndex(
                directory: directory,
                segment: first,
                frames: frameStarts,
                checkedBelow: invalidFrom
            )
        }
        return report
    }

    /// Entries at or past `checkedBelow` (the first invalid frame, already reported) are not judged.
    private static func checkIndex(
        directory: String,
        segment: UInt64,
        frames: [UInt64: FrameHeader],
        checkedBelow: UInt64
    ) -> [Finding] {
        let path = SegmentFiles.indexPath(directory, segment)
        let index: SegmentIndex
        do {
            index = try SegmentIndexLoader.load(directory: directory, segmentFirstSeq: segment, validate: false)
        } catch {
            return [
                Finding(
                    path: error.path ?? path,
                    offset: error.offset,
                    message: error.message + " (a cache: the next writer open rebuilds it)",
                    isTornTail: false
                )
            ]
        }
        var findings: [Finding] = []
        if !frames.isEmpty && index.entries.first?.offset != 0 && checkedBelow > 0 {
            findings.append(
                Finding(path: path, offset: nil, message: "index has no entry for the first frame", isTornTail: false)
            )
        }
        for (i, entry) in index.entries.enumerated() where entry.offset < checkedBelow {
            let header = frames[entry.offset]
            if header?.firstSeq != entry.seq || header?.runningMaxEventTime != entry.runningMaxEventTime {
                findings.append(
                    Finding(
                        path: path,
                        offset: UInt64(SegmentIndex.headerSize + i * SegmentIndex.entrySize),
                        message: "index entry (seq \(entry.seq), segment offset \(entry.offset)) matches no frame",
                        isTornTail: false
                    )
                )
                break
            }
        }
        return findings
    }
}
