#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory under `$TMPDIR` (or /tmp) for one test, removed with everything in it by `remove()`
/// or `withTemporaryDirectory`. Tests run in parallel, so every test gets its own.
public struct TempDirectory: Sendable {
    public let path: String

    public init(prefix: String = "hindsight-test") {
        var template = Array("\(Self.base())/\(prefix)-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(created != nil, "mkdtemp failed in \(Self.base())")
        path = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
    }

    /// `path` + "/" + `name`.
    public func appending(_ name: String) -> String { path + "/" + name }

    /// Removes the directory tree (best effort; restores permissions a test may have removed).
    public func remove() { Self.removeTree(path) }

    private static func base() -> String {
        if let tmp = getenv("TMPDIR") { return String(cString: tmp) }
        return "/tmp"
    }

    private static func removeTree(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            chmod(path, 0o755)
            if let dir = opendir(path) {
                var names: [String] = []
                while let entry = readdir(dir) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                    }
                    if name != "." && name != ".." { names.append(name) }
                }
                closedir(dir)
                for name in names { removeTree(path + "/" + name) }
            }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}

/// Runs `body` with a fresh temporary directory and removes it afterwards.
public func withTemporaryDirectory<R>(
    prefix: String = "hindsight-test",
    _ body: (TempDirectory) throws -> R
) rethrows -> R {
    let directory = TempDirectory(prefix: prefix)
    defer { directory.remove() }
    return try body(directory)
}

/// Async variant of `withTemporaryDirectory`.
public func withTemporaryDirectory<R>(
    prefix: String = "hindsight-test",
    _ body: (TempDirectory) async throws -> R
) async rethrows -> R {
    let directory = TempDirectory(prefix: prefix)
    defer { directory.remove() }
    return try await body(directory)
}
