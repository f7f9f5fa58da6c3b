#if canImport(Glibc)
import Glibc
#endif

/// Crash-atomic whole-file replacement, the pattern Kafka's `CheckpointFile` uses: write a temporary file
/// beside the target, fsync it, rename it over the target, fsync the directory. After a crash the target
/// holds either the old or the new content, never a mix.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws(EventLogError) {
        let directory = Self.directory(of: path)
        let temporary = path + ".tmp-\(getpid())"
        do throws(EventLogError) {
            let file = try PosixFile.open(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC)
            try bytes.withBytes { (raw) throws(EventLogError) in try file.write(raw, at: 0) }
            try file.syncData()
            try file.close()
            try PosixDirectory.rename(temporary, to: path)
        } catch {
            try? PosixDirectory.remove(temporary)
            throw error
        }
        try PosixFile.syncDirectory(directory)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
