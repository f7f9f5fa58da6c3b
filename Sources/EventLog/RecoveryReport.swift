public import HindsightJSON

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
    /// The report as JSON (one line of `recovery.jsonl`).
    public var jsonValue: JSONValue {
        var fields: [(String, JSONValue)] = [
            ("segment", .string(segmentPath)),
            ("truncated_at_offset", EventJSON.uint(truncatedAtOffset)),
            ("bytes_cut", EventJSON.uint(bytesCut)),
            ("problem", .string(problem)),
            ("resume_seq", EventJSON.uint(resumeSequence)),
        ]
        if let cut = cutSequences {
            fields.append(("cut_seq_from", EventJSON.uint(cut.lowerBound)))
            fields.append(("cut_seq_to", EventJSON.uint(cut.upperBound)))
        }
        fields.append(("resume_checkpoints", .array(resumeCheckpoints.map(\.jsonValue))))
        return .object(fields)
    }

    func jsonLine() -> String { JSONWriter.compact.string(jsonValue) }
}
