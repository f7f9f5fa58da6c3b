#if canImport(Glibc)
import Glibc
#endif

/// `recovery.jsonl` beside the segments: one JSON object per torn-tail recovery, so that `log verify` and
/// `log stats` can show what was ever cut, long after the writer that cut it is gone.
enum RecoveryLog {
    static func path(_ directory: String) -> String { directory + "/" + SegmentFiles.recoveryName }

    static func append(_ report: RecoveryReport, directory: String, sync: Bool) throws(EventLogError) {
        var line = Array(report.jsonLine().utf8)
        line.append(0x0A)
        let file = try PosixFile.open(path(directory), flags: O_WRONLY | O_CREAT | O_APPEND)
        try line.withBytes { (raw) throws(EventLogError) in try file.write(raw, at: try file.size()) }
        if sync { try file.syncData() }
        try file.close()
    }

    /// The raw lines of `recovery.jsonl` (empty when there is none).
    static func lines(directory: String) throws(EventLogError) -> [String] {
        guard let file = try PosixFile.openIfExists(path(directory)) else { return [] }
        let bytes = try file.read(count: Int(try file.size()), at: 0)
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
