/// A source's read position after a frame: stored inside every frame, so that events and the offsets they
/// came from are committed by one append (this is what makes ingest exactly-once). Every frame carries the
/// checkpoint of every source known at that time, so the last valid frame alone restores all of them.
public struct SourceCheckpoint: Sendable, Hashable {
    public var source: SourceID
    /// The file the offset refers to; nil while the source does not exist yet.
    public var file: FileIdentity?
    /// Bytes of `file` consumed: every complete record before this offset is in the log.
    public var offset: UInt64
    /// For documents rewritten in place: the last version folded into the log and its content fingerprint.
    public var documentVersion: UInt64
    public var documentFingerprint: UInt64

    public init(
        source: SourceID,
        file: FileIdentity?,
        offset: UInt64,
        documentVersion: UInt64 = 0,
        documentFingerprint: UInt64 = 0
    ) {
        self.source = source
        self.file = file
        self.offset = offset
        self.documentVersion = documentVersion
        self.documentFingerprint = documentFingerprint
    }
}
