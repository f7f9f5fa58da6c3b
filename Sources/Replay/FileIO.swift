#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin POSIX helpers for the files Replay owns (snapshots, exports). Why POSIX and not Foundation: errors
/// must carry the path and errno text in one line, and durability (fsync of file and directory) is explicit.
enum FileIO {
    static func readAll(_ path: String) throws(ReplayError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("cannot open", path) }
        defer { close(fd) }
        var result: [UInt8] = []
        var st = stat()
        if fstat(fd, &st) == 0, st.st_size > 0 { result.reserveCapacity(Int(st.st_size)) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read", path)
            }
            if n == 0 { break }
            result.append(contentsOf: buffer[0..<n])
        }
        return result
    }

    /// Temp file + fsync + rename + directory fsync: readers see the old or the new content, never a mix.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(ReplayError) {
        let directory = parentDirectory(of: path)
        try makeDirectories(directory)
        let temp = path + ".tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("cannot create", temp) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                let error = failure("cannot write", temp)
                close(fd)
                unlink(temp)
                throw error
            }
            offset += n
        }
        guard fsync(fd) == 0 else {
            let error = failure("cannot fsync", temp)
            close(fd)
            unlink(temp)
            throw error
        }
        close(fd)
        guard rename(temp, path) == 0 else {
            let error = failure("cannot rename to \(path) from", temp)
            unlink(temp)
            throw error
        }
        let dfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            _ = fsync(dfd)
            close(dfd)
        }
    }

    /// The first `length` bytes of a file (error when it is shorter).
    static func readPrefix(_ path: String, length: UInt64) throws(ReplayError) -> [UInt8] {
        let all = try readAll(path)
        guard UInt64(all.count) >= length else { throw ReplayError(.io, "\(path) is shorter than \(length) bytes") }
        return Array(all.prefix(Int(length)))
    }

    /// Cuts an existing file to `length` and fsyncs it.
    static func truncate(_ path: String, to length: UInt64) throws(ReplayError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("cannot open", path) }
        defer { close(fd) }
        guard ftruncate(fd, off_t(length)) == 0 else { throw failure("cannot truncate", path) }
        guard fsync(fd) == 0 else { throw failure("cannot fsync", path) }
    }

    /// The mark hash (`ExportMark.checksum`) of the first `length` bytes of a file; nil when it is shorter.
    static func prefixHash(_ path: String, length: UInt64) throws(ReplayError) -> UInt64? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("cannot open", path) }
        defer { close(fd) }
        var hash = ExportMark.emptyHash
        var remaining = length
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while remaining > 0 {
            let want = Int(min(UInt64(buffer.count), remaining))
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, want) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read", path)
            }
            if n == 0 { return nil }
            hash = buffer.withUnsafeBufferPointer { ExportMark.checksum(.init(rebasing: $0[0..<n]), continuing: hash) }
            remaining -= UInt64(n)
        }
        return hash
    }

    static func makeDirectories(_ path: String) throws(ReplayError) {
        if path.isEmpty || isDirectory(path) { return }
        let parent = parentDirectory(of: path)
        if parent != path { try makeDirectories(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw failure("cannot create directory", path) }
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// Entry names of a directory, sorted (never in directory order: determinism); empty when it does not exist.
    static func list(_ directory: String) throws(ReplayError) -> [String] {
        guard let dir = opendir(directory) else {
            if errno == ENOENT { return [] }
            throw failure("cannot list", directory)
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func remove(_ path: String) throws(ReplayError) {
        if unlink(path) != 0 && errno != ENOENT { throw failure("cannot remove", path) }
    }

    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The path with symbolic links and `.`/`..` resolved (the path itself when it does not exist yet).
    static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func join(_ a: String, _ b: String) -> String { a.hasSuffix("/") ? a + b : a + "/" + b }

    static func failure(_ what: String, _ path: String) -> ReplayError {
        ReplayError(.io, "\(what) \(path): \(String(cString: strerror(errno)))")
    }
}
