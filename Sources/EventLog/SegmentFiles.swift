/// Names and lists the files of a log directory. A segment is `<first seq, 20 digits>.seg`, its sparse
/// index `<first seq>.idx`; zero-padding makes lexical order equal numeric order for humans and `ls`.
enum SegmentFiles {
    static let segmentSuffix = ".seg"
    static let indexSuffix = ".idx"
    static let lockName = "LOCK"
    static let recoveryName = "recovery.jsonl"

    static func name(_ firstSeq: UInt64, suffix: String) -> String {
        let digits = String(firstSeq)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + suffix
    }

    static func segmentPath(_ directory: String, _ firstSeq: UInt64) -> String {
        directory + "/" + name(firstSeq, suffix: segmentSuffix)
    }

    static func indexPath(_ directory: String, _ firstSeq: UInt64) -> String {
        directory + "/" + name(firstSeq, suffix: indexSuffix)
    }

    /// First sequence numbers of the segments in `directory`, ascending.
    static func segments(in directory: String) throws(EventLogError) -> [UInt64] {
        var result: [UInt64] = []
        for entry in try PosixDirectory.entries(directory) where entry.hasSuffix(segmentSuffix) {
            let stem = entry.dropLast(segmentSuffix.count)
            if stem.count == 20, stem.allSatisfy({ $0.isASCII && $0.isNumber }), let seq = UInt64(stem) {
                result.append(seq)
            }
        }
        return result.sorted()
    }

    /// Checks that `directory` exists and can be listed, with a clear error otherwise.
    static func checkReadable(_ directory: String) throws(EventLogError) {
        guard PosixDirectory.exists(directory) else {
            throw EventLogError(.notFound, "no event log here (directory does not exist)", path: directory)
        }
        guard PosixDirectory.isDirectory(directory) else {
            throw EventLogError(.invalidArgument, "not a directory", path: directory)
        }
        _ = try PosixDirectory.entries(directory)
    }
}
