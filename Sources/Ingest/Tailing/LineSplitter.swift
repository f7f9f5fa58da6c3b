import Glibc
import HindsightJSON

/// One complete record cut from an append-only file.
public struct LineRecord: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A line with content (terminator stripped, `\r\n` included).
        case line
        /// A line over the configured limit: consumed up to its newline and rejected as one record.
        /// `bytes` holds only its first `maxLineBytes` bytes (memory stays bounded); `end` is the true end.
        case tooLong
    }
    public var kind: Kind
    /// Byte range `[start, end)` of the record in the file, without its terminator.
    public var start: UInt64
    public var end: UInt64
    /// The record's bytes (for `.tooLong`, a prefix of them). Usually a slice of the tailer's read chunk, shared
    /// with the other lines of that chunk (and with the event's `original`): no copy per line.
    public var bytes: ArraySlice<UInt8>
    /// Whether `bytes` is followed, in the array it slices, by at least `JSONParser.requiredPadding` more bytes, so
    /// the record can be parsed where it lies (`JSONParser.parse(paddedInPlace:)`), without a copy. `LineSplitter`
    /// makes every record so; how the bytes are stored is not part of the record's value (`==` ignores it).
    public private(set) var isPaddedForParsing: Bool

    public init(kind: Kind, start: UInt64, end: UInt64, bytes: ArraySlice<UInt8>) {
        self.init(kind: kind, start: start, end: end, bytes: bytes, isPaddedForParsing: false)
    }

    /// Only `LineSplitter` (which checks the array it slices) may promise the padding.
    init(kind: Kind, start: UInt64, end: UInt64, bytes: ArraySlice<UInt8>, isPaddedForParsing: Bool) {
        self.kind = kind
        self.start = start
        self.end = end
        self.bytes = bytes
        self.isPaddedForParsing = isPaddedForParsing
    }

    public init(kind: Kind, start: UInt64, end: UInt64, bytes: [UInt8]) {
        self.init(kind: kind, start: start, end: end, bytes: bytes[...])
    }
}

extension LineRecord {
    public static func == (a: LineRecord, b: LineRecord) -> Bool {
        a.kind == b.kind && a.start == b.start && a.end == b.end && a.bytes == b.bytes
    }
}

/// Cuts a byte stream into complete lines, whatever the chunking of the writes that produced it.
///
/// Why a hand-written state machine: a JSONL writer can be caught mid-line at any byte, and the same file
/// must give the same records whatever the read chunk boundaries were. Only bytes up to and including a
/// `\n` are ever consumed: a partial last line stays pending (and is re-read after a restart, because the
/// committed offset is `consumedOffset`). Blank lines (empty or only spaces/tabs/`\r`) are consumed without
/// producing a record. A line longer than `maxLineBytes` is swallowed up to its newline and reported once
/// as `.tooLong`, so one runaway line cannot exhaust memory nor hide the records after it.
public struct LineSplitter: Sendable {
    public let maxLineBytes: Int
    /// Offset just after the last consumed terminator: everything before it has been turned into records.
    public private(set) var consumedOffset: UInt64
    /// Bytes of the current incomplete line (or the kept prefix of an over-long one).
    private var carry: [UInt8] = []
    /// Total length of the current incomplete line, counting bytes dropped from an over-long one.
    private var carryLength: UInt64 = 0
    private var lastByteWasCR = false
    private var oversized = false
    /// Whether the current line has a byte other than space, tab or `\r` (checked until the first one, so
    /// for JSON lines it costs one byte per line).
    private var sawContent = false
    /// Blank lines consumed so far.
    public private(set) var blankLines = 0

    public init(maxLineBytes: Int = 1 << 20, startingAt offset: UInt64 = 0) {
        precondition(maxLineBytes > 0)
        self.maxLineBytes = maxLineBytes
        self.consumedOffset = offset
    }

    /// Offset of the next byte to feed (= consumed + pending).
    public var readOffset: UInt64 { consumedOffset + carryLength }
    /// Length of the pending incomplete line.
    public var pendingLength: UInt64 { carryLength }

