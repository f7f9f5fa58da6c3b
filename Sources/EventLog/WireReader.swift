/// Reads the fields `WireWriter` writes from a borrowed buffer, never trapping on malformed input: every
/// failure is a thrown `WireError` that callers turn into an `EventLogError` with file and offset.
struct WireReader {
    struct WireError: Error {
        var message: String
        /// Offset inside the buffer being decoded.
        var position: Int
    }

    let base: UnsafeRawPointer
    private(set) var position: Int
    let end: Int
    /// When set, strings are looked up in (and added to) this cache instead of being built anew; nested
    /// readers inherit it.
    let strings: StringTable?

    init(
        _ buffer: UnsafeRawBufferPointer,
        from start: Int = 0,
        to end: Int? = nil,
        strings: StringTable? = nil
    ) {
        // An empty buffer may have a nil base address; any non-nil pointer works since nothing is read.
        base = UnsafeRawPointer(buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)
        position = start
        self.end = end ?? buffer.count
        self.strings = strings
    }

    @inline(__always)
    var isAtEnd: Bool { position >= end }

    func fail(_ message: String) -> WireError { WireError(message: message, position: position) }

    @inline(__always)
    mutating func varint() throws(WireError) -> UInt64 {
        // Fast path: most varints (tags, kinds, small lengths) are one byte.
        if position < end {
            let first = base.load(fromByteOffset: position, as: UInt8.self)
            if first < 0x80 {
                position += 1
                return UInt64(first)
            }
        }
        return try varintSlow()
    }

    private mutating func varintSlow() throws(WireError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw fail("varint runs past the end") }
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            position += 1
            if shift == 63 && byte > 1 { throw fail("varint longer than 64 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            if shift > 63 { throw fail("varint longer than 10 bytes") }
        }
    }

    @inline(__always)
    mutating func zigzag() throws(WireError) -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    @inline(__always)
    mutating func fixed64() throws(WireError) -> UInt64 {
        guard end - position >= 8 else { throw fail("fixed64 runs past the end") }
        let value = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
        position += 8
        return value
    }

    mutating func fixed32() throws(WireError) -> UInt32 {
        guard end - position >= 4 else { throw fail("fixed32 runs past the end") }
        let value = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt32.self))
        position += 4
        return value
    }

    /// Reads a tag; returns (field number, wire type).
    @inline(__always)
    mutating func tag() throws(WireError) -> (field: UInt32, type: UInt8) {
        let raw = try varint()
        guard raw >> 3 <= UInt64(UInt32.max), raw >> 3 != 0 else { throw fail("invalid field number") }
        return (UInt32(raw >> 3), UInt8(raw & 7))
    }

    /// Reads a length and returns the byte range `[start, end)` it delimits, advancing past it.
    @inline(__always)
    mutating func lengthDelimited() throws(WireError) -> Range<Int> {
        let length = try varint()
        guard length <= UInt64(end - position) else { throw fail("length \(length) runs past the end") }
        let start = position
        position += Int(length)
        return start..<position
    }

    /// Skips a field of an unknown number: this is what makes new fields optional for old readers.
    mutating func skip(type: UInt8) throws(WireError) {
        switch type {
        case 0: _ = try varint()
        case 1: _ = try fixed64()
        case 2: _ = try lengthDelimited()
        case 5: _ = try fixed32()
        default: throw fail("unknown wire type \(type)")
        }
    }

    // MARK: - Typed reads (check the wire type, so a field never decodes as the wrong shape)

    @inline(__always)
    private func expect(_ type: UInt8, _ wanted: UInt8) throws(WireError) {
        if type != wanted { throw fail("wire type \(type) where \(wanted) was expected") }
    }

    @inline(__always)
    mutating func uint(_ type: UInt8) throws(WireError) -> UInt64 {
        try expect(type, 0)
        return try varint()
    }

    @inline(__always)
    mutating func int(_ type: UInt8) throws(WireError) -> Int64 {
        try expect(type, 0)
        return try zigzag()
    }

    @inline(__always)
    mutating func bool(_ type: UInt8) throws(WireError) -> Bool {
        try expect(type, 0)
        return try varint() != 0
    }

    @inline(__always)
    mutating func double(_ type: UInt8) throws(WireError) -> Double {
        try expect(type, 1)
        return Double(bitPattern: try fixed64())
    }

    @inline(__always)
    mutating func fingerprint(_ type: UInt8) throws(WireError) -> UInt64 {
        try expect(type, 1)
        return try fixed64()
    }

    @inline(__always)
    mutating func string(_ type: UInt8) throws(WireError) -> String {
        try expect(type, 2)
        let range = try lengthDelimited()
        // Strings are written from valid Swift strings; invalid UTF-8 means corruption, but decoding with
        // replacement keeps the reader total (the frame CRC already vouched for the bytes).
        if let strings { return strings.string(base + range.lowerBound, count: range.count) }
        return String(
            decoding: UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count),
            as: UTF8.self
        )
    }

    @inline(__always)
    mutating func bytes(_ type: UInt8) throws(WireError) -> [UInt8] {
        try expect(type, 2)
        let range = try lengthDelimited()
        return [UInt8](UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count))
    }

    /// A nested message: a reader over its bytes only.
    @inline(__always)
    mutating func message(_ type: UInt8) throws(WireError) -> WireReader {
        try expect(type, 2)
        let range = try lengthDelimited()
        return WireReader(base: base, position: range.lowerBound, end: range.upperBound, strings: strings)
    }

    private init(base: UnsafeRawPointer, position: Int, end: Int, strings: StringTable?) {
        self.base = base
        self.position = position
        self.end = end
        self.strings = strings
    }

    /// Calls `body` for every field until the end, with the field number and wire type.
    mutating func forEachField(_ body: (inout WireReader, UInt32, UInt8) throws(WireError) -> Void) throws(WireError) {
        while !isAtEnd {
            let (field, type) = try tag()
            try body(&self, field, type)
        }
    }
}
