/// The snapshot encoding of fold states: a compact tagged binary form of any `Codable` value.
///
/// Why not Foundation's `JSONEncoder`: it built a tree of boxed values per state and cost ~3 s for the
/// states of a 124k-event replay (22 s at 500k). This writes straight into one byte buffer.
///
/// Format (every value starts with a tag byte):
/// `0` nil · `1` false · `2` true · `3` signed int (zigzag LEB128) · `4` unsigned int (LEB128) ·
/// `5` Double (8 bytes little endian) · `6` string (LEB128 length + UTF-8) · `7` array: values, then `0xFF` ·
/// `8` keyed container: (string key, value) pairs, then `0xFF` · `9` Float (4 bytes little endian).
/// `Dictionary`s with `String` or `Int` keys are written with their keys sorted, so equal states encode to
/// equal bytes whatever the dictionaries' insertion history (like `JSONEncoder` with `.sortedKeys`).
/// Structs keep their `CodingKeys` order; the decoder finds keys in any order.
enum BinaryStateFormat {
    static let null: UInt8 = 0
    static let falseTag: UInt8 = 1
    static let trueTag: UInt8 = 2
    static let signed: UInt8 = 3
    static let unsigned: UInt8 = 4
    static let double: UInt8 = 5
    static let string: UInt8 = 6
    static let array: UInt8 = 7
    static let keyed: UInt8 = 8
    static let float: UInt8 = 9
    static let end: UInt8 = 0xFF
}

