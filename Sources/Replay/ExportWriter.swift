public import Projections

/// Writes export files under a directory (a bot root or `--out DIR`), each atomically, skipping files whose
/// bytes did not change since this writer last wrote them (so the bot's readers see an mtime change only
/// when content changed, and `run` does no I/O for unchanged exports).
public final class ExportWriter {
    public let directory: String
    private var lastWritten: [String: UInt64] = [:]

    public init(directory: String) { self.directory = directory }

    /// Writes the files that changed; returns their relative paths (sorted).
    @discardableResult
    public func write(_ files: [ExportFile]) throws(ReplayError) -> [String] {
        var written: [String] = []
        for file in files.sorted(by: { $0.relativePath < $1.relativePath }) {
            guard Self.isSafe(file.relativePath) else {
                throw ReplayError(.export, "refusing to write export outside \(directory): '\(file.relativePath)'")
            }
            let digest = SnapshotCodec.fnv1a64(file.bytes[...])
            let path = FileIO.join(directory, file.relativePath)
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

    /// Relative, no `..` component, not empty.
    static func isSafe(_ relativePath: String) -> Bool {
        !relativePath.isEmpty && !relativePath.hasPrefix("/")
            && !relativePath.split(separator: "/").contains { $0 == ".." || $0 == "." }
    }
}
