import Dispatch
import Foundation
import HindsightTestSupport

/// Runs the `hindsight` executable that `swift build` put beside the tests, the way a user runs it: arguments in,
/// exit status, stdout and stderr out.
enum HindsightBinary {
    static let path = RealData.packageRoot + "/.build/debug/hindsight"

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// stderr split into lines.
        var errorLines: [Substring] { stderr.split(separator: "\n") }
    }

    static var exists: Bool { FileManager.default.isExecutableFile(atPath: path) }

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain stderr on another thread while stdout is read here, so that neither pipe can fill up and block
        // the child.
        let errorData = ErrorBox()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errorData.data = err.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        done.wait()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: errorData.data, as: UTF8.self)
        )
    }

    private final class ErrorBox: @unchecked Sendable {
        var data = Data()
    }
}
