#if canImport(Glibc)
import Glibc
#endif

/// Loads a segment's index file, checking it against the segment, or rebuilds it in memory.
enum SegmentIndexLoader {
    /// Loads `<seq>.idx` strictly. With `validate`, also checks that its last entry points at a valid frame
    /// header with the same seq and running max (the cheap staleness check: entries are appended in order).
    static func load(directory: String, segmentFirstSeq: UInt64, validate: Bool) throws(EventLogError) -> SegmentIndex {
        let path = SegmentFiles.indexPath(directory, segmentFirstSeq)
        guard let file = try PosixFile.openIfExists(path) else {
            throw EventLogError(.corruptIndex, "index file is missing", path: path)
        }
        let size = try file.size()
        let bytes = try file.read(count: Int(size), at: 0)
        let index = try SegmentIndex.parse(bytes, path: path, segmentFirstSeq: segmentFirstSeq)
        if validate {
            let segment = try PosixFile.open(SegmentFiles.segmentPath(directory, segmentFirstSeq), flags: O_RDONLY)
            try check(index, against: segment, indexPath: path)
        }
        return index
    }

    /// Checks the first and last entries against the segment's frame headers.
    static func check(_ index: SegmentIndex, against segment: PosixFile, indexPath: String) throws(EventLogError) {
        let size = try segment.size()
        if size > 0 && index.entries.first?.offset != 0 {
            throw EventLogError(.corruptIndex, "index has no entry for the segment's first frame", path: indexPath)
        }
        for entry in [index.entries.first, index.entries.last].compactMap({ $0 }) {
            var scanner = try SegmentScanner(file: segment, offset: entry.offset)
            guard case .frame(let header, _) = try scanner.next(checkPayload: false),
                header.firstSeq == entry.seq, header.runningMaxEventTime == entry.runningMaxEventTime
            else {
                throw EventLogError(
                    .corruptIndex,
                    "index entry for seq \(entry.seq) does not match the frame at segment offset \(entry.offset)",
                    path: indexPath
                )
            }
        }
    }

    /// The index if it loads and matches, else one rebuilt from the segment's frames (in memory only:
    /// readers never write; the next writer open rewrites it).
    static func loadOrRebuild(
        directory: String,
        file: PosixFile,
        segmentFirstSeq: UInt64,
        intervalBytes: Int = 4096
    ) throws(EventLogError) -> SegmentIndex {
        if let index = try? load(directory: directory, segmentFirstSeq: segmentFirstSeq, validate: false),
            (try? check(index, against: file, indexPath: "")) != nil
        {
            return index
        }
        return try SegmentScanner.rebuildIndex(
            file: file,
            segmentFirstSeq: segmentFirstSeq,
            intervalBytes: intervalBytes
        )
    }
}
