import ArgumentParser
import EventLog
import HindsightJSON

/// `hindsight log stats`: events by kind and source, rejections by reason, segments, bytes, ranges.
struct LogStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Summarize the event log: events by kind and source, rejections, segments, bytes."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        let stats: EventLogStatistics
        do {
            stats = try EventLogStatistics.compute(directory: LogOutput.directory(global))
        } catch {
            throw LogOutput.exitCode(for: error)
        }
        var out = StandardOutput()
        if json {
            out.line(JSONWriter.compact.string(stats.jsonValue))
            out.flush()
            return
        }
        func time(_ t: Int64?) -> String { t.map(EventTime.iso8601) ?? "-" }
        func seq(_ s: UInt64?) -> String { s.map { String($0) } ?? "-" }
        out.line("events: \(stats.events) in \(stats.frames) frames (\(stats.emptyFrames) empty)")
        out.line("seq: \(seq(stats.firstSeq)) … \(seq(stats.lastSeq))")
        out.line("event time: \(time(stats.minEventTime)) … \(time(stats.maxEventTime))")
        out.line("by kind:")
        for (name, count) in stats.eventsByKind { out.line("  \(name): \(count)") }
        out.line("by source:")
        for (name, count) in stats.eventsBySource { out.line("  \(name): \(count)") }
        out.line("rejections by reason:")
        for (name, count) in stats.rejectionsByReason { out.line("  \(name): \(count)") }
        let ratio =
            stats.storedBytes > 0 ? Double(stats.originalBytes) / Double(stats.storedBytes) : 0
        out.line(
            "bytes: original records \(stats.originalBytes), encoded \(stats.encodedBytes), "
                + "stored \(stats.storedBytes) (original/stored \(Double(Int(ratio * 100)) / 100))"
        )
        out.line("segments: \(stats.segments.count)")
        for s in stats.segments {
            out.line("  \(s.path): \(s.bytes) bytes, \(s.frames) frames, \(s.events) events")
        }
        out.line("checkpoints:")
        for c in stats.checkpoints { out.line("  \(c.source): offset \(c.offset)") }
        out.line("recoveries recorded: \(stats.recoveries.count)")
        for line in stats.recoveries { out.line("  \(line)") }
        out.flush()
    }
}
