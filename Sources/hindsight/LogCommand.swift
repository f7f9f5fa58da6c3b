import ArgumentParser
import EventLog

#if canImport(Glibc)
import Glibc
#endif

/// `hindsight log …`: inspect the event log under `<root>/logs/events`.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Inspect the event log (verify, stats, cat).",
        subcommands: [LogVerifyCommand.self, LogStatsCommand.self, LogCatCommand.self]
    )
}

/// Output and error conventions shared by the `log` subcommands.
enum LogOutput {
    /// Prints `hindsight: <message>` on stderr as one line.
    static func fail(_ message: String) {
        writeAll(Array("hindsight: \(message)\n".utf8), to: 2)
    }

    /// Reports an `EventLogError` and returns the exit code: 2 when the log itself is invalid, else 1.
    static func exitCode(for error: EventLogError) -> ExitCode {
        fail(error.description)
        let invalid: [EventLogError.Code] = [
            .badMagic, .unsupportedVersion, .corruptFrame, .corruptIndex, .sequenceGap, .malformedEncoding,
        ]
        return ExitCode(invalid.contains(error.code) ? 2 : 1)
    }

    /// `write(2)` until done (stdout may be a pipe taking partial writes); gives up on a closed pipe.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(descriptor, raw.baseAddress! + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                done += n
            }
        }
    }

    static func directory(_ global: GlobalOptions) -> String { EventLogConfiguration.directory(forRoot: global.root) }
}

/// Buffered stdout for commands that print many lines.
struct StandardOutput {
    private var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(1 << 16) }

    mutating func write(_ bytes: [UInt8]) {
        buffer += bytes
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func line(_ text: String) {
        buffer += text.utf8
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        LogOutput.writeAll(buffer, to: 1)
        buffer.removeAll(keepingCapacity: true)
    }
}
