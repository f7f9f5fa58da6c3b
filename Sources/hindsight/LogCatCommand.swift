import ArgumentParser
import EventLog
import HindsightJSON

/// `hindsight log cat`: print events, one per line.
struct LogCatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cat",
        abstract: "Print events from the log, one per line.",
        discussion: """
            --since seeks to the first frame whose running maximum event time reaches TIME (event time is \
            not monotone across the log: outcomes arrive late) and then prints only events at or after TIME. \
            TIME is ISO-8601 (2026-01-02T03:04:05, optional fraction, Z or ±HH:MM; no zone means UTC) or \
            epoch seconds.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "First sequence number to print.")
    var from: UInt64?

    @Option(name: .long, help: "Last sequence number to print (inclusive).")
    var to: UInt64?

    @Option(name: .long, help: "Only events at or after this event time.")
    var since: String?

    @Flag(name: .long, help: "One JSON object per event (seq, kind, times, source, position, payload, original).")
    var json = false

    func validate() throws {
        if let since, EventTime.parse(since) == nil {
            throw ValidationError("--since '\(since)' is neither ISO-8601 nor epoch seconds")
        }
        if let from, let to, to < from { throw ValidationError("--to \(to) is before --from \(from)") }
    }

    func run() throws {
        let sinceTime = since.flatMap(EventTime.parse)
        var out = StandardOutput()
        do {
            let reader = try EventLogReader(directory: LogOutput.directory(global))
            var start = from ?? 0
            if let sinceTime { start = max(start, try reader.firstSequence(atOrAfterEventTime: sinceTime)) }
            var cursor = try reader.cursor(from: start)
            var line: [UInt8] = []
            while let event = try cursor.next() {
                if let to, event.seq > to { break }
                if let sinceTime, event.eventTime < sinceTime { continue }
                if json {
                    line.removeAll(keepingCapacity: true)
                    JSONWriter.compact.write(event.jsonValue, into: &line)
                    line.append(0x0A)
                    out.write(line)
                } else {
                    let original = String(decoding: event.original, as: UTF8.self)
                    out.line(
                        "\(event.seq)\t\(event.kindName)\t\(EventTime.iso8601(event.eventTime))\t\(event.source)\t\(original)"
                    )
                }
            }
        } catch {
            out.flush()
            throw LogOutput.exitCode(for: error)
        }
        out.flush()
    }
}
