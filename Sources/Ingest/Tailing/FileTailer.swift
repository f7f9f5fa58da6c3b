public import EventLog
import Glibc
import HindsightJSON

/// Limits and identity parameters of the append-only file tailers.
public struct TailerConfiguration: Sendable, Equatable {
    /// Longest accepted line (without terminator); longer ones become one `line_too_long` rejection.
    public var maxLineBytes: Int
    /// How many leading bytes identify a file (only bytes already consumed are hashed, see `FileTailer`).
    public var headFingerprintBytes: Int
    /// Size of one `pread`.
    public var readChunkBytes: Int

    public init(maxLineBytes: Int = 1 << 20, headFingerprintBytes: Int = 4096, readChunkBytes: Int = 1 << 20) {
        self.maxLineBytes = maxLineBytes
        self.headFingerprintBytes = headFingerprintBytes
        self.readChunkBytes = readChunkBytes
    }
}

/// What one poll of a tailer found, in file order.
public enum TailItem: Sendable, Equatable {
    /// A complete record of the file `file`.
    case record(LineRecord, file: FileIdentity)
    /// The source was restarted from offset 0 of another file (or of the same file rewritten).
    case reset(SourceReset)
}

/// Follows one append-only file path through growth, rotation, truncation, rewrite and re-creation.
///
/// Identity is device + inode + a fingerprint of the file's head. The head fingerprint only covers bytes
/// that were already consumed (up to `headFingerprintBytes`), so it never changes while the file merely
/// grows, and any change inside it means the content we committed is gone (rewritten in place or
/// truncated and refilled): the source resets to 0 instead of resuming mid-record in foreign bytes.
///
/// Rotation (the path names another inode) first finishes the old file through the descriptor kept
/// open, including an unterminated last line, then emits `SourceReset(.rotated)` (or `.recreated` when
/// the old file was unlinked) and starts the new file at 0. After a restart the old file is located by
/// device/inode in the same directory (e.g. `signals.jsonl.1`) and finished from the checkpoint offset.
/// When the path was rotated more than once since the file we hold was last read (typically while hindsight
/// was stopped), the rotated siblings written after it (`RotatedSiblings`) are read, oldest first, before
/// the file at the path, so no intermediate generation is skipped.
///
/// The tailer never commits anything itself: `checkpoint` is the position to store in the same frame
/// as the events made of the items returned so far.
public final class FileTailer {
    public let source: SourceID
    public let path: String
    public let configuration: TailerConfiguration
    private var handle: OpenFile?
    private var identity: FileIdentity?
    private var splitter: LineSplitter
    /// A checkpoint from the log that has not been matched to a file yet (source missing at startup).
    private var pendingRestore: SourceCheckpoint?
    /// Blank lines consumed so far (they advance the offset but are not records).
    public private(set) var blankLines = 0

    public init(
        source: SourceID,
        path: String,
        checkpoint: SourceCheckpoint?,
        configuration: TailerConfiguration = TailerConfiguration()
    ) {
        self.source = source
        self.path = path
        self.configuration = configuration
        self.splitter = LineSplitter(maxLineBytes: configuration.maxLineBytes)
        self.pendingRestore = checkpoint?.file == nil ? nil : checkpoint
    }

    /// The position to commit with the events made of every item returned so far.
    public var checkpoint: SourceCheckpoint {
        if handle == nil, let pendingRestore { return pendingRestore }
        return SourceCheckpoint(source: source, file: identity, offset: splitter.consumedOffset)
    }

    /// Bytes of an incomplete last line waiting for their newline.
    public var pendingBytes: UInt64 { splitter.pendingLength }

    /// Reads new complete records into `items`, stopping once about `budget` bytes were read (it is
    /// decreased by the bytes read).
    /// Returns true when it stopped because of the budget (more may be ready right now).
    public func poll(budget remaining: inout Int, items: inout [TailItem]) throws(IngestError) -> Bool {
        if handle == nil {
            try attach(items: &items)
        }
        while let current = handle {
            guard let open = current.stat() else {
                throw IngestError(.io, "cannot stat the open file of source \(source) (\(path))")
            }
            let atPath = FileStat.of(path: path)
            let samePath = atPath.map { $0.device == open.device && $0.inode == open.inode } ?? true
            if samePath {
                try checkShrinkOrRewrite(current, size: open.size, items: &items)
                return try drain(current, budget: &remaining, items: &items)
            }
            // The path names another file: finish the one we hold, then switch: to a newer rotated sibling
            // first when the file was rotated more than once since we last read it, else to the path.
            if try drain(current, budget: &remaining, items: &items) { return true }
            let sibling = RotatedSiblings.next(after: open, path: path, excluding: atPath)
            guard let next = sibling ?? OpenFile(path: path) else { return false }
            if let last = splitter.flushPending() {
                items.append(
                    .record(
                        last,
                        file: identity ?? FileIdentity(device: 0, inode: 0, headFingerprint: 0, headLength: 0)
                    )
                )
            }
            let reason: ResetReason = sibling != nil || open.linkCount > 0 ? .rotated : .recreated
            try switchTo(next, reason: reason, items: &items)
        }
        return false
    }

    // MARK: - Attaching

