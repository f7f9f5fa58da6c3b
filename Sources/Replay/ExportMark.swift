/// How far an append-only export had been written: its length and the FNV-1a 64 hash of those bytes.
///
/// A snapshot records one mark per append-only file. Resuming from the snapshot is allowed only when the file
/// on disk still starts with exactly those bytes; the file is then cut back to `length` and the rows the
/// fold finalizes after the snapshot are appended again, so the file equals what a replay from seq 0 writes.
public struct ExportMark: Sendable, Equatable {
    public var relativePath: String
    public var length: UInt64
    public var hash: UInt64

    public init(relativePath: String, length: UInt64 = 0, hash: UInt64 = ExportMark.emptyHash) {
        self.relativePath = relativePath
        self.length = length
        self.hash = hash
    }

    /// FNV-1a 64 of no bytes.
    public static let emptyHash: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The mark after appending `bytes`.
    public func appending(_ bytes: [UInt8]) -> ExportMark {
        bytes.withUnsafeBufferPointer { appending($0) }
    }

    /// The mark after appending `bytes`.
    public func appending(_ bytes: UnsafeBufferPointer<UInt8>) -> ExportMark {
        var next = self
        next.length += UInt64(bytes.count)
        next.hash = Self.fnv1a64(bytes, seed: hash)
        return next
    }

    /// Streaming FNV-1a 64 (the hash `FileIO.prefixHash` recomputes from the file).
    static func fnv1a64(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        var hash = seed
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}
