/// The sparse index of one segment: for some frames (the first one, then one at least every
/// `indexIntervalBytes`), the frame's first sequence number, byte offset, and the log's running max event
/// time at that frame. Both seeks binary-search it, then walk frame headers forward.
///
/// The index is a cache: it carries no checksum, is not fsynced, and is rebuilt from the segment when it is
/// missing, truncated or inconsistent (Kafka treats its indexes the same way). File layout: magic `HSIX`,
/// u16 version (1), u16 entry size (24), u64 segment first seq, then entries of (u64 seq, u64 offset,
/// i64 running max), all little-endian.
struct SegmentIndex: Equatable {
    struct Entry: Equatable {
        var seq: UInt64
        var offset: UInt64
        var runningMaxEventTime: Int64
    }

    static let magic: [UInt8] = Array("HSIX".utf8)
    static let version: UInt16 = 1
    static let headerSize = 16
    static let entrySize = 24

    var segmentFirstSeq: UInt64
    var entries: [Entry] = []

    static func headerBytes(segmentFirstSeq: UInt64) -> [UInt8] {
        var bytes = magic
        withUnsafeBytes(of: version.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt16(entrySize).littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: segmentFirstSeq.littleEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    static func entryBytes(_ entry: Entry) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entrySize)
        withUnsafeBytes(of: entry.seq.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: entry.offset.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: entry.runningMaxEventTime.littleEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    func serialized() -> [UInt8] {
        var bytes = Self.headerBytes(segmentFirstSeq: segmentFirstSeq)
        for entry in entries { bytes += Self.entryBytes(entry) }
        return bytes
    }

    /// Parses an index file strictly: any defect is an error naming the file and offset (the reader then
    /// rebuilds; `log verify` reports it).
    static func parse(_ bytes: [UInt8], path: String, segmentFirstSeq: UInt64) throws(EventLogError) -> SegmentIndex {
        guard bytes.count >= headerSize else {
            throw EventLogError(
                .corruptIndex,
                "index truncated: \(bytes.count) bytes, shorter than its \(headerSize)-byte header",
                path: path,
                offset: UInt64(bytes.count)
            )
        }
        guard Array(bytes[0..<4]) == magic else {
            throw EventLogError(.badMagic, "index does not start with magic 'HSIX'", path: path, offset: 0)
        }
        func u16(_ o: Int) -> UInt16 { UInt16(bytes[o]) | UInt16(bytes[o + 1]) << 8 }
        func u64(_ o: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[o + $1]) << (8 * UInt64($1)) } }
        let version = u16(4)
        guard version == Self.version, Int(u16(6)) == entrySize else {
            throw EventLogError(
                .unsupportedVersion,
                "index format version \(version) is not supported (this build reads \(Self.version))",
                path: path,
                offset: 4
            )
        }
        guard u64(8) == segmentFirstSeq else {
            throw EventLogError(
                .corruptIndex,
                "index names segment \(u64(8)) but belongs to segment \(segmentFirstSeq)",
                path: path,
                offset: 8
            )
        }
        let body = bytes.count - headerSize
        guard body % entrySize == 0 else {
            throw EventLogError(
                .corruptIndex,
                "index truncated: \(body) entry bytes is not a multiple of \(entrySize)",
                path: path,
                offset: UInt64(headerSize + body / entrySize * entrySize)
            )
        }
        var index = SegmentIndex(segmentFirstSeq: segmentFirstSeq)
        index.entries.reserveCapacity(body / entrySize)
        var previous: Entry?
        for i in 0..<(body / entrySize) {
            let o = headerSize + i * entrySize
            let entry = Entry(seq: u64(o), offset: u64(o + 8), runningMaxEventTime: Int64(bitPattern: u64(o + 16)))
            if let previous,
                entry.seq < previous.seq || entry.offset <= previous.offset
                    || entry.runningMaxEventTime < previous.runningMaxEventTime
            {
                throw EventLogError(.corruptIndex, "index entries are not ascending", path: path, offset: UInt64(o))
            }
            previous = entry
            index.entries.append(entry)
        }
        return index
    }

    /// The last entry whose seq is ≤ `seq`, or nil when none is.
    func lastEntry(atOrBefore seq: UInt64) -> Entry? {
        var low = 0
        var high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].seq <= seq { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : entries[low - 1]
    }

    /// The last entry whose running max is < `time` (every event before its frame is earlier than `time`).
    func lastEntry(runningMaxBelow time: Int64) -> Entry? {
        var low = 0
        var high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].runningMaxEventTime < time { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : entries[low - 1]
    }
}
