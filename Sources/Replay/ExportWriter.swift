public import Projections

/// Writes export files under a directory (a bot root or `--out DIR`).
///
/// - Whole files (`write`) are replaced atomically, skipping files whose bytes did not change since this writer
///   last wrote them (so the bot's readers see an mtime change only when content changed, and `run` does no
///   I/O for unchanged exports).
/// - Append-only files (`append`) only grow: finalized rows are appended (one `write` per batch, then fsync)
///   and the writer keeps a running `ExportMark` of each. A file this writer has no mark for is started
///   empty, unless `resume` adopted it first (after checking it against a snapshot's marks).
public final class ExportWriter {
    public let directory: String
    private var lastWritten: [String: UInt64] = [:]
    private var marks: [String: ExportMark] = [:]

    /// - Parameters:
    ///   - chunkSize: bytes rendered between two `write`s of an append (tests use tiny ones).
    ///   - dropsAppendsFromCache: after each append is fsynced, tell the kernel its pages are not needed
    ///     (`POSIX_FADV_DONTNEED`). For bulk rewrites (`replay`: ~1 GB of rows for a year of history): kept in
    ///     the page cache, every new page of the write had to be taken from other cached data, and the write
    ///     syscalls of a year took 2.2-2.8 s instead of 1.4 s. The bytes are durable first; a reader then
    ///     reads them from disk. Off for `run`, whose small appends the bot reads right away.
    public init(directory: String, chunkSize: Int = 1 << 20, dropsAppendsFromCache: Bool = false) {
        self.directory = directory
        self.chunkSize = max(1, chunkSize)
        self.dropsAppendsFromCache = dropsAppendsFromCache
    }

    private let dropsAppendsFromCache: Bool

    /// The marks of every append-only file written or resumed so far, sorted by path.
    public var appendMarks: [ExportMark] { marks.values.sorted { $0.relativePath < $1.relativePath } }

    /// Writes the files that changed; returns their relative paths (sorted).
    @discardableResult
    public func write(_ files: [ExportFile]) throws(ReplayError) -> [String] {
        var written: [String] = []
        for file in files.sorted(by: { $0.relativePath < $1.relativePath }) {
            let path = try safePath(file.relativePath)
            let digest = SnapshotCodec.fnv1a64(file.bytes[...])
            if lastWritten[file.relativePath] == nil, let existing = try? FileIO.readAll(path), existing == file.bytes {
                // Same bytes already on disk (e.g. after a restart): leave the file and its mtime alone.
                lastWritten[file.relativePath] = digest
                continue
            }
            if lastWritten[file.relativePath] == digest, FileIO.exists(path) { continue }
            try FileIO.writeAtomically(file.bytes, to: path)
            lastWritten[file.relativePath] = digest
            written.append(file.relativePath)
        }
        return written
    }

    /// Appends finalized rows, in order. A path seen for the first time (no mark) is truncated to empty first,
    /// so an append with no bytes creates the file empty: after any export every append-only file exists.
    ///
    /// Deferred rows (`ExportAppend`) are rendered here, through one reusable buffer written out every
    /// `chunkSize` bytes: one open, sequential writes and one fsync per file and call.
    public func append(_ rows: [ExportAppend]) throws(ReplayError) {
        var groups: [String: [ExportAppend]] = [:]
        var order: [String] = []
        for row in rows {
            if groups[row.relativePath] == nil { order.append(row.relativePath) }
            groups[row.relativePath, default: []].append(row)
        }
        for relativePath in order {
            let appends = groups[relativePath]!
            let path = try safePath(relativePath)
            let start = marks[relativePath]
            if start != nil, appends.allSatisfy(\.isEmpty), FileIO.exists(path) { continue }
            let file = try AppendingFile(path, truncatingTo: start?.length ?? 0)
            var mark = start ?? ExportMark(relativePath: relativePath)
            var failure: ReplayError?
            var sink = ExportSink(buffer: chunk, chunkSize: chunkSize) { bytes in
                guard failure == nil else { return }
                do throws(ReplayError) {
                    try file.write(bytes)
                    mark = mark.appending(bytes)
                } catch {
                    failure = error
                }
            }
            for append in appends { append.render(into: &sink) }
            sink.drain()
            chunk = sink.buffer
            if let failure { throw failure }
            try file.syncAndClose(dropFromCache: dropsAppendsFromCache)
            marks[relativePath] = mark
        }
    }

    /// Bytes rendered between two writes: large sequential writes, while the buffer stays in cache.
    private let chunkSize: Int
    /// The render buffer, kept between calls (capacity only).
    private var chunk: [UInt8] = []

    /// Adopts append-only files as of a snapshot: each file must start with the bytes `marks` describe; it is
    /// cut back to that length (rows written after the snapshot are appended again as the fold re-finalizes
    /// them). Throws `.staleSnapshot` naming the file when one does not match (the caller then resumes from
    /// an older snapshot, or from seq 0).
    ///
    /// With `source` (another directory, e.g. the bot root when writing into `--out DIR`), the files are
    /// checked in `source` and their recorded prefix is copied into this writer's directory.
    public func resume(_ marks: [ExportMark], from source: String? = nil) throws(ReplayError) {
        let from = source ?? directory
        if let problem = Self.mismatch(marks, in: from) { throw ReplayError(.staleSnapshot, problem) }
        for mark in marks {
            let path = try safePath(mark.relativePath)
            if from == directory {
                try FileIO.truncate(path, to: mark.length)
            } else {
                let prefix = try FileIO.readPrefix(FileIO.join(from, mark.relativePath), length: mark.length)
                try FileIO.writeAtomically(prefix, to: path)
            }
            self.marks[mark.relativePath] = mark
        }
    }

    /// Why `marks` cannot be resumed in `directory` (the first file that does not start with its recorded
    /// bytes), or nil when all match.
    public static func mismatch(_ marks: [ExportMark], in directory: String) -> String? {
        marks.first { !matches($0, in: directory) }.map {
            "\(FileIO.join(directory, $0.relativePath)) does not start with the \($0.length) bytes it recorded"
        }
    }

    /// Whether the file starts with the bytes `mark` describes (a mark of length 0 always matches).
    public static func matches(_ mark: ExportMark, in directory: String) -> Bool {
        if mark.length == 0 { return true }
        guard isSafe(mark.relativePath),
            let hash = try? FileIO.prefixHash(FileIO.join(directory, mark.relativePath), length: mark.length)
        else { return false }
        return hash == mark.hash
    }

    private func safePath(_ relativePath: String) throws(ReplayError) -> String {
        guard Self.isSafe(relativePath) else {
            throw ReplayError(.export, "refusing to write export outside \(directory): '\(relativePath)'")
        }
        return FileIO.join(directory, relativePath)
    }

    /// Relative, no `..` component, not empty.
    static func isSafe(_ relativePath: String) -> Bool {
        !relativePath.isEmpty && !relativePath.hasPrefix("/")
            && !relativePath.split(separator: "/").contains { $0 == ".." || $0 == "." }
    }
}
