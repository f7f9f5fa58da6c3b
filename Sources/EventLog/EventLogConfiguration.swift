/// How an `EventLogWriter` lays out and persists the log. Defaults follow docs/event-log.md.
public struct EventLogConfiguration: Sendable, Equatable {
    /// When appended frames are forced to stable storage.
    public enum Durability: Sendable, Equatable {
        /// `fdatasync` after every frame: an acknowledged append survives a power cut (the default).
        case everyFrame
        /// `fdatasync` when at least this many milliseconds passed since the last sync (group commit);
        /// a power cut may lose up to that window, which recovery then reports.
        case interval(milliseconds: Int)
        /// Never sync (tests, benchmarks, scratch logs); the OS writes back when it likes.
        case never
    }

    /// A segment is sealed and a new one started when the next frame would take it past this size.
    public var segmentMaxBytes: Int
    /// zstd level for frame payloads: 3 by default; 1 or a negative "fast" level trade disk for CPU when
    /// ingest is CPU-bound (docs/benchmarks.md, "Ingest (end to end)"); `supportedCompressionLevels` lists what
    /// the linked libzstd accepts (the writer rejects other values with `.invalidArgument`).
    public var compressionLevel: Int32
    public var durability: Durability
    /// A sparse index entry is written for a frame when at least this many bytes of segment lie between it
    /// and the previous entry (the first frame of every segment always gets one).
    public var indexIntervalBytes: Int

    public init(
        segmentMaxBytes: Int = 256 * 1024 * 1024,
        compressionLevel: Int32 = 3,
        durability: Durability = .everyFrame,
        indexIntervalBytes: Int = 4096
    ) {
        self.segmentMaxBytes = segmentMaxBytes
        self.compressionLevel = compressionLevel
        self.durability = durability
        self.indexIntervalBytes = indexIntervalBytes
    }

    /// The compression levels the linked libzstd accepts (e.g. -131072...22 for zstd 1.5).
    public static var supportedCompressionLevels: ClosedRange<Int32> { ZstdCompressor.levels }

    /// The event log directory of a bot root: `<root>/logs/events`.
    public static func directory(forRoot root: String) -> String {
        (root.hasSuffix("/") ? root : root + "/") + "logs/events"
    }
}