    private func attach(items: inout [TailItem]) throws(IngestError) {
        guard let file = OpenFile(path: path), let s = file.stat() else {
            // The path is missing: a file rotated away while we were down is still finished meanwhile.
            if let restore = pendingRestore, let stored = restore.file,
                let old = try locate(stored, minimumSize: restore.offset)
            {
                pendingRestore = nil
                resume(old, identity: stored, offset: restore.offset)
            }
            return
        }
        guard let restore = pendingRestore, let stored = restore.file else {
            start(file)
            return
        }
        pendingRestore = nil
        if try file.matches(stored), s.size >= restore.offset {
            resume(file, identity: stored, offset: restore.offset)
            return
        }
        if let old = try locate(stored, minimumSize: restore.offset) {
            // Rotated while we were not running: finish the old file first (poll's loop switches after).
            resume(old, identity: stored, offset: restore.offset)
            return
        }
        let reason: ResetReason
        if s.device == stored.device && s.inode == stored.inode {
            reason = s.size < restore.offset ? .truncated : .rewritten
        } else {
            reason = .recreated
        }
        start(file)
        items.append(
            .reset(SourceReset(reason: reason, previous: stored, previousOffset: restore.offset, current: identity))
        )
    }

    private func start(_ file: OpenFile) {
        handle = file
        splitter = LineSplitter(maxLineBytes: configuration.maxLineBytes)
        identity = file.stat().map {
            FileIdentity(device: $0.device, inode: $0.inode, headFingerprint: 0, headLength: 0)
        }
    }

    private func resume(_ file: OpenFile, identity stored: FileIdentity, offset: UInt64) {
        handle = file
        identity = stored
        splitter = LineSplitter(maxLineBytes: configuration.maxLineBytes, startingAt: offset)
    }

    private func switchTo(_ next: OpenFile, reason: ResetReason, items: inout [TailItem]) throws(IngestError) {
        let previous = identity
        let previousOffset = splitter.consumedOffset
        start(next)
        items.append(
            .reset(SourceReset(reason: reason, previous: previous, previousOffset: previousOffset, current: identity))
        )
    }

    /// Finds the file `identity` names among the other entries of the source's directory.
    private func locate(_ wanted: FileIdentity, minimumSize: UInt64) throws(IngestError) -> OpenFile? {
        let directory = parentDirectory(of: path)
        for name in entryNames(inDirectory: directory) {
            let candidate = childPath(directory, name)
            guard candidate != path, let s = FileStat.of(path: candidate),
                s.device == wanted.device, s.inode == wanted.inode, s.size >= minimumSize,
                let file = OpenFile(path: candidate), try file.sameHead(as: wanted)
            else { continue }
            return file
        }
        return nil
    }

    // MARK: - Reading

    private func checkShrinkOrRewrite(_ file: OpenFile, size: UInt64, items: inout [TailItem]) throws(IngestError) {
        let reason: ResetReason?
        if size < splitter.consumedOffset {
            reason = .truncated
        } else if let identity, try !file.sameHead(as: identity) {
            reason = .rewritten
        } else {
            reason = nil
        }
        if let reason {
            let previous = identity
            let previousOffset = splitter.consumedOffset
            start(file)
            items.append(
                .reset(
                    SourceReset(reason: reason, previous: previous, previousOffset: previousOffset, current: identity)
                )
            )
        } else if size < splitter.readOffset {
            // Only the pending partial line shrank: forget it and read it again.
            splitter = LineSplitter(maxLineBytes: configuration.maxLineBytes, startingAt: splitter.consumedOffset)
        }
    }

    /// Reads to the end of `file` or until the budget is spent; true when the budget stopped it.
    ///
    /// Every read goes into a fresh array, and the records are slices of it (which the events' `original`
    /// keep): one allocation per chunk of `readChunkBytes` instead of one allocation and copy per line. The array
    /// has `JSONParser.requiredPadding` zero bytes after the bytes read, so every line of it, the last one
    /// included, can be parsed where it lies (`LineRecord.isPaddedForParsing`).
    private func drain(_ file: OpenFile, budget: inout Int, items: inout [TailItem]) throws(IngestError) -> Bool {
        let padding = JSONParser.requiredPadding
        while budget > 0 {
            let at = splitter.readOffset
            var n = 0
            let chunk = [UInt8](unsafeUninitializedCapacity: configuration.readChunkBytes + padding) {
                buffer,
                initialized in
                n = file.readOrErrno(
                    at: at,
                    into: UnsafeMutableRawBufferPointer(
                        UnsafeMutableBufferPointer(rebasing: buffer[..<configuration.readChunkBytes])
                    )
                )
                let count = max(n, 0)
                (buffer.baseAddress! + count).initialize(repeating: 0, count: padding)
                initialized = count + padding
            }
            if n < 0 { throw file.readError(offset: at, errno: Int32(-n)) }
            if n == 0 { return false }
            budget -= n
            let file = identity ?? FileIdentity(device: 0, inode: 0, headFingerprint: 0, headLength: 0)
            let blanksBefore = splitter.blankLines
            splitter.feed(chunk, count: n) { items.append(.record($0, file: file)) }
            blankLines += splitter.blankLines - blanksBefore
            try refreshHead(file: self.handle)
        }
        return true
    }

    /// Extends the head fingerprint over newly consumed bytes, up to `headFingerprintBytes`.
    private func refreshHead(file: OpenFile?) throws(IngestError) {
        guard let file, let current = identity else { return }
        let want = Int(min(splitter.consumedOffset, UInt64(configuration.headFingerprintBytes)))
        guard want > Int(current.headLength), let grown = try file.identity(headLength: want) else { return }
        identity = grown
    }
}

/// The names in `directory` other than `.` and `..` (none when it cannot be read).
func entryNames(inDirectory directory: String) -> [String] {
    guard let dir = opendir(directory) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}

/// `directory/name`, without doubling the slash of the root directory.
func childPath(_ directory: String, _ name: String) -> String {
    directory == "/" ? "/" + name : directory + "/" + name
}

func parentDirectory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let parent = String(path[..<slash])
    return parent.isEmpty ? "/" : parent
}
