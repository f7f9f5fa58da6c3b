import EventLog

/// How far an append-only export had been written: its length and the CRC-32C of those bytes.
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

    /// The CRC-32C of no bytes.
    public static let emptyHash: UInt64 = 0

    /// The mark after appending `bytes`.
    public func appending(_ bytes: [UInt8]) -> ExportMark {
        bytes.withUnsafeBufferPointer { appending($0) }
    }

    /// The mark after appending `bytes`.
    public func appending(_ bytes: UnsafeBufferPointer<UInt8>) -> ExportMark {
        var next = self
        next.length += UInt64(bytes.count)
        next.hash = Self.checksum(bytes, continuing: hash)
        return next
    }

    /// The CRC-32C (in the low 32 bits) of the bytes hashed so far and then `bytes`; `FileIO.prefixHash`
    /// recomputes it from the file. CRC-32C rather than the FNV-1a 64 of format 2: every exported byte is
    /// hashed, and FNV-1a (one multiply per byte, serial) was ~10 % of a replay's CPU, the `crc32` instruction
    /// ~0.3 %. A CRC detects what the mark is for (a file edited, truncated or from another log); it is no
    /// defence against a forger, and needs none.
    static func checksum(_ bytes: UnsafeBufferPointer<UInt8>, continuing hash: UInt64) -> UInt64 {
        UInt64(CRC32C.checksum(UnsafeRawBufferPointer(bytes), continuing: UInt32(truncatingIfNeeded: hash)))
    }
}
