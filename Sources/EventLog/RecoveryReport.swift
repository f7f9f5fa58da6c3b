/// What opening a log cut from its torn tail (a power cut or kill mid-write), so that ingest re-reads that
/// range from its sources: the log resumes at `resumeSequence` and every source at `resumeCheckpoints`,
/// which are the checkpoints of the last valid frame. Nothing after them is in the log any more.
public struct RecoveryReport: Sendable, Equatable {
    /// The segment that was truncated.
    public var segmentPath: String
    /// The segment's length after truncation (the end of its last valid frame).
    public var truncatedAtOffset: UInt64
    /// How many bytes were cut.
    public var bytesCut: UInt64
    /// Why the first cut frame was invalid (e.g. "frame is incomplete: header announces …").
    public var problem: String
    /// The first sequence number that was cut (= the writer's `nextSequence` after recovery).
    public var resumeSequence: UInt64
    /// Sequence numbers the cut frames claimed, when at least one cut frame header was readable
    /// (`resumeSequence..<end`); nil when no header survived (the count is then unknown).
    public var cutSequences: Range<UInt64>?
    /// Source positions after the last valid frame: ingest re-reads every source from here.
    public var resumeCheckpoints: [SourceCheckpoint]

    public init(
        segmentPath: String,
        truncatedAtOffset: UInt64,
        bytesCut: UInt64,
        problem: String,
        resumeSequence: UInt64,
        cutSequences: Range<UInt64>?,
        resumeCheckpoints: [SourceCheckpoint]
    ) {
        self.segmentPath = segmentPath
        self.truncatedAtOffset = truncatedAtOffset
        self.bytesCut = bytesCut
        self.problem = problem
        self.resumeSequence = resumeSequence
        self.cutSequences = cutSequences
        self.resumeCheckpoints = resumeCheckpoints
    }

    /// One line for logs and the CLI.
    public var summary: String {
        var text =
            "recovered torn tail of \(segmentPath): cut \(bytesCut) bytes at offset \(truncatedAtOffset) (\(problem))"
        if let cut = cutSequences { text += ", events \(cut.lowerBound)..<\(cut.upperBound)" }
        text += "; resuming at seq \(resumeSequence)"
        for c in resumeCheckpoints { text += ", \(c.source) at offset \(c.offset)" }
        return text
    }
}

extension RecoveryReport {
    /// The report as one JSON object (the line format of `recovery.jsonl`).
    func jsonLine() -> String {
        func quote(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
        var fields: [String] = [
            "\"segment\":" + quote(segmentPath),
            "\"truncated_at_offset\":\(truncatedAtOffset)",
            "\"bytes_cut\":\(bytesCut)",
            "\"problem\":" + quote(problem),
            "\"resume_seq\":\(resumeSequence)",
        ]
        if let cut = cutSequences {
            fields.append("\"cut_seq_from\":\(cut.lowerBound)")
            fields.append("\"cut_seq_to\":\(cut.upperBound)")
        }
        let checkpoints = resumeCheckpoints.map { c in
            var parts = ["\"source\":" + quote(c.source.rawValue), "\"offset\":\(c.offset)"]
            if let file = c.file {
                parts.append("\"device\":\(file.device)")
                parts.append("\"inode\":\(file.inode)")
            }
            if c.documentVersion != 0 { parts.append("\"document_version\":\(c.documentVersion)") }
            return "{" + parts.joined(separator: ",") + "}"
        }
        fields.append("\"resume_checkpoints\":[" + checkpoints.joined(separator: ",") + "]")
        return "{" + fields.joined(separator: ",") + "}"
    }
}
