/// Binary layout of a snapshot file (little endian):
///
/// ```
/// "HSNAPSHT"            8 bytes magic
/// u32 format version    (3)
/// u64 nextSequence
/// u8  hasEventTime, i64 lastEventTime
/// u32 entry count, then per entry: u32 identity length, identity UTF-8, u64 state length, state bytes
/// u32 export mark count, then per mark: u32 path length, path UTF-8, u64 length, u64 CRC-32C (low 32 bits)
/// u64 CRC-32C (low 32 bits) of every byte before it
/// ```
/// Why a checksum although writes are atomic: a snapshot outlives the process that wrote it (disk errors,
/// copies between machines); a damaged snapshot must be refused, never folded forward from.
public enum SnapshotCodec {
    static let magic: [UInt8] = Array("HSNAPSHT".utf8)
    /// 2: states in the binary state encoding (`StateCoding`, was JSON) and export marks of the append-only
    /// files. 3: the marks and the checksum are CRC-32C (were FNV-1a 64, ~10 % of a replay's CPU). Older
    /// versions are refused with a notice (the replay falls back to seq 0 and rewrites the append-only files).
    static let formatVersion: UInt32 = 3

    public static func encode(_ snapshot: Snapshot) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + snapshot.entries.reduce(0) { $0 + $1.identity.utf8.count + $1.state.count + 12 })
        out += magic
        appendLE(&out, formatVersion)
        appendLE(&out, snapshot.nextSequence)
        out.append(snapshot.lastEventTime == nil ? 0 : 1)
        appendLE(&out, UInt64(bitPattern: snapshot.lastEventTime ?? 0))
        appendLE(&out, UInt32(snapshot.entries.count))
        for entry in snapshot.entries {
            let id = Array(entry.identity.utf8)
            appendLE(&out, UInt32(id.count))
            out += id
            appendLE(&out, UInt64(entry.state.count))
            out += entry.state
        }
        appendLE(&out, UInt32(snapshot.exportMarks.count))
        for mark in snapshot.exportMarks {
            let path = Array(mark.relativePath.utf8)
            appendLE(&out, UInt32(path.count))
            out += path
            appendLE(&out, mark.length)
            appendLE(&out, mark.hash)
        }
        appendLE(&out, checksum(out[...]))
        return out
    }

    /// Decodes and verifies a snapshot; `name` is used in error messages (usually the file path).
    public static func decode(_ bytes: [UInt8], name: String) throws(ReplayError) -> Snapshot {
        func corrupt(_ why: String) -> ReplayError { ReplayError(.corruptSnapshot, "snapshot \(name): \(why)") }
        guard bytes.count >= magic.count + 4 + 8 + 9 + 4 + 8 else { throw corrupt("too short (\(bytes.count) bytes)") }
        guard Array(bytes[0..<magic.count]) == magic else { throw corrupt("not a hindsight snapshot (bad magic)") }
        let body = bytes[0..<(bytes.count - 8)]
        var trailer = ByteCursor(bytes[(bytes.count - 8)...])
        guard let stored = trailer.u64(), stored == checksum(body) else {
            throw corrupt("checksum mismatch (damaged or truncated)")
        }
        var cursor = ByteCursor(body.dropFirst(magic.count))
        guard let version = cursor.u32() else { throw corrupt("truncated header") }
        guard version == formatVersion else { throw corrupt("format version \(version) is not supported") }
        guard let next = cursor.u64(), let hasTime = cursor.u8(), let time = cursor.u64(), let count = cursor.u32()
        else { throw corrupt("truncated header") }
        var entries: [Snapshot.Entry] = []
        for index in 0..<Int(count) {
            guard let idLength = cursor.u32(), let id = cursor.bytes(Int(idLength)), let stateLength = cursor.u64(),
                stateLength <= UInt64(Int.max), let state = cursor.bytes(Int(stateLength))
            else { throw corrupt("entry \(index) is truncated") }
            entries.append(Snapshot.Entry(identity: String(decoding: id, as: UTF8.self), state: Array(state)))
        }
        guard let markCount = cursor.u32() else { throw corrupt("truncated export marks") }
        var marks: [ExportMark] = []
        for index in 0..<Int(markCount) {
            guard let pathLength = cursor.u32(), let path = cursor.bytes(Int(pathLength)), let length = cursor.u64(),
                let hash = cursor.u64()
            else { throw corrupt("export mark \(index) is truncated") }
            marks.append(ExportMark(relativePath: String(decoding: path, as: UTF8.self), length: length, hash: hash))
        }
        guard cursor.isAtEnd else { throw corrupt("trailing bytes after the last entry") }
        return Snapshot(
            nextSequence: next,
            lastEventTime: hasTime == 0 ? nil : Int64(bitPattern: time),
            entries: entries,
            exportMarks: marks
        )
    }

    /// The file checksum: CRC-32C (hardware) in the low 32 bits.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBufferPointer { ExportMark.checksum($0, continuing: 0) }
    }

    /// FNV-1a, 64-bit: fast enough for megabytes of state and dependency-free.
    public static func fnv1a64(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }

    private static func appendLE<T: FixedWidthInteger>(_ out: inout [UInt8], _ value: T) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }
}

/// Bounds-checked little-endian reads over a byte slice.
struct ByteCursor {
    private var rest: ArraySlice<UInt8>
    init(_ bytes: ArraySlice<UInt8>) { rest = bytes }
    var isAtEnd: Bool { rest.isEmpty }

    mutating func u8() -> UInt8? { rest.popFirst() }
    mutating func u32() -> UInt32? { integer() }
    mutating func u64() -> UInt64? { integer() }
    mutating func bytes(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, rest.count >= count else { return nil }
        defer { rest = rest.dropFirst(count) }
        return rest.prefix(count)
    }

    private mutating func integer<T: FixedWidthInteger>() -> T? {
        let size = MemoryLayout<T>.size
        guard rest.count >= size else { return nil }
        var value: T = 0
        for (shift, byte) in rest.prefix(size).enumerated() { value |= T(byte) << (shift * 8) }
        rest = rest.dropFirst(size)
        return value
    }
}
