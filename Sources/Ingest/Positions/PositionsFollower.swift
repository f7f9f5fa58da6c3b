public import EventLog
import Glibc

/// Watches the positions document (rewritten in place on every change) and turns each new content into
/// the diff against the log's fold.
///
/// Change detection is polling: device/inode/size/mtime first (cheap), then a fingerprint of the whole
/// content (an `os.replace` with identical content is no change). A content that does not parse is not
/// committed and is read again at the next poll; it is never diffed (so a document caught mid-write can
/// never look like "all positions vanished").
public final class PositionsFollower {
    public enum Outcome: Sendable, Equatable {
        case unchanged
        /// The current content does not parse; counted once per distinct content, retried every poll.
        case unreadable(String)
        case changed([EventDraft], recordsRead: Int)
    }

    public let source: SourceID
    public let path: String
    private let codec: PositionsCodec
    private var fold: PositionsFold
    private var committedCheckpoint: SourceCheckpoint
    private var pendingCheckpoint: SourceCheckpoint?
    /// `stat` of the content last diffed (or found equal to the committed one).
    private var lastStat: FileStat?
    private var lastFailure: UInt64?

    public init(
        source: SourceID,
        path: String,
        checkpoint: SourceCheckpoint?,
        fold: PositionsFold,
        codec: PositionsCodec
    ) {
        self.source = source
        self.path = path
        self.codec = codec
        self.fold = fold
        self.committedCheckpoint = checkpoint ?? SourceCheckpoint(source: source, file: nil, offset: 0)
    }

    public var checkpoint: SourceCheckpoint { pendingCheckpoint ?? committedCheckpoint }

    /// The log took the last diff.
    public func committed() {
        if let pendingCheckpoint { committedCheckpoint = pendingCheckpoint }
        pendingCheckpoint = nil
    }

    public func poll(ingestTime: Int64) throws(IngestError) -> Outcome {
        guard let before = FileStat.of(path: path), before != lastStat else { return .unchanged }
        guard let file = OpenFile(path: path), let opened = file.stat() else { return .unchanged }
        let bytes = try file.readBytes(at: 0, length: Int(opened.size))
        let fingerprint = Fingerprint.of(bytes)
        let current = checkpoint
        if current.documentVersion > 0 && fingerprint == current.documentFingerprint {
            lastStat = opened
            return .unchanged
        }
        let parsed = bytes.isEmpty ? .unreadable("the document is empty") : codec.parseDocument(bytes)
        guard case .document(let docOpen, let docClosed) = parsed else {
            guard lastFailure != fingerprint else { return .unchanged }
            lastFailure = fingerprint
            if case .unreadable(let reason) = parsed { return .unreadable(reason) }
            return .unreadable("unreadable")
        }
        lastFailure = nil
        let version = current.documentVersion + 1
        let (drafts, recordsRead) = fold.diff(
            open: docOpen,
            closed: docClosed,
            source: source,
            version: version,
            documentFingerprint: fingerprint,
            ingestTime: ingestTime
        )
        for d in drafts { fold.apply(d.withSequence(0)) }
        pendingCheckpoint = SourceCheckpoint(
            source: source,
            file: FileIdentity(device: opened.device, inode: opened.inode, headFingerprint: 0, headLength: 0),
            offset: UInt64(bytes.count),
            documentVersion: version,
            documentFingerprint: fingerprint
        )
        lastStat = opened
        return .changed(drafts, recordsRead: recordsRead)
    }
}
