import ArgumentParser
import EventLog

/// `hindsight log verify`: every frame's CRCs and encoding, seq density, index consistency.
struct LogVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every frame CRC, sequence density and index consistency of the event log.",
        discussion: "Exits 2 and names segment and offset of every problem found; nothing is repaired."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let report: EventLogVerifier.Report
        do {
            report = try EventLogVerifier.verify(directory: LogOutput.directory(global))
        } catch {
            throw LogOutput.exitCode(for: error)
        }
        var out = StandardOutput()
        for line in report.recoveries { out.line("recovery recorded: \(line)") }
        if report.isValid {
            out.line("ok: \(report.segments) segments, \(report.frames) frames, \(report.events) events")
            out.flush()
            return
        }
        out.flush()
        for finding in report.findings { LogOutput.fail(finding.description) }
        LogOutput.fail(
            "log verify found \(report.findings.count) problem(s) in \(report.segments) segments "
                + "(\(report.frames) frames, \(report.events) events checked)"
        )
        throw ExitCode(2)
    }
}
