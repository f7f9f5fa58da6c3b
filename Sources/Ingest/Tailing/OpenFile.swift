import EventLog
import Glibc

/// What `stat` says about a file, reduced to what identity decisions need.
struct FileStat: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: UInt64
    var linkCount: UInt64
    var modifiedNanoseconds: Int64

    init(_ s: stat) {
        device = UInt64(s.st_dev)
        inode = UInt64(s.st_ino)
        size = UInt64(max(0, s.st_size))
        linkCount = UInt64(s.st_nlink)
        modifiedNanoseconds = Int64(s.st_mtim.tv_sec) * 1_000_000_000 + Int64(s.st_mtim.tv_nsec)
    }

    /// `stat` of a path, or nil when it does not exist (or is not a regular file).
    static func of(path: String) -> FileStat? {
        var s = stat()
        guard stat(path, &s) == 0, (s.st_mode & S_IFMT) == S_IFREG else { return nil }
        return FileStat(s)
    }
}

/// A read-only file descriptor that closes itself. Kept open across rotation so that a renamed or deleted
/// file can be finished after its path names another file (Vector and Fluent Bit do the same).
final class OpenFile {
    let fd: Int32
    let path: String

    init?(path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    func stat() -> FileStat? {
        var s = Glibc.stat()
        guard fstat(fd, &s) == 0 else { return nil }
        return FileStat(s)
    }

    /// Reads up to `buffer.count` bytes at `offset`; returns the byte count (0 at end of file).
    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int {
        let n = readOrErrno(at: offset, into: buffer)
        guard n >= 0 else { throw readError(offset: offset, errno: Int32(-n)) }
        return n
    }

    /// `pread` retried on EINTR: the byte count, or minus errno (no throwing inside buffer closures).
    func readOrErrno(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        while true {
            let n = pread(fd, buffer.baseAddress, buffer.count, off_t(offset))
            if n >= 0 { return n }
            if errno == EINTR { continue }
            return -Int(errno)
        }
    }

    func readError(offset: UInt64, errno code: Int32) -> IngestError {
        IngestError(.io, "cannot read \(path) at offset \(offset): \(String(cString: strerror(code)))")
    }

    /// Reads exactly `length` bytes at `offset`, or fewer if the file is shorter.
    func readBytes(at offset: UInt64, length: Int) throws(IngestError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        var filled = 0
        while filled < length {
            let at = offset + UInt64(filled)
            let n = out.withUnsafeMutableBytes { raw in
                readOrErrno(at: at, into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
            }
            if n < 0 { throw readError(offset: at, errno: Int32(-n)) }
            if n == 0 { break }
            filled += n
        }
        out.removeSubrange(filled...)
        return out
    }

    /// The identity of this file with a head fingerprint over its first `headLength` bytes (nil if shorter).
    func identity(headLength: Int) throws(IngestError) -> FileIdentity? {
        guard let s = stat() else { return nil }
        let head = try readBytes(at: 0, length: headLength)
        guard head.count == headLength else { return nil }
        return FileIdentity(
            device: s.device,
            inode: s.inode,
            headFingerprint: Fingerprint.of(head),
            headLength: UInt32(headLength)
        )
    }

    /// Whether this file still is the file `identity` describes: same device/inode and same head bytes.
    func matches(_ identity: FileIdentity) throws(IngestError) -> Bool {
        guard let s = stat(), s.device == identity.device, s.inode == identity.inode else { return false }
        return try sameHead(as: identity)
    }

    /// Whether the first `identity.headLength` bytes still hash to the stored fingerprint.
    func sameHead(as identity: FileIdentity) throws(IngestError) -> Bool {
        let head = try readBytes(at: 0, length: Int(identity.headLength))
        return head.count == Int(identity.headLength) && Fingerprint.of(head) == identity.headFingerprint
    }
}
