/// Finds the generation of a rotated file that comes after the one a tailer just finished.
///
/// Why: when a source is rotated twice while hindsight is stopped (`a.jsonl` → `a.jsonl.2`, the next file →
/// `a.jsonl.1`, a third at the path), the checkpoint names the oldest generation and the path the newest; the
/// middle one is neither, and a tailer that only follows the path would skip it without a trace. Filebeat finds
/// such files by scanning a glob; we do the same, narrowed to names a rotation produces.
///
/// A sibling is a regular file in the same directory, on the same device, whose name is the path's file name
/// followed by `.`, `-` or `_` (logrotate's `a.jsonl.1`, `a.jsonl-20261121`, `a.jsonl_1`), not compressed
/// (`.gz`, `.bz2`, `.xz`, `.zst`, `.lz4`, `.zip`: those are read by nobody), other than the file just finished
/// and the file at the path. The next generation is the one with the oldest modification time among those
/// modified after the finished file: every earlier generation stopped being written before the finished one
/// was created, so it was read before it (or is older than anything hindsight committed). Strictly after:
/// with the kernel's coarse timestamps an older generation can share the finished file's modification time,
/// and reading it again would double its records; a generation written entirely within the same clock tick as
/// the finished file's last write (milliseconds; bots rotate daily) is the case this rule cannot see.
enum RotatedSiblings {
    static let compressedSuffixes = [".gz", ".bz2", ".xz", ".zst", ".lz4", ".zip"]

    /// Opens the next generation after `finished`, or nil when the path's file comes next.
    static func next(after finished: FileStat, path: String, excluding atPath: FileStat?) -> OpenFile? {
        let directory = parentDirectory(of: path)
        let baseName = path.split(separator: "/").last.map(String.init) ?? path
        var best: (modified: Int64, name: String, path: String)?
        for name in entryNames(inDirectory: directory) where isSiblingName(name, of: baseName) {
            let candidate = childPath(directory, name)
            guard let s = FileStat.of(path: candidate), s.device == finished.device, s.inode != finished.inode,
                s.inode != atPath?.inode, s.modifiedNanoseconds > finished.modifiedNanoseconds
            else { continue }
            if let b = best, (b.modified, b.name) <= (s.modifiedNanoseconds, name) { continue }
            best = (s.modifiedNanoseconds, name, candidate)
        }
        return best.flatMap { OpenFile(path: $0.path) }
    }

    /// `a.jsonl.1`, `a.jsonl-20261121`, `a.jsonl_old` for `a.jsonl`; never compressed generations.
    static func isSiblingName(_ name: String, of base: String) -> Bool {
        guard name.count > base.count + 1, name.hasPrefix(base) else { return false }
        let separator = name[name.index(name.startIndex, offsetBy: base.count)]
        guard separator == "." || separator == "-" || separator == "_" else { return false }
        return !compressedSuffixes.contains { name.hasSuffix($0) }
    }
}
