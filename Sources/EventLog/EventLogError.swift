/// The one error type of the `EventLog` module.
///
/// Every error names the file it concerns and, where it applies, the byte offset inside it, so that a user
/// reading the one-line message knows exactly where to look (`description` renders all of it).
public struct EventLogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as an extensible code (a struct, so new codes never break callers' `switch`es).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case io, locked, badMagic, unsupportedVersion, corruptFrame, corruptIndex, sequenceGap
            case malformedEncoding, invalidArgument, closed, compression, notFound
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A system call failed (open, read, write, fsync, rename, …); the message carries `strerror`.
        public static let io = Code(.io)
        /// Another writer holds the log's lock file.
        public static let locked = Code(.locked)
        /// A segment or index file does not start with the expected magic bytes.
        public static let badMagic = Code(.badMagic)
        /// A frame or index was written by a format version this build cannot read.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// A frame's header or payload fails its CRC32C or its lengths are impossible.
        public static let corruptFrame = Code(.corruptFrame)
        /// An index file is truncated or inconsistent with its segment.
        public static let corruptIndex = Code(.corruptIndex)
        /// Sequence numbers are not dense across frames or segments.
        public static let sequenceGap = Code(.sequenceGap)
        /// A decompressed payload does not decode (bad varint, length past the end, wrong wire type).
        public static let malformedEncoding = Code(.malformedEncoding)
        /// The caller passed something the log cannot accept (e.g. a batch too large).
        public static let invalidArgument = Code(.invalidArgument)
        /// The writer was used after `close()`.
        public static let closed = Code(.closed)
        /// zstd failed to compress or decompress.
        public static let compression = Code(.compression)
        /// The log directory (or a file that must exist) does not exist.
        public static let notFound = Code(.notFound)

        public var description: String {
            switch value {
            case .io: "io"
            case .locked: "locked"
            case .badMagic: "bad_magic"
            case .unsupportedVersion: "unsupported_version"
            case .corruptFrame: "corrupt_frame"
            case .corruptIndex: "corrupt_index"
            case .sequenceGap: "sequence_gap"
            case .malformedEncoding: "malformed_encoding"
            case .invalidArgument: "invalid_argument"
            case .closed: "closed"
            case .compression: "compression"
            case .notFound: "not_found"
            }
        }
    }

    public var code: Code
    /// What is wrong, in words (without the path, which `description` adds).
    public var message: String
    /// The file concerned, when there is one.
    public var path: String?
    /// The byte offset inside `path`, when the error concerns a position.
    public var offset: UInt64?

    public init(_ code: Code, _ message: String, path: String? = nil, offset: UInt64? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.offset = offset
    }

    /// One line: `<path>[ at offset N]: <message>`.
    public var description: String {
        var text = ""
        if let path { text += path }
        if let offset { text += (text.isEmpty ? "" : " ") + "at offset \(offset)" }
        return text.isEmpty ? message : text + ": " + message
    }
}
