import Foundation
import Glibc

/// A child process started with `posix_spawn` (stdout/stderr to files), for tests that kill it for real.
struct ChildProcess {
    let pid: pid_t

    /// Starts `executable` with `arguments`; output goes to `outputPath` (appended).
    init(_ executable: String, _ arguments: [String], outputPath: String = "/dev/null") throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard rc == 0 else {
            throw ChildProcessError(message: "posix_spawn \(executable): \(String(cString: strerror(rc)))")
        }
        self.pid = pid
    }

    func kill(_ signal: Int32) { _ = Glibc.kill(pid, signal) }

    /// Waits for the child; returns its exit status (or 128 + signal).
    @discardableResult
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }

    /// Runs to completion and returns (status, output).
    static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        let out =
            FileManager.default.temporaryDirectory.path
            + "/hindsight-child-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).out"
        defer { unlink(out) }
        let child = try ChildProcess(executable, arguments, outputPath: out)
        let status = child.wait()
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        return (status, text)
    }
}

struct ChildProcessError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The `hindsight` executable built next to this test bundle (`swift build --build-tests` builds it too).
func hindsightExecutable() throws -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard n > 0 else { throw ChildProcessError(message: "cannot resolve /proc/self/exe") }
    var path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    // .build/<triple>/debug/hindsightPackageTests.xctest (a file on Linux)
    while !path.isEmpty && !path.hasSuffix("/") { path.removeLast() }
    let candidate = path + "hindsight"
    guard access(candidate, X_OK) == 0 else {
        throw ChildProcessError(
            message: "no hindsight executable at \(candidate): run `swift build --build-tests` first"
        )
    }
    return candidate
}