    /// Feeds the next bytes of the file and calls `emit` for every record they complete. Records are copies.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, emit: (LineRecord) throws -> Void) rethrows {
        try feed(chunk, shared: nil, emit: emit)
    }

    /// Feeds the first `count` bytes of `chunk` (all of it by default). A line that lies wholly inside the chunk
    /// is emitted as a slice of it, sharing its storage (the chunk must not be mutated afterwards: the tailer
    /// reads every chunk into a fresh array); only a line continued from an earlier chunk, or one with fewer than
    /// `JSONParser.requiredPadding` bytes of `chunk` after it, is copied (give the chunk that much slack after
    /// `count` and none is).
    public mutating func feed(_ chunk: [UInt8], count: Int? = nil, emit: (LineRecord) throws -> Void) rethrows {
        let n = count ?? chunk.count
        precondition(n <= chunk.count)
        try chunk.withUnsafeBytes { raw in
            try feed(UnsafeRawBufferPointer(rebasing: raw[0..<n]), shared: chunk, emit: emit)
        }
    }

    private mutating func feed(
        _ chunk: UnsafeRawBufferPointer,
        shared: [UInt8]?,
        emit: (LineRecord) throws -> Void
    ) rethrows {
        guard let base = chunk.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let count = chunk.count
        var i = 0
        while i < count {
            let rest = UnsafeRawPointer(base + i)
            let found = memchrNewline(rest, count - i)
            let segmentEnd = found.map { i + $0 } ?? count
            if carryLength == 0, found != nil {
                // Fast path: the whole line is inside this chunk: a slice of it, or one copy.
                try emitWhole(
                    UnsafeBufferPointer(start: base + i, count: segmentEnd - i),
                    at: i,
                    of: shared,
                    emit: emit
                )
                i = segmentEnd + 1
                continue
            }
            append(UnsafeBufferPointer(start: base + i, count: segmentEnd - i))
            guard found != nil else { return }
            try finishLine(emit: emit)
            i = segmentEnd + 1
        }
    }

    /// Turns the pending bytes into a final record (used when a rotated or deleted file is finished and
    /// its writer will never complete the last line). Returns nil when nothing is pending or it is blank.
    public mutating func flushPending() -> LineRecord? {
        guard carryLength > 0 else { return nil }
        let contentLength = carryLength - (lastByteWasCR ? 1 : 0)
        let record = isBlank(contentLength: contentLength) ? nil : makeRecord(contentLength: contentLength)
        consumedOffset += carryLength
        reset()
        return record
    }

    /// `line` starts at offset `at` of `shared` when a shared chunk is given.
    private mutating func emitWhole(
        _ line: UnsafeBufferPointer<UInt8>,
        at offset: Int,
        of shared: [UInt8]?,
        emit: (LineRecord) throws -> Void
    ) rethrows {
        var length = line.count
        if length > 0 && line[length - 1] == 13 { length -= 1 }
        let start = consumedOffset
        consumedOffset += UInt64(line.count + 1)
        guard line.contains(where: { $0 != 32 && $0 != 9 && $0 != 13 }) else {
            blankLines += 1
            return
        }
        let kept = min(length, maxLineBytes)
        let bytes: ArraySlice<UInt8> =
            if let shared, shared.count - (offset + kept) >= JSONParser.requiredPadding {
                shared[offset..<(offset + kept)]
            } else {
                Self.paddedCopy(UnsafeBufferPointer(rebasing: line[0..<kept]))
            }
        try emit(
            LineRecord(
                kind: length > maxLineBytes ? .tooLong : .line,
                start: start,
                end: start + UInt64(length),
                bytes: bytes,
                isPaddedForParsing: true
            )
        )
    }

    private mutating func append(_ segment: UnsafeBufferPointer<UInt8>) {
        guard !segment.isEmpty else { return }
        carryLength += UInt64(segment.count)
        lastByteWasCR = segment[segment.count - 1] == 13
        if !sawContent { sawContent = segment.contains { $0 != 32 && $0 != 9 && $0 != 13 } }
        if oversized { return }
        // Keep one byte more than the limit so that a line of exactly `max` bytes plus `\r` is not oversized.
        let room = maxLineBytes + 1 - carry.count
        if segment.count <= room {
            carry.append(contentsOf: segment)
        } else {
            carry.append(contentsOf: UnsafeBufferPointer(rebasing: segment[0..<room]))
            oversized = true
        }
    }

    private mutating func finishLine(emit: (LineRecord) throws -> Void) rethrows {
        let contentLength = carryLength - (lastByteWasCR ? 1 : 0)
        let record = isBlank(contentLength: contentLength) ? nil : makeRecord(contentLength: contentLength)
        if record == nil { blankLines += 1 }
        consumedOffset += carryLength + 1
        reset()
        if let record { try emit(record) }
    }

    private func isBlank(contentLength: UInt64) -> Bool { !sawContent }

    private func makeRecord(contentLength: UInt64) -> LineRecord {
        let start = consumedOffset
        if contentLength > UInt64(maxLineBytes) {
            return LineRecord(
                kind: .tooLong,
                start: start,
                end: start + contentLength,
                bytes: carry.withUnsafeBufferPointer {
                    Self.paddedCopy(UnsafeBufferPointer(rebasing: $0[..<min(maxLineBytes, $0.count)]))
                },
                isPaddedForParsing: true
            )
        }
        return LineRecord(
            kind: .line,
            start: start,
            end: start + contentLength,
            bytes: carry.withUnsafeBufferPointer {
                Self.paddedCopy(UnsafeBufferPointer(rebasing: $0[..<min(Int(contentLength), $0.count)]))
            },
            isPaddedForParsing: true
        )
    }

    /// A copy of `bytes` followed by `JSONParser.requiredPadding` zero bytes (outside the slice), so that every
    /// record can be parsed in place.
    static func paddedCopy(_ bytes: UnsafeBufferPointer<UInt8>) -> ArraySlice<UInt8> {
        let padding = JSONParser.requiredPadding
        let copy = [UInt8](unsafeUninitializedCapacity: bytes.count + padding) { buffer, initialized in
            if let from = bytes.baseAddress, bytes.count > 0 {
                buffer.baseAddress!.initialize(from: from, count: bytes.count)
            }
            (buffer.baseAddress! + bytes.count).initialize(repeating: 0, count: padding)
            initialized = bytes.count + padding
        }
        return copy[0..<bytes.count]
    }

    private mutating func reset() {
        carry.removeAll(keepingCapacity: true)
        carryLength = 0
        lastByteWasCR = false
        oversized = false
        sawContent = false
    }
}

private func memchrNewline(_ p: UnsafeRawPointer, _ n: Int) -> Int? {
    guard n > 0, let hit = memchr(p, 10, n) else { return nil }
    return UnsafeRawPointer(hit) - p
}