/// The byte buffer shared by every container of one encoding.
final class BinaryStateSink {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(1 << 16) }

    @inline(__always) func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    func signed(_ value: Int64) {
        bytes.append(BinaryStateFormat.signed)
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    func unsigned(_ value: UInt64) {
        bytes.append(BinaryStateFormat.unsigned)
        varint(value)
    }

    func double(_ value: Double) {
        bytes.append(BinaryStateFormat.double)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    func float(_ value: Float) {
        bytes.append(BinaryStateFormat.float)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    func string(_ value: String) {
        bytes.append(BinaryStateFormat.string)
        var copy = value
        copy.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    func bool(_ value: Bool) { bytes.append(value ? BinaryStateFormat.trueTag : BinaryStateFormat.falseTag) }

    /// Encodes any value: its containers write their headers; the end marker is written here, once its
    /// `encode(to:)` returned (the Encoder API has no "container finished" call).
    func value<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        switch value {
        case let v as String: return string(v)
        case let v as Int: return signed(Int64(v))
        case let v as Int64: return signed(v)
        case let v as UInt64: return unsigned(v)
        case let v as Double: return double(v)
        case let v as Bool: return bool(v)
        case let v as any SortedStringKeyDictionary: return try v.encodeSorted(into: self, codingPath: codingPath)
        case let v as any SortedIntKeyDictionary: return try v.encodeSorted(into: self, codingPath: codingPath)
        default: break
        }
        let encoder = BinaryStateEncoder(sink: self, codingPath: codingPath)
        try value.encode(to: encoder)
        // Nested containers (synthesized `Codable` of enums with associated values) are closed here, innermost
        // first: they are always the last thing written into their parent.
        for _ in 0..<encoder.openDepth { bytes.append(BinaryStateFormat.end) }
        switch encoder.opened {
        case .keyed, .unkeyed: bytes.append(BinaryStateFormat.end)
        case .single: break
        case .none:
            // Encoded nothing: an empty keyed container, like JSONEncoder's `{}`.
            bytes.append(BinaryStateFormat.keyed)
            bytes.append(BinaryStateFormat.end)
        }
    }
}

/// `Dictionary<String, V>` written with sorted keys.
protocol SortedStringKeyDictionary {
    func encodeSorted(into sink: BinaryStateSink, codingPath: [any CodingKey]) throws
}

/// `Dictionary<Int, V>` written with keys sorted numerically (decoded like Swift's own: string keys).
protocol SortedIntKeyDictionary {
    func encodeSorted(into sink: BinaryStateSink, codingPath: [any CodingKey]) throws
}

extension Dictionary: SortedStringKeyDictionary where Key == String, Value: Encodable {
    func encodeSorted(into sink: BinaryStateSink, codingPath: [any CodingKey]) throws {
        sink.bytes.append(BinaryStateFormat.keyed)
        for key in keys.sorted() {
            sink.string(key)
            try sink.value(self[key]!, codingPath: codingPath + [StateCodingKey(stringValue: key)])
        }
        sink.bytes.append(BinaryStateFormat.end)
    }
}

extension Dictionary: SortedIntKeyDictionary where Key == Int, Value: Encodable {
    func encodeSorted(into sink: BinaryStateSink, codingPath: [any CodingKey]) throws {
        sink.bytes.append(BinaryStateFormat.keyed)
        for key in keys.sorted() {
            sink.string(String(key))
            try sink.value(self[key]!, codingPath: codingPath + [StateCodingKey(intValue: key)])
        }
        sink.bytes.append(BinaryStateFormat.end)
    }
}

/// A plain coding key (dictionary keys, array indices in coding paths).
struct StateCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = Int(stringValue)
    }
    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

final class BinaryStateEncoder: Encoder {
    enum Opened { case none, keyed, unkeyed, single }
    let sink: BinaryStateSink
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var opened = Opened.none
    /// Nested containers opened and not closed yet; a container may only be written while no container
    /// nested below it is open (checked: writing to a parent after a nested one would corrupt the layout).
    var openDepth = 0

    init(sink: BinaryStateSink, codingPath: [any CodingKey]) {
        self.sink = sink
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if opened == .none {
            opened = .keyed
            sink.bytes.append(BinaryStateFormat.keyed)
        }
        return KeyedEncodingContainer(KeyedWriter<Key>(encoder: self, level: openDepth, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if opened == .none {
            opened = .unkeyed
            sink.bytes.append(BinaryStateFormat.array)
        }
        return UnkeyedWriter(encoder: self, level: openDepth, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        if opened == .none { opened = .single }
        return SingleWriter(sink: sink, codingPath: codingPath)
    }
}

private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: BinaryStateEncoder
    let level: Int
    let codingPath: [any CodingKey]
    var sink: BinaryStateSink { encoder.sink }

    private func key(_ key: Key) {
        precondition(encoder.openDepth == level, "binary state encoding: write to a container after a nested one")
        sink.string(key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws {
        self.key(key)
        sink.bytes.append(BinaryStateFormat.null)
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        self.key(key)
        sink.bool(value)
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        self.key(key)
        sink.string(value)
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        self.key(key)
        sink.double(value)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        self.key(key)
        sink.float(value)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        self.key(key)
        sink.signed(Int64(value))
    }
    mutating func encode(_ value: Int8, forKey key: Key) throws {
        self.key(key)
        sink.signed(Int64(value))
    }
    mutating func encode(_ value: Int16, forKey key: Key) throws {
        self.key(key)
        sink.signed(Int64(value))
    }
    mutating func encode(_ value: Int32, forKey key: Key) throws {
        self.key(key)
        sink.signed(Int64(value))
    }
    mutating func encode(_ value: Int64, forKey key: Key) throws {
        self.key(key)
        sink.signed(value)
    }
    mutating func encode(_ value: UInt, forKey key: Key) throws {
        self.key(key)
        sink.unsigned(UInt64(value))
    }
    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        self.key(key)
        sink.unsigned(UInt64(value))
    }
    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        self.key(key)
        sink.unsigned(UInt64(value))
    }
    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        self.key(key)
        sink.unsigned(UInt64(value))
    }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        self.key(key)
        sink.unsigned(value)
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        self.key(key)
        try sink.value(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        self.key(key)
        sink.bytes.append(BinaryStateFormat.keyed)
        encoder.openDepth += 1
        return KeyedEncodingContainer(
            KeyedWriter<NestedKey>(encoder: encoder, level: encoder.openDepth, codingPath: codingPath + [key])
        )
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        self.key(key)
        sink.bytes.append(BinaryStateFormat.array)
        encoder.openDepth += 1
        return UnkeyedWriter(encoder: encoder, level: encoder.openDepth, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> any Encoder {
        preconditionFailure("superEncoder is not supported by the binary state encoding")
    }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        preconditionFailure("superEncoder is not supported by the binary state encoding")
    }
}

private struct UnkeyedWriter: UnkeyedEncodingContainer {
    let encoder: BinaryStateEncoder
    let level: Int
    let codingPath: [any CodingKey]
    var count = 0
    var sink: BinaryStateSink {
        precondition(encoder.openDepth == level, "binary state encoding: write to a container after a nested one")
        return encoder.sink
    }

    init(encoder: BinaryStateEncoder, level: Int, codingPath: [any CodingKey]) {
        self.encoder = encoder
        self.level = level
        self.codingPath = codingPath
    }

    mutating func encodeNil() throws {
        count += 1
        sink.bytes.append(BinaryStateFormat.null)
    }
    mutating func encode(_ value: Bool) throws {
        count += 1
        sink.bool(value)
    }
    mutating func encode(_ value: String) throws {
        count += 1
        sink.string(value)
    }
    mutating func encode(_ value: Double) throws {
        count += 1
        sink.double(value)
    }
    mutating func encode(_ value: Float) throws {
        count += 1
        sink.float(value)
    }
    mutating func encode(_ value: Int) throws {
        count += 1
        sink.signed(Int64(value))
    }
    mutating func encode(_ value: Int64) throws {
        count += 1
        sink.signed(value)
    }
    mutating func encode(_ value: UInt64) throws {
        count += 1
        sink.unsigned(value)
    }
    mutating func encode<T: Encodable>(_ value: T) throws {
        count += 1
        try sink.value(value, codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<
        NestedKey
    > {
        count += 1
        sink.bytes.append(BinaryStateFormat.keyed)
        encoder.openDepth += 1
        return KeyedEncodingContainer(
            KeyedWriter<NestedKey>(encoder: encoder, level: encoder.openDepth, codingPath: codingPath)
        )
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        count += 1
        sink.bytes.append(BinaryStateFormat.array)
        encoder.openDepth += 1
        return UnkeyedWriter(encoder: encoder, level: encoder.openDepth, codingPath: codingPath)
    }
    mutating func superEncoder() -> any Encoder {
        preconditionFailure("superEncoder is not supported by the binary state encoding")
    }
}

private struct SingleWriter: SingleValueEncodingContainer {
    let sink: BinaryStateSink
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { sink.bytes.append(BinaryStateFormat.null) }
    mutating func encode(_ value: Bool) throws { sink.bool(value) }
    mutating func encode(_ value: String) throws { sink.string(value) }
    mutating func encode(_ value: Double) throws { sink.double(value) }
    mutating func encode(_ value: Float) throws { sink.float(value) }
    mutating func encode(_ value: Int) throws { sink.signed(Int64(value)) }
    mutating func encode(_ value: Int8) throws { sink.signed(Int64(value)) }
    mutating func encode(_ value: Int16) throws { sink.signed(Int64(value)) }
    mutating func encode(_ value: Int32) throws { sink.signed(Int64(value)) }
    mutating func encode(_ value: Int64) throws { sink.signed(value) }
    mutating func encode(_ value: UInt) throws { sink.unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { sink.unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { sink.unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { sink.unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { sink.unsigned(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try sink.value(value, codingPath: codingPath) }
}
