/// Reads the binary state encoding (see `BinaryStateFormat`). Every read is bounds-checked: a damaged
/// state throws `DecodingError.dataCorrupted`, never traps.
final class BinaryStateSource {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func corrupt(_ what: String, at offset: Int, _ path: [any CodingKey]) -> DecodingError {
        .dataCorrupted(.init(codingPath: path, debugDescription: "\(what) at byte \(offset)"))
    }

    func byte(_ offset: inout Int, _ path: [any CodingKey]) throws -> UInt8 {
        guard offset < bytes.count else { throw corrupt("unexpected end", at: offset, path) }
        defer { offset += 1 }
        return bytes[offset]
    }

    func varint(_ offset: inout Int, _ path: [any CodingKey]) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte(&offset, path)
            guard shift < 64 else { throw corrupt("varint too long", at: offset, path) }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }

    func fixed64(_ offset: inout Int, _ path: [any CodingKey]) throws -> UInt64 {
        guard offset + 8 <= bytes.count else { throw corrupt("unexpected end", at: offset, path) }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return v
    }

    /// The bytes of a string value (after its tag).
    func stringRange(_ offset: inout Int, _ path: [any CodingKey]) throws -> Range<Int> {
        let length = try varint(&offset, path)
        guard length <= UInt64(bytes.count - offset) else { throw corrupt("string too long", at: offset, path) }
        let range = offset..<(offset + Int(length))
        offset += Int(length)
        return range
    }

    func string(_ offset: inout Int, _ path: [any CodingKey]) throws -> String {
        let tag = try byte(&offset, path)
        guard tag == BinaryStateFormat.string else {
            throw corrupt("expected a string, found tag \(tag)", at: offset, path)
        }
        let range = try stringRange(&offset, path)
        return String(decoding: bytes[range], as: UTF8.self)
    }

    func int64(_ offset: inout Int, _ path: [any CodingKey]) throws -> Int64 {
        let tag = try byte(&offset, path)
        switch tag {
        case BinaryStateFormat.signed:
            let z = try varint(&offset, path)
            return Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1)))
        case BinaryStateFormat.unsigned:
            let u = try varint(&offset, path)
            guard u <= UInt64(Int64.max) else { throw corrupt("integer out of range", at: offset, path) }
            return Int64(u)
        default: throw corrupt("expected an integer, found tag \(tag)", at: offset, path)
        }
    }

    func uint64(_ offset: inout Int, _ path: [any CodingKey]) throws -> UInt64 {
        let tag = try byte(&offset, path)
        switch tag {
        case BinaryStateFormat.unsigned: return try varint(&offset, path)
        case BinaryStateFormat.signed:
            let z = try varint(&offset, path)
            let v = Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1)))
            guard v >= 0 else { throw corrupt("negative value for an unsigned integer", at: offset, path) }
            return UInt64(v)
        default: throw corrupt("expected an integer, found tag \(tag)", at: offset, path)
        }
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type, _ offset: inout Int, _ path: [any CodingKey]) throws -> T {
        let start = offset
        if T.isSigned {
            guard let v = T(exactly: try int64(&offset, path)) else {
                throw corrupt("integer out of range", at: start, path)
            }
            return v
        }
        guard let v = T(exactly: try uint64(&offset, path)) else {
            throw corrupt("integer out of range", at: start, path)
        }
        return v
    }

    func double(_ offset: inout Int, _ path: [any CodingKey]) throws -> Double {
        let tag = try byte(&offset, path)
        switch tag {
        case BinaryStateFormat.double: return Double(bitPattern: try fixed64(&offset, path))
        case BinaryStateFormat.float:
            guard offset + 4 <= bytes.count else { throw corrupt("unexpected end", at: offset, path) }
            var v: UInt32 = 0
            for i in 0..<4 { v |= UInt32(bytes[offset + i]) << (8 * UInt32(i)) }
            offset += 4
            return Double(Float(bitPattern: v))
        default: throw corrupt("expected a number, found tag \(tag)", at: offset, path)
        }
    }

    func bool(_ offset: inout Int, _ path: [any CodingKey]) throws -> Bool {
        let tag = try byte(&offset, path)
        switch tag {
        case BinaryStateFormat.trueTag: return true
        case BinaryStateFormat.falseTag: return false
        default: throw corrupt("expected a bool, found tag \(tag)", at: offset, path)
        }
    }

    /// Moves past one value.
    func skip(_ offset: inout Int, _ path: [any CodingKey]) throws {
        let tag = try byte(&offset, path)
        switch tag {
        case BinaryStateFormat.null, BinaryStateFormat.falseTag, BinaryStateFormat.trueTag: return
        case BinaryStateFormat.signed, BinaryStateFormat.unsigned: _ = try varint(&offset, path)
        case BinaryStateFormat.double: _ = try fixed64(&offset, path)
        case BinaryStateFormat.float:
            guard offset + 4 <= bytes.count else { throw corrupt("unexpected end", at: offset, path) }
            offset += 4
        case BinaryStateFormat.string: _ = try stringRange(&offset, path)
        case BinaryStateFormat.array:
            while try peek(offset, path) != BinaryStateFormat.end { try skip(&offset, path) }
            offset += 1
        case BinaryStateFormat.keyed:
            while try peek(offset, path) != BinaryStateFormat.end {
                try skip(&offset, path)
                try skip(&offset, path)
            }
            offset += 1
        default: throw corrupt("unknown tag \(tag)", at: offset - 1, path)
        }
    }

    func peek(_ offset: Int, _ path: [any CodingKey]) throws -> UInt8 {
        guard offset < bytes.count else { throw corrupt("unexpected end", at: offset, path) }
        return bytes[offset]
    }

    /// Decodes any value starting at `offset` (fast paths for the common scalars).
    func value<T: Decodable>(_ type: T.Type, _ offset: inout Int, _ path: [any CodingKey]) throws -> T {
        if T.self == String.self { return try string(&offset, path) as! T }
        if T.self == Double.self { return try double(&offset, path) as! T }
        if T.self == Int.self { return try integer(Int.self, &offset, path) as! T }
        if T.self == Int64.self { return try int64(&offset, path) as! T }
        if T.self == UInt64.self { return try uint64(&offset, path) as! T }
        if T.self == Bool.self { return try bool(&offset, path) as! T }
        let decoder = BinaryStateDecoder(source: self, offset: offset, codingPath: path)
        let result = try T(from: decoder)
        var end = offset
        try skip(&end, path)
        offset = end
        return result
    }
}

