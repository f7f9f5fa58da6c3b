#if canImport(Glibc)
import Glibc
#endif

/// Appends batches of events to a segmented log directory. One writer per directory: opening takes an
/// exclusive `flock` on `LOCK`, so a second writer fails with `.locked` instead of interleaving frames.
///
/// Opening recovers a torn tail: the last segment is validated frame by frame (header CRC, payload CRC,
/// dense sequence numbers), cut at the first invalid frame, and what was cut is described in
/// `recoveryReport` (and appended to `recovery.jsonl`). Corruption in a sealed segment is never repaired
/// here: readers and `log verify` report it with segment and offset.
public final class EventLogWriter {
    public let directory: String
    public let configuration: EventLogConfiguration
    /// The sequence number the next appended event gets.
    public private(set) var nextSequence: UInt64
    /// Every source's checkpoint after the last valid frame, sorted by source.
    public private(set) var checkpoints: [SourceCheckpoint]
    /// Set when opening cut a torn tail.
    public private(set) var recoveryReport: RecoveryReport?

    private var lockFile: PosixFile?
    private var segment: PosixFile
    private var segmentFirstSeq: UInt64
    private var segmentSize: UInt64
    private var indexFile: PosixFile
    private var indexSize: UInt64
    private var lastIndexedOffset: UInt64?
    private var runningMaxEventTime: Int64
    private var encoder: FrameEncoder
    private var lastSyncNanoseconds: UInt64 = 0
    private var hasUnsyncedFrames = false

    public convenience init(directory: String, configuration: EventLogConfiguration = .init()) throws(EventLogError) {
        try self.init(directory: directory, configuration: configuration, formatVersion: FrameHeader.version)
    }

    /// `formatVersion` other than the current one only serves tests that build logs as older builds wrote them.
    init(directory: String, configuration: EventLogConfiguration, formatVersion: UInt16) throws(EventLogError) {
        guard configuration.segmentMaxBytes > FrameHeader.size else {
            throw EventLogError(.invalidArgument, "segmentMaxBytes \(configuration.segmentMaxBytes) is too small")
        }
        self.directory = directory
        self.configuration = configuration
        try PosixDirectory.create(directory)
        let lock = try PosixFile.open(directory + "/" + SegmentFiles.lockName, flags: O_RDWR | O_CREAT)
        guard try lock.tryLockExclusive() else {
            throw EventLogError(.locked, "another writer has this event log open (LOCK is held)", path: lock.path)
        }
        lockFile = lock
        encoder = try FrameEncoder(compressionLevel: configuration.compressionLevel, formatVersion: formatVersion)

        let state = try LogOpening.open(directory: directory, configuration: configuration)
        segment = state.segment
        segmentFirstSeq = state.segmentFirstSeq
        segmentSize = state.segmentSize
        indexFile = state.indexFile
        indexSize = state.indexSize
        lastIndexedOffset = state.lastIndexedOffset
        nextSequence = state.nextSequence
        runningMaxEventTime = state.runningMaxEventTime
        checkpoints = state.checkpoints
        recoveryReport = state.recoveryReport
        lastSyncNanoseconds = Self.monotonicNanoseconds()
    }

    deinit { try? close() }

    /// Appends one frame holding `drafts` (possibly none) and the sources' `checkpoints` after them, and
    /// returns the sequence numbers assigned. Checkpoints are merged by source into the previous ones, so
    /// every frame carries every known source's position.
    @discardableResult
    public func append(
        _ drafts: [EventDraft],
        checkpoints updates: [SourceCheckpoint]
    ) throws(EventLogError) -> Range<UInt64> {
        guard lockFile != nil else { throw EventLogError(.closed, "append after close", path: directory) }
        let merged = Self.merge(checkpoints, updates)
        let header = try encoder.encode(
            drafts,
            checkpoints: merged,
            firstSeq: nextSequence,
            runningMaxBefore: runningMaxEventTime
        )
        let length = UInt64(encoder.frameLength)
        if segmentSize > 0 && segmentSize + length > UInt64(configuration.segmentMaxBytes) {
            try roll()
        }
        let at = segmentSize
        do throws(EventLogError) {
            try encoder.frame.withBytes { (raw) throws(EventLogError) in
                try segment.write(UnsafeRawBufferPointer(rebasing: raw[0..<encoder.frameLength]), at: at)
            }
        } catch {
            // Leave no partial frame behind for the next append to follow.
            try? segment.truncate(to: at)
            throw error
        }
        if lastIndexedOffset == nil || at - lastIndexedOffset! >= UInt64(configuration.indexIntervalBytes) {
            let entry = SegmentIndex.Entry(
                seq: header.firstSeq,
                offset: at,
                runningMaxEventTime: header.runningMaxEventTime
            )
            try SegmentIndex.entryBytes(entry).withBytes { (raw) throws(EventLogError) in
                try indexFile.write(raw, at: indexSize)
            }
            indexSize += UInt64(SegmentIndex.entrySize)
            lastIndexedOffset = at
        }
        segmentSize += length
        let range = nextSequence..<header.endSeq
        nextSequence = header.endSeq
        runningMaxEventTime = header.runningMaxEventTime
        checkpoints = merged
        hasUnsyncedFrames = true
        try syncAccordingToPolicy()
        return range
    }

    /// Syncs what is pending and releases the lock. Further appends fail with `.closed`.
    public func close() throws(EventLogError) {
        guard let lock = lockFile else { return }
        if hasUnsyncedFrames && configuration.durability != .never { try segment.syncData() }
        hasUnsyncedFrames = false
        try segment.close()
        try indexFile.close()
        lockFile = nil
        try lock.close()
    }

    // MARK: - Internals

    private func syncAccordingToPolicy() throws(EventLogError) {
        switch configuration.durability {
        case .everyFrame:
            try segment.syncData()
            hasUnsyncedFrames = false
        case .interval(let milliseconds):
            let now = Self.monotonicNanoseconds()
            if now &- lastSyncNanoseconds >= UInt64(max(0, milliseconds)) * 1_000_000 {
                try segment.syncData()
                hasUnsyncedFrames = false
                lastSyncNanoseconds = now
            }
        case .never: break
        }
    }

    /// Seals the active segment and starts `<nextSequence>.seg`.
    private func roll() throws(EventLogError) {
        if configuration.durability != .never { try segment.syncData() }
        hasUnsyncedFrames = false
        try segment.close()
        try indexFile.close()
        let first = nextSequence
        segment = try PosixFile.open(SegmentFiles.segmentPath(directory, first), flags: O_RDWR | O_CREAT | O_EXCL)
        indexFile = try LogOpening.createIndex(directory: directory, segmentFirstSeq: first)
        indexSize = UInt64(SegmentIndex.headerSize)
        if configuration.durability != .never { try PosixFile.syncDirectory(directory) }
        segmentFirstSeq = first
        segmentSize = 0
        lastIndexedOffset = nil
    }

    static func merge(_ current: [SourceCheckpoint], _ updates: [SourceCheckpoint]) -> [SourceCheckpoint] {
        if updates.isEmpty { return current }
        var merged = current
        for update in updates {
            if let i = merged.firstIndex(where: { $0.source == update.source }) {
                merged[i] = update
            } else {
                merged.append(update)
            }
        }
        merged.sort { $0.source < $1.source }
        return merged
    }

    private static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
