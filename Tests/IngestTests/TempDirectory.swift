import Foundation
import Glibc

/// A fresh directory under the system temp dir, removed by `remove()`.
struct TempDirectory {
    let path: String

    init(_ label: String = "ingest") {
        let base = FileManager.default.temporaryDirectory.path
        let path = "\(base)/hindsight-\(label)-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        self.path = path
    }

    func file(_ relative: String) -> String { path + "/" + relative }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// Appends bytes with one `write` (O_APPEND), creating parent directories and the file as needed.
    func append(_ relative: String, _ text: String) { append(relative, Array(text.utf8)) }

    func append(_ relative: String, _ bytes: [UInt8]) {
        let p = file(relative)
        try? FileManager.default.createDirectory(
            atPath: (p as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        let fd = open(p, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        precondition(fd >= 0, "cannot open \(p)")
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = write(fd, raw.baseAddress! + done, raw.count - done)
                precondition(n > 0)
                done += n
            }
        }
        close(fd)
    }

    /// Replaces the file's content in place (same inode): truncate, then write.
    func rewriteInPlace(_ relative: String, _ text: String) {
        let fd = open(file(relative), O_WRONLY | O_TRUNC)
        precondition(fd >= 0)
        close(fd)
        append(relative, text)
    }

    /// Replaces the file atomically with new content (temp file + rename: a new inode).
    func replace(_ relative: String, _ text: String) {
        append(relative + ".tmp", text)
        rename(file(relative + ".tmp"), file(relative))
    }

    func truncate(_ relative: String, to size: Int = 0) { Glibc.truncate(file(relative), off_t(size)) }

    func move(_ from: String, _ to: String) { rename(file(from), file(to)) }

    func delete(_ relative: String) { unlink(file(relative)) }

    /// Sets a file's modification time (seconds since the epoch): rotation tests order generations by it, and
    /// writes within one kernel clock tick would otherwise share a timestamp.
    func setModified(_ relative: String, seconds: Int) {
        var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
        _ = utimensat(AT_FDCWD, file(relative), &times, 0)
    }
}