/// A decoder positioned at one value.
final class BinaryStateDecoder: Decoder {
    let source: BinaryStateSource
    let offset: Int
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(source: BinaryStateSource, offset: Int, codingPath: [any CodingKey]) {
        self.source = source
        self.offset = offset
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        var o = offset
        let tag = try source.byte(&o, codingPath)
        guard tag == BinaryStateFormat.keyed else {
            throw source.corrupt("expected a keyed container, found tag \(tag)", at: offset, codingPath)
        }
        return KeyedDecodingContainer(KeyedReader<Key>(source: source, start: o, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        var o = offset
        let tag = try source.byte(&o, codingPath)
        guard tag == BinaryStateFormat.array else {
            throw source.corrupt("expected an array, found tag \(tag)", at: offset, codingPath)
        }
        return UnkeyedReader(source: source, offset: o, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleReader(source: source, offset: offset, codingPath: codingPath)
    }
}

/// Finds keys by scanning from where the previous key was found (structs are read in the order they were
/// written, so this is one comparison per key), wrapping around once.
private final class KeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let source: BinaryStateSource
    let start: Int
    let codingPath: [any CodingKey]
    private var cursor: Int

    init(source: BinaryStateSource, start: Int, codingPath: [any CodingKey]) {
        self.source = source
        self.start = start
        self.codingPath = codingPath
        cursor = start
    }

    var allKeys: [Key] {
        var keys: [Key] = []
        var o = start
        while (try? source.peek(o, codingPath)) != BinaryStateFormat.end {
            guard let name = try? source.string(&o, codingPath), (try? source.skip(&o, codingPath)) != nil else {
                return keys
            }
            if let key = Key(stringValue: name) { keys.append(key) }
        }
        return keys
    }

    /// Offset of the value of `key`, or nil.
    private func find(_ key: Key) throws -> (value: Int, next: Int)? {
        let name = key.stringValue
        for pass in 0..<2 {
            var o = pass == 0 ? cursor : start
            while try source.peek(o, codingPath) != BinaryStateFormat.end {
                if pass == 1 && o >= cursor { break }
                var p = o
                let tag = try source.byte(&p, codingPath)
                guard tag == BinaryStateFormat.string else {
                    throw source.corrupt("expected a key, found tag \(tag)", at: o, codingPath)
                }
                let range = try source.stringRange(&p, codingPath)
                let value = p
                try source.skip(&p, codingPath)
                if name.utf8.elementsEqual(source.bytes[range]) { return (value, p) }
                o = p
            }
        }
        return nil
    }

    private func valueOffset(_ key: Key) throws -> Int {
        guard let found = try find(key) else {
            throw DecodingError.keyNotFound(
                key,
                .init(codingPath: codingPath, debugDescription: "no value for key \(key.stringValue)")
            )
        }
        cursor = found.next
        return found.value
    }

    func contains(_ key: Key) -> Bool { (try? find(key)) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let found = try find(key) else { return true }
        return try source.peek(found.value, codingPath) == BinaryStateFormat.null
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        var o = try valueOffset(key)
        return try source.bool(&o, codingPath + [key])
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        var o = try valueOffset(key)
        return try source.string(&o, codingPath + [key])
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        var o = try valueOffset(key)
        return try source.double(&o, codingPath + [key])
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        var o = try valueOffset(key)
        return Float(try source.double(&o, codingPath + [key]))
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try int(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try int(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try int(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try int(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try int(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try int(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try int(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try int(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try int(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try int(type, key) }

    private func int<T: FixedWidthInteger>(_ type: T.Type, _ key: Key) throws -> T {
        var o = try valueOffset(key)
        return try source.integer(T.self, &o, codingPath + [key])
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        var o = try valueOffset(key)
        return try source.value(T.self, &o, codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let o = try valueOffset(key)
        return try BinaryStateDecoder(source: source, offset: o, codingPath: codingPath + [key]).container(
            keyedBy: type
        )
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let o = try valueOffset(key)
        return try BinaryStateDecoder(source: source, offset: o, codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        throw source.corrupt("superDecoder is not supported", at: start, codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        throw source.corrupt("superDecoder is not supported", at: start, codingPath)
    }
}

private struct UnkeyedReader: UnkeyedDecodingContainer {
    let source: BinaryStateSource
    var offset: Int
    let codingPath: [any CodingKey]
    var count: Int? { nil }
    var currentIndex = 0

    init(source: BinaryStateSource, offset: Int, codingPath: [any CodingKey]) {
        self.source = source
        self.offset = offset
        self.codingPath = codingPath
    }

    var isAtEnd: Bool { (try? source.peek(offset, codingPath)) ?? BinaryStateFormat.end == BinaryStateFormat.end }

    private var path: [any CodingKey] { codingPath + [StateCodingKey(intValue: currentIndex)] }

    private mutating func next<T>(_ read: (BinaryStateSource, inout Int) throws -> T) throws -> T {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                T.self,
                .init(codingPath: codingPath, debugDescription: "array ended at index \(currentIndex)")
            )
        }
        var o = offset
        let value = try read(source, &o)
        offset = o
        currentIndex += 1
        return value
    }

    mutating func decodeNil() throws -> Bool {
        guard try source.peek(offset, codingPath) == BinaryStateFormat.null else { return false }
        offset += 1
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        let p = path
        return try next { s, o in try s.bool(&o, p) }
    }
    mutating func decode(_ type: String.Type) throws -> String {
        let p = path
        return try next { s, o in try s.string(&o, p) }
    }
    mutating func decode(_ type: Double.Type) throws -> Double {
        let p = path
        return try next { s, o in try s.double(&o, p) }
    }
    mutating func decode(_ type: Float.Type) throws -> Float {
        let p = path
        return try next { s, o in Float(try s.double(&o, p)) }
    }
    mutating func decode(_ type: Int.Type) throws -> Int { try int(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try int(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try int(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try int(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try int(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try int(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try int(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try int(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try int(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try int(type) }

    private mutating func int<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let p = path
        return try next { s, o in try s.integer(T.self, &o, p) }
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let p = path
        return try next { s, o in try s.value(T.self, &o, p) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<
        NestedKey
    > {
        let decoder = BinaryStateDecoder(source: source, offset: offset, codingPath: path)
        try next { s, o in try s.skip(&o, decoder.codingPath) }
        return try decoder.container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let decoder = BinaryStateDecoder(source: source, offset: offset, codingPath: path)
        try next { s, o in try s.skip(&o, decoder.codingPath) }
        return try decoder.unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        throw source.corrupt("superDecoder is not supported", at: offset, codingPath)
    }
}

private struct SingleReader: SingleValueDecodingContainer {
    let source: BinaryStateSource
    let offset: Int
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { (try? source.peek(offset, codingPath)) == BinaryStateFormat.null }

    private func read<T>(_ body: (inout Int) throws -> T) throws -> T {
        var o = offset
        return try body(&o)
    }

    func decode(_ type: Bool.Type) throws -> Bool { try read { try source.bool(&$0, codingPath) } }
    func decode(_ type: String.Type) throws -> String { try read { try source.string(&$0, codingPath) } }
    func decode(_ type: Double.Type) throws -> Double { try read { try source.double(&$0, codingPath) } }
    func decode(_ type: Float.Type) throws -> Float { try read { Float(try source.double(&$0, codingPath)) } }
    func decode(_ type: Int.Type) throws -> Int { try int(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try int(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try int(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try int(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try int(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try int(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try int(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try int(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try int(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try int(type) }

    private func int<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        try read { try source.integer(T.self, &$0, codingPath) }
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try read { try source.value(T.self, &$0, codingPath) } }
}

/// Entry points of the binary state encoding (snapshots of fold states).
public enum StateCoding {
    /// The binary encoding of `value` (dictionaries with sorted keys: equal values give equal bytes).
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let sink = BinaryStateSink()
        try sink.value(value, codingPath: [])
        return sink.bytes
    }

    /// Decodes a value written by `encode`; trailing bytes are an error.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let source = BinaryStateSource(bytes)
        var offset = 0
        let value = try source.value(T.self, &offset, [])
        guard offset == bytes.count else { throw source.corrupt("trailing bytes", at: offset, []) }
        return value
    }
}
