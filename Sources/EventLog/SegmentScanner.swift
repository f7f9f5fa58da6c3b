/// Walks the frames of one segment file from a byte offset, reading headers (and payloads on request)
/// with reused buffers. The writer's recovery, the index rebuild, the reader's seeks, `verify` and `stats`
/// all go through it, so every path applies the same validity rules.
struct SegmentScanner {
    /// What lies at the scanner's offset.
    enum Step {
        /// A whole frame with a valid header (and, when payloads are checked, a valid payload CRC).
        case frame(FrameHeader, offset: UInt64)
        /// Clean end of file.
        case end
        /// Bytes that are not a whole valid frame: a torn tail or corruption, with the reason.
        /// `truncated` says the file simply ends inside the frame (the tail of a frame being written, or torn
        /// by a crash), as opposed to bytes that are present but wrong.
        case invalid(offset: UInt64, problem: String, code: EventLogError.Code, header: FrameHeader?, truncated: Bool)
    }

    let file: PosixFile
    private(set) var offset: UInt64
    private(set) var fileSize: UInt64
    private var headerBuffer = [UInt8](repeating: 0, count: FrameHeader.size)
    /// The last frame's stored payload, when `next(checkPayload: true)` read it.
    private(set) var payload: [UInt8] = []

    init(file: PosixFile, offset: UInt64 = 0) throws(EventLogError) {
        self.file = file
        self.offset = offset
        self.fileSize = try file.size()
    }

    /// Re-reads the file size (a concurrent writer may have appended).
    mutating func refreshSize() throws(EventLogError) { fileSize = try file.size() }

    /// Reads the frame at the current offset and advances past it when it is valid.
    mutating func next(checkPayload: Bool) throws(EventLogError) -> Step {
        if offset == fileSize { return .end }
        if offset > fileSize {
            return .invalid(
                offset: offset,
                problem: "offset is past the end of the file",
                code: .corruptFrame,
                header: nil,
                truncated: true
            )
        }
        let available = fileSize - offset
        if available < UInt64(FrameHeader.size) {
            return .invalid(
                offset: offset,
                problem: "frame header is incomplete (\(available) of \(FrameHeader.size) bytes)",
                code: .corruptFrame,
                header: nil,
                truncated: true
            )
        }
        let n = try headerBuffer.withMutableBytes { (raw) throws(EventLogError) in
            try file.read(into: raw, at: offset)
        }
        var parsed = headerBuffer.withUnsafeBytes { FrameHeader.parse(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        if case .failure(.incomplete) = parsed {
            // A header longer than this build's (a newer minor layout): read all of it.
            let length = headerBuffer.withUnsafeBytes {
                Int(UInt16(littleEndian: $0.loadUnaligned(fromByteOffset: 6, as: UInt16.self)))
            }
            let longer = try file.read(count: length, at: offset)
            parsed = longer.withUnsafeBytes { FrameHeader.parse($0) }
        }
        let header: FrameHeader
        switch parsed {
        case .success(let h): header = h
        case .failure(let problem):
            return .invalid(offset: offset, problem: problem.message, code: problem.code, header: nil, truncated: false)
        }
        if header.frameLength > available {
            return .invalid(
                offset: offset,
                problem: "frame is incomplete: header announces \(header.frameLength) bytes, \(available) present",
                code: .corruptFrame,
                header: header,
                truncated: true
            )
        }
        if checkPayload {
            let count = Int(header.storedLength)
            if payload.count < count { payload = [UInt8](repeating: 0, count: count) }
            _ = try payload.withMutableBytes { (raw) throws(EventLogError) in
                try file.read(
                    into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<count]),
                    at: offset + UInt64(header.headerLength)
                )
            }
            let crc = payload.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            if crc != header.payloadCRC {
                return .invalid(
                    offset: offset,
                    problem: "frame payload CRC32C mismatch",
                    code: .corruptFrame,
                    header: header,
                    truncated: false
                )
            }
        }
        let at = offset
        offset += header.frameLength
        return .frame(header, offset: at)
    }

    /// Moves to `offset` (an index entry's frame start).
    mutating func seek(to offset: UInt64) { self.offset = offset }

    /// Rebuilds a segment's index by walking its valid frames; stops at the first invalid one.
    static func rebuildIndex(
        file: PosixFile,
        segmentFirstSeq: UInt64,
        intervalBytes: Int
    ) throws(EventLogError) -> SegmentIndex {
        var scanner = try SegmentScanner(file: file)
        var index = SegmentIndex(segmentFirstSeq: segmentFirstSeq)
        var lastIndexed: UInt64?
        while case .frame(let header, let at) = try scanner.next(checkPayload: false) {
            if lastIndexed == nil || at - lastIndexed! >= UInt64(intervalBytes) {
                index.entries.append(
                    .init(seq: header.firstSeq, offset: at, runningMaxEventTime: header.runningMaxEventTime)
                )
                lastIndexed = at
            }
        }
        return index
    }
}
