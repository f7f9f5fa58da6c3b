/// One value inside a parsed `JSONDocument`: a cursor into simdjson's tape (no copy, no allocation until a
/// `String` or `JSONValue` is asked for).
///
/// Tape layout (simdjson 3.0 `doc/tape.md`): one 64-bit word per value, type character in the top byte, payload in
/// the low 56 bits. Numbers take a second word holding the value; strings point into the string buffer
/// (4-byte little-endian length, the unescaped UTF-8 bytes, a NUL); `{`/`[` words hold the index just past their
/// matching `}`/`]` in the low 32 bits and a saturated element count in bits 32–55.
public struct JSONElement {
    public enum Kind: Sendable, Equatable, CustomStringConvertible {
        case null, bool, int64, uint64, double, string, array, object
        public var description: String {
            switch self {
            case .null: "null"
            case .bool: "boolean"
            case .int64, .uint64: "integer"
            case .double: "number"
            case .string: "string"
            case .array: "array"
            case .object: "object"
            }
        }
    }

    /// Unowned (no reference counting per element: navigation is the hot path). The document keeps the parser
    /// alive; an element must not outlive its parser (the same rule as for its document).
    unowned(unsafe) let storage: JSONTapeStorage
    let index: Int
    let generation: UInt64

    init(storage: JSONTapeStorage, index: Int, generation: UInt64) {
        self.storage = storage
        self.index = index
        self.generation = generation
    }

    @inline(__always)
    var tape: UnsafePointer<UInt64> {
        precondition(storage.generation == generation, "JSONElement used after its parser parsed another document")
        return storage.tape.unsafelyUnwrapped
    }

    @inline(__always)
    private var word: UInt64 { tape[index] }
    @inline(__always)
    private var typeByte: UInt8 { UInt8(truncatingIfNeeded: word >> 56) }

    public var kind: Kind {
        switch typeByte {
        case UInt8(ascii: "{"): .object
        case UInt8(ascii: "["): .array
        case UInt8(ascii: "\""): .string
        case UInt8(ascii: "l"): .int64
        case UInt8(ascii: "u"): .uint64
        case UInt8(ascii: "d"): .double
        case UInt8(ascii: "t"), UInt8(ascii: "f"): .bool
        default: .null
        }
    }

    public var isNull: Bool { typeByte == UInt8(ascii: "n") }
    public var isNumber: Bool {
        let t = typeByte
        return t == UInt8(ascii: "l") || t == UInt8(ascii: "u") || t == UInt8(ascii: "d")
    }

    public var bool: Bool? {
        switch typeByte {
        case UInt8(ascii: "t"): true
        case UInt8(ascii: "f"): false
        default: nil
        }
    }

    /// The value when it is an integer that fits `Int64` (written without fraction or exponent).
    public var int64: Int64? {
        switch typeByte {
        case UInt8(ascii: "l"): Int64(bitPattern: tape[index + 1])
        case UInt8(ascii: "u"): Int64(exactly: tape[index + 1])
        default: nil
        }
    }

    /// The value when it is a non-negative integer that fits `UInt64`.
    public var uint64: UInt64? {
        switch typeByte {
        case UInt8(ascii: "l"): UInt64(exactly: Int64(bitPattern: tape[index + 1]))
        case UInt8(ascii: "u"): tape[index + 1]
        default: nil
        }
    }

    /// Any number as a `Double` (integers convert to the nearest double).
    public var double: Double? {
        switch typeByte {
        case UInt8(ascii: "d"): Double(bitPattern: tape[index + 1])
        case UInt8(ascii: "l"): Double(Int64(bitPattern: tape[index + 1]))
        case UInt8(ascii: "u"): Double(tape[index + 1])
        default: nil
        }
    }

    /// The string's unescaped UTF-8 bytes, valid while the document is; nil if not a string.
    public var stringBytes: UnsafeBufferPointer<UInt8>? {
        guard typeByte == UInt8(ascii: "\"") else { return nil }
        return Self.stringBytes(at: Int(word & Self.valueMask), in: storage.strings.unsafelyUnwrapped)
    }

