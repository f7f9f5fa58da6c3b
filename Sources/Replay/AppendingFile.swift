#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only export open for one batch: cut (created when missing) to the length its mark recorded,
/// then written in chunks, then fsynced and closed. An export grows by whole batches of lines, and a batch
/// written before a crash but not recorded in any snapshot is cut off again on resume.
final class AppendingFile {
    let path: String
    private var fd: Int32
    /// Where this batch starts (the length the file was cut to).
    private let start: UInt64
    private let created: Bool

    init(_ path: String, truncatingTo length: UInt64) throws(ReplayError) {
        let directory = FileIO.parentDirectory(of: path)
        try FileIO.makeDirectories(directory)
        created = !FileIO.exists(path)
        self.path = path
        start = length
        fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileIO.failure("cannot open", path) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw closing(FileIO.failure("cannot stat", path)) }
        if UInt64(st.st_size) != length, ftruncate(fd, off_t(length)) != 0 {
            throw closing(FileIO.failure("cannot truncate", path))
        }
        guard lseek(fd, off_t(length), SEEK_SET) >= 0 else { throw closing(FileIO.failure("cannot seek in", path)) }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Writes all of `bytes` at the end (retrying short writes and EINTR).
    func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(ReplayError) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let n = writeDescriptor(fd, base + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileIO.failure("cannot write", path)
            }
            offset += n
        }
    }

    /// fsyncs the file (and its directory when this batch created it), then closes it. With `dropFromCache`
    /// the pages of this batch, clean after the fsync, leave the page cache (see `ExportWriter.init`).
    func syncAndClose(dropFromCache: Bool = false) throws(ReplayError) {
        guard fsync(fd) == 0 else { throw closing(FileIO.failure("cannot fsync", path)) }
        if dropFromCache { _ = posix_fadvise(fd, off_t(start), 0, Int32(POSIX_FADV_DONTNEED)) }
        close(fd)
        fd = -1
        if created {
            let dfd = open(FileIO.parentDirectory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if dfd >= 0 {
                _ = fsync(dfd)
                close(dfd)
            }
        }
    }

    private func closing(_ error: ReplayError) -> ReplayError {
        close(fd)
        fd = -1
        return error
    }
}

/// POSIX `write` (the method above shadows the name inside the class).
private func writeDescriptor(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
