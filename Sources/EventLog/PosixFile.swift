#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thin owner of a POSIX file descriptor whose every failure becomes an `EventLogError` naming the path.
/// `pread`/`pwrite` at explicit offsets keep readers and the writer independent of a shared file position.
final class PosixFile {
    let path: String
    private(set) var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { if descriptor >= 0 { _ = Glibc.close(descriptor) } }

    static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws(EventLogError) -> PosixFile {
        let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
        if fd < 0 { throw PosixFile.error("cannot open", path: path) }
        return PosixFile(path: path, descriptor: fd)
    }

    /// Like `open` for reading, but returns nil when the file does not exist.
    static func openIfExists(_ path: String) throws(EventLogError) -> PosixFile? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw PosixFile.error("cannot open", path: path)
        }
        return PosixFile(path: path, descriptor: fd)
    }

    func close() throws(EventLogError) {
        guard descriptor >= 0 else { return }
        let fd = descriptor
        descriptor = -1
        if Glibc.close(fd) != 0 { throw PosixFile.error("cannot close", path: path) }
    }

    func size() throws(EventLogError) -> UInt64 {
        var info = stat()
        if fstat(descriptor, &info) != 0 { throw PosixFile.error("cannot stat", path: path) }
        return UInt64(info.st_size)
    }

    /// Reads up to `count` bytes at `offset` into `buffer[0..<count]`; returns how many were read (short only at EOF).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(EventLogError) -> Int {
        var done = 0
        while done < buffer.count {
            let n = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw PosixFile.error("cannot read", path: path, offset: offset + UInt64(done))
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Reads exactly `count` bytes at `offset` into a new array, or fewer at end of file.
    func read(count: Int, at offset: UInt64) throws(EventLogError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let n = try bytes.withMutableBytes { (buffer) throws(EventLogError) in
            try read(into: buffer, at: offset)
        }
        if n < count { bytes.removeLast(count - n) }
        return bytes
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(EventLogError) {
        var done = 0
        while done < bytes.count {
            let n = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw PosixFile.error("cannot write", path: path, offset: offset + UInt64(done))
            }
            done += n
        }
    }

    func truncate(to length: UInt64) throws(EventLogError) {
        if ftruncate(descriptor, off_t(length)) != 0 {
            throw PosixFile.error("cannot truncate", path: path, offset: length)
        }
    }

    /// Forces the file's data to stable storage (`fdatasync`: metadata other than the size is not needed).
    func syncData() throws(EventLogError) {
        if fdatasync(descriptor) != 0 { throw PosixFile.error("cannot fsync", path: path) }
    }

    /// Forces a directory entry change (create, rename, unlink) to stable storage.
    static func syncDirectory(_ path: String) throws(EventLogError) {
        let dir = try PosixFile.open(path, flags: O_RDONLY | O_DIRECTORY)
        if fsync(dir.descriptor) != 0 { throw PosixFile.error("cannot fsync directory", path: path) }
        try dir.close()
    }

    /// Takes an exclusive, non-blocking `flock`; false when another process (or descriptor) holds it.
    func tryLockExclusive() throws(EventLogError) -> Bool {
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return true }
        if errno == EWOULDBLOCK { return false }
        throw PosixFile.error("cannot lock", path: path)
    }

    static func error(_ what: String, path: String, offset: UInt64? = nil) -> EventLogError {
        let code = errno
        let reason = String(cString: strerror(code))
        return EventLogError(code == ENOENT ? .notFound : .io, "\(what): \(reason)", path: path, offset: offset)
    }
}

/// Directory helpers used by the writer, reader and verifier.
enum PosixDirectory {
    /// Names of the entries of `path` (no `.`/`..`), unsorted.
    static func entries(_ path: String) throws(EventLogError) -> [String] {
        guard let dir = opendir(path) else {
            throw PosixFile.error("cannot list directory", path: path)
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// `mkdir -p`.
    static func create(_ path: String) throws(EventLogError) {
        if isDirectory(path) { return }
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw PosixFile.error("cannot create directory", path: prefix)
            }
        }
    }

    static func remove(_ path: String) throws(EventLogError) {
        if unlink(path) != 0 && errno != ENOENT { throw PosixFile.error("cannot remove", path: path) }
    }

    static func rename(_ from: String, to: String) throws(EventLogError) {
        if Glibc.rename(from, to) != 0 { throw PosixFile.error("cannot rename to \(to)", path: from) }
    }
}