    @inline(__always)
    static func stringBytes(at offset: Int, in strings: UnsafePointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let raw = UnsafeRawPointer(strings + offset)
        let length = Int(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
        return UnsafeBufferPointer(start: strings + offset + 4, count: length)
    }

    /// The string value (simdjson validated it as UTF-8); nil if not a string.
    public var string: String? {
        guard let bytes = stringBytes else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// True when this is a string equal to `text`'s UTF-8 bytes (no allocation).
    public func stringEquals(_ text: StaticString) -> Bool {
        guard let bytes = stringBytes else { return false }
        return bytes.elementsEqual(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Number of elements (array) or members (object); nil for scalars.
    public var count: Int? {
        let t = typeByte
        guard t == UInt8(ascii: "[") || t == UInt8(ascii: "{") else { return nil }
        let saturated = Int((word >> 32) & 0xFF_FFFF)
        if saturated < 0xFF_FFFF { return saturated }
        var n = 0
        var i = index + 1
        let end = Int(UInt32(truncatingIfNeeded: word)) - 1
        while i < end {
            if t == UInt8(ascii: "{") { i += 1 }
            i = after(i)
            n += 1
        }
        return n
    }

    /// Index of the tape word after the value at `i`.
    @inline(__always)
    func after(_ i: Int) -> Int {
        let w = tape[i]
        switch UInt8(truncatingIfNeeded: w >> 56) {
        case UInt8(ascii: "{"), UInt8(ascii: "["): return Int(UInt32(truncatingIfNeeded: w))
        case UInt8(ascii: "l"), UInt8(ascii: "u"), UInt8(ascii: "d"): return i + 2
        default: return i + 1
        }
    }

    static let valueMask: UInt64 = 0x00FF_FFFF_FFFF_FFFF

    // MARK: Objects

    /// The value of the first member named `key` (objects only; linear scan, no allocation).
    public subscript(key: String) -> JSONElement? {
        var key = key
        return key.withUTF8 { keyBytes in member(UnsafeRawBufferPointer(keyBytes)) }
    }

    /// The value of the first member whose key has exactly these UTF-8 bytes.
    public func member(_ key: UnsafeRawBufferPointer) -> JSONElement? {
        var found: JSONElement? = nil
        forEachMember { name, value in
            if name.count == key.count && memEqual(name, key) {
                found = value
                return false
            }
            return true
        }
        return found
    }

    /// Calls `body` with each member's key bytes and value, in document order, until it returns false.
    /// Returns false when this is not an object.
    @discardableResult
    public func forEachMember(_ body: (UnsafeRawBufferPointer, JSONElement) throws -> Bool) rethrows -> Bool {
        let tape = self.tape
        let w = tape[index]
        guard UInt8(truncatingIfNeeded: w >> 56) == UInt8(ascii: "{") else { return false }
        let strings = storage.strings.unsafelyUnwrapped
        let end = Int(UInt32(truncatingIfNeeded: w)) - 1
        var i = index + 1
        while i < end {
            let key = Self.stringBytes(at: Int(tape[i] & Self.valueMask), in: strings)
            let value = JSONElement(storage: storage, index: i + 1, generation: generation)
            guard try body(UnsafeRawBufferPointer(key), value) else { return true }
            i = after(i + 1)
        }
        return true
    }

    /// The members in document order with their keys as `String`s (allocates; for convenience paths).
    public var members: [(String, JSONElement)]? {
        guard typeByte == UInt8(ascii: "{") else { return nil }
        var result: [(String, JSONElement)] = []
        forEachMember { key, value in
            result.append((String(decoding: key, as: UTF8.self), value))
            return true
        }
        return result
    }

    // MARK: Arrays

    /// Calls `body` with each element in order until it returns false. Returns false when this is not an array.
    @discardableResult
    public func forEachElement(_ body: (JSONElement) throws -> Bool) rethrows -> Bool {
        let w = tape[index]
        guard UInt8(truncatingIfNeeded: w >> 56) == UInt8(ascii: "[") else { return false }
        let end = Int(UInt32(truncatingIfNeeded: w)) - 1
        var i = index + 1
        while i < end {
            guard try body(JSONElement(storage: storage, index: i, generation: generation)) else { return true }
            i = after(i)
        }
        return true
    }

    /// The elements in order; nil when this is not an array.
    public var elements: [JSONElement]? {
        guard typeByte == UInt8(ascii: "[") else { return nil }
        var result: [JSONElement] = []
        forEachElement {
            result.append($0)
            return true
        }
        return result
    }

    /// The element at `position` of an array (linear), or nil.
    public subscript(position: Int) -> JSONElement? {
        guard position >= 0 else { return nil }
        var found: JSONElement? = nil
        var n = 0
        forEachElement {
            if n == position {
                found = $0
                return false
            }
            n += 1
            return true
        }
        return found
    }

    // MARK: Conversion

    /// A `JSONValue` copy of this element and everything below it. Integers beyond `Int64` (up to `UInt64.max`)
    /// become `.double`, as do all non-integer numbers.
    public func toJSONValue() -> JSONValue {
        switch kind {
        case .null: return .null
        case .bool: return .bool(bool!)
        case .int64: return .int(int64!)
        case .uint64: return int64.map { .int($0) } ?? .double(double!)
        case .double: return .double(double!)
        case .string: return .string(string!)
        case .array: return .array(elements!.map { $0.toJSONValue() })
        case .object: return .object(members!.map { ($0.0, $0.1.toJSONValue()) })
        }
    }
}

@inline(__always)
private func memEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    for i in 0..<a.count where a[i] != b[i] { return false }
    return true
}
