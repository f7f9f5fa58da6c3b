/// Appends protobuf-style fields (tag = field number << 3 | wire type, varints, fixed64, length-delimited)
/// to a reusable byte buffer. See docs/event-log.md for the encoding this implements.
struct WireWriter {
    enum WireType: UInt8 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    var bytes: [UInt8]

    init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func tag(_ field: UInt32, _ type: WireType) { varint(UInt64(field) << 3 | UInt64(type.rawValue)) }

    mutating func fixed64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func fixed32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
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
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func data(_ field: UInt32, _ value: ArraySlice<UInt8>) {
        tag(field, .lengthDelimited)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
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
        let lengthAt = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: width))
        body(&self)
        let length = bytes.count - lengthAt - width
        let needed = Self.varintSize(UInt64(length))
        if needed > width {
            bytes.insert(contentsOf: repeatElement(0, count: needed - width), at: lengthAt + width)
        }
        let slots = max(width, needed)
        var v = UInt64(length)
        for i in 0..<slots {
            let last = i == slots - 1
            bytes[lengthAt + i] = UInt8(truncatingIfNeeded: v & 0x7F) | (last ? 0 : 0x80)
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
