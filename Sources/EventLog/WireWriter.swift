#if canImport(Glibc)
import Glibc
#endif

/// Appends protobuf-style fields (tag = field number << 3 | wire type, varints, fixed64, length-delimited)
/// to a reusable byte buffer. See docs/event-log.md for the encoding this implements.
///
/// Why a raw buffer and not `[UInt8]`: the encoder writes ~50 small fields per event, and every
/// `Array.append` checks uniqueness and capacity and may not be inlined across the payload encoders; at ingest
/// rates (100 K+ events/s) that bookkeeping cost more than the bytes. The buffer is owned by this value
/// (`~Copyable`, freed in `deinit`), so there is no reference counting or exclusivity check either.
struct WireWriter: ~Copyable {
    enum WireType: UInt8 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    private var base: UnsafeMutableRawPointer
    private var capacity: Int
    /// Bytes written so far.
    private(set) var count = 0

    init(capacity: Int = 0) {
        self.capacity = max(capacity, 64)
        base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    /// A copy of the bytes written (tests and small messages; the frame encoder uses `withUnsafeBytes`).
    var bytes: [UInt8] {
        get { [UInt8](UnsafeRawBufferPointer(start: base, count: count)) }
        set {
            count = 0
            newValue.withUnsafeBytes { append($0) }
        }
    }

    func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    mutating func removeAll() { count = 0 }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    @inline(never)
    private mutating func grow(to needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        newBase.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    private mutating func appendByte(_ byte: UInt8) {
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    mutating func append(_ raw: UnsafeRawBufferPointer) {
        guard let source = raw.baseAddress, raw.count > 0 else { return }
        reserve(raw.count)
        (base + count).copyMemory(from: source, byteCount: raw.count)
        count += raw.count
    }

    mutating func varint(_ value: UInt64) {
        reserve(10)
        var v = value
        while v >= 0x80 {
            appendByte(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        appendByte(UInt8(v))
    }

    mutating func tag(_ field: UInt32, _ type: WireType) { varint(UInt64(field) << 3 | UInt64(type.rawValue)) }

    mutating func fixed64(_ value: UInt64) {
        reserve(8)
        base.storeBytes(of: value.littleEndian, toByteOffset: count, as: UInt64.self)
        count += 8
    }

    mutating func fixed32(_ value: UInt32) {
        reserve(4)
        base.storeBytes(of: value.littleEndian, toByteOffset: count, as: UInt32.self)
        count += 4
    }

    /// Drops the last `n` bytes written.
    mutating func removeLast(_ n: Int) {
        precondition(n >= 0 && n <= count)
        count -= n
    }

    // MARK: - Fields

    mutating func uint(_ field: UInt32, _ value: UInt64) {
        tag(field, .varint)
        varint(value)
    }

    /// Signed integers are zigzag-encoded so that small negative values stay short.
    mutating func int(_ field: UInt32, _ value: Int64) {
        tag(field, .varint)
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func bool(_ field: UInt32, _ value: Bool) { uint(field, value ? 1 : 0) }

    mutating func double(_ field: UInt32, _ value: Double) {
        tag(field, .fixed64)
        fixed64(value.bitPattern)
    }

    mutating func fingerprint(_ field: UInt32, _ value: UInt64) {
        tag(field, .fixed64)
        fixed64(value)
    }

    mutating func string(_ field: UInt32, _ value: String) {
        tag(field, .lengthDelimited)
        var value = value
        value.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            append(UnsafeRawBufferPointer(utf8))
        }
    }

    mutating func data(_ field: UInt32, _ value: some Collection<UInt8>) {
        tag(field, .lengthDelimited)
        varint(UInt64(value.count))
        if value.withContiguousStorageIfAvailable({ append(UnsafeRawBufferPointer($0)) }) == nil {
            Array(value).withUnsafeBytes { append($0) }
        }
    }

    mutating func double(_ field: UInt32, _ value: Double?) { if let value { double(field, value) } }
    mutating func string(_ field: UInt32, _ value: String?) { if let value { string(field, value) } }
    mutating func bool(_ field: UInt32, _ value: Bool?) { if let value { bool(field, value) } }

    /// Writes a length-delimited field whose content `body` appends. The length is first reserved as a
    /// 2-byte varint (non-minimal below 128, which every varint decoder accepts); only a body of 16 KiB or
    /// more moves its bytes to make room for a longer length. This avoids encoding nested messages twice.
    mutating func message(_ field: UInt32, _ body: (inout WireWriter) -> Void) {
        tag(field, .lengthDelimited)
        lengthPrefixed(reserving: 2, body)
    }

    /// A length prefix reserved as `reserving` bytes of padded varint, then the body.
    mutating func lengthPrefixed(reserving width: Int, _ body: (inout WireWriter) -> Void) {
        let mark = beginLengthPrefix(reserving: width)
        body(&self)
        endLengthPrefix(mark, reserving: width)
    }

    /// Reserves `width` bytes for a length prefix and returns where they are; write the content, then call
    /// `endLengthPrefix` with the same width. (The closure form copies what the closure captures; the frame
    /// encoder's per-event loop uses this pair so that no event is copied.)
    mutating func beginLengthPrefix(reserving width: Int) -> Int {
        reserve(width)
        let lengthAt = count
        count += width
        return lengthAt
    }

    /// Writes the length of everything appended since `beginLengthPrefix` into the reserved bytes, moving
    /// the content when the length needs more than `width` bytes.
    mutating func endLengthPrefix(_ lengthAt: Int, reserving width: Int) {
        let length = count - lengthAt - width
        let needed = Self.varintSize(UInt64(length))
        if needed > width {
            let shift = needed - width
            reserve(shift)
            memmove(base + lengthAt + needed, base + lengthAt + width, length)
            count += shift
        }
        let slots = max(width, needed)
        var v = UInt64(length)
        for i in 0..<slots {
            let last = i == slots - 1
            base.storeBytes(
                of: UInt8(truncatingIfNeeded: v & 0x7F) | (last ? 0 : 0x80),
                toByteOffset: lengthAt + i,
                as: UInt8.self
            )
            v >>= 7
        }
    }

    static func varintSize(_ value: UInt64) -> Int {
        var v = value
        var n = 1
        while v >= 0x80 {
            v >>= 7
            n += 1
        }
        return n
    }
}
