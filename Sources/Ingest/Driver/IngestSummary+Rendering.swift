import EventLog
public import HindsightJSON

extension IngestSummary {
    /// One line per source for the terminal, e.g.
    /// `signals: 120 records read, 121 events appended, 2 rejected (invalid_json 1, missing_field 1), 1 reset (rotated 1)`.
    public var textLines: [String] {
        sources.map { s in
            var line = "\(s.source): \(s.recordsRead) records read, \(s.eventsAppended) events appended, "
            line += "\(s.rejectionCount) rejected"
            if !s.rejections.isEmpty {
                line +=
                    " ("
                    + s.rejections.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key) \($0.value)" }
                    .joined(separator: ", ") + ")"
            }
            line += ", \(s.resetCount) resets"
            if !s.resets.isEmpty {
                line +=
                    " ("
                    + s.resets.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key) \($0.value)" }
                    .joined(separator: ", ") + ")"
            }
            if s.blankLines > 0 { line += ", \(s.blankLines) blank lines skipped" }
            if s.documentParseFailures > 0 { line += ", \(s.documentParseFailures) unreadable document reads retried" }
            return line
        }
    }

    /// The same as JSON (`hindsight ingest --json`); keys in a fixed order.
    public var jsonValue: JSONValue {
        .object([
            ("frames_appended", .int(Int64(framesAppended))),
            (
                "sources",
                .array(
                    sources.map { s in
                        .object([
                            ("source", .string(s.source.rawValue)),
                            ("records_read", .int(Int64(s.recordsRead))),
                            ("events_appended", .int(Int64(s.eventsAppended))),
                            ("blank_lines", .int(Int64(s.blankLines))),
                            ("document_parse_failures", .int(Int64(s.documentParseFailures))),
                            (
                                "events_by_kind",
                                .object(
                                    s.eventsByKind.sorted { $0.key.rawValue < $1.key.rawValue }
                                        .map { ($0.key.name, .int(Int64($0.value))) }
                                )
                            ),
                            (
                                "rejections",
                                .object(
                                    s.rejections.sorted { $0.key.rawValue < $1.key.rawValue }
                                        .map { ($0.key.description, .int(Int64($0.value))) }
                                )
                            ),
                            (
                                "resets",
                                .object(
                                    s.resets.sorted { $0.key.rawValue < $1.key.rawValue }
                                        .map { ($0.key.description, .int(Int64($0.value))) }
                                )
                            ),
                        ])
                    }
                )
            ),
        ])
    }
}
