import EventLog
import HindsightJSON

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The members of one JSON object that a normalizer cares about, found in a single pass over the object
/// (no per-field rescans, no allocation beyond the reused slot array), with typed getters that turn a
/// missing field or a wrong type into a `FieldProblem` naming the field.
///
/// Fields are addressed by their position in the `keys` table given to `collect`; `path` prefixes nested
/// field names in messages (`intelligence.ofi`).
struct RecordFields {
    private var slots: [JSONElement?] = []
    private var keys: KeyTable = .empty
    private var path: String = ""

    /// Fills the slots for `object`'s members named in `keys` (first occurrence wins, like simdjson lookups).
    mutating func collect(_ object: JSONElement, keys: KeyTable, path: String = "") {
        self.keys = keys
        self.path = path
        slots.removeAll(keepingCapacity: true)
        slots.append(contentsOf: repeatElement(nil, count: keys.count))
        object.forEachMember { name, value in
            if let slot = keys.slot(of: name), slots[slot] == nil { slots[slot] = value }
            return true
        }
    }

    func name(_ slot: Int) -> String { path.isEmpty ? keys.names[slot] : path + "." + keys.names[slot] }

    /// The element, or nil when absent. JSON `null` is returned as an element (use the typed getters).
    func element(_ slot: Int) -> JSONElement? { slots[slot] }

    /// Present and not null.
    func has(_ slot: Int) -> Bool { slots[slot].map { !$0.isNull } ?? false }

    func requiredString(_ slot: Int) throws(FieldProblem) -> String {
        guard let e = slots[slot] else { throw .missing(name(slot)) }
        guard let s = e.string else { throw .wrongType(name(slot), expected: "a string", found: e.kind.withArticle) }
        return s
    }

    /// Absent or null → nil.
    func optionalString(_ slot: Int) throws(FieldProblem) -> String? {
        guard let e = slots[slot], !e.isNull else { return nil }
        guard let s = e.string else { throw .wrongType(name(slot), expected: "a string", found: e.kind.withArticle) }
        return s
    }

    func requiredDouble(_ slot: Int) throws(FieldProblem) -> Double {
        guard let e = slots[slot] else { throw .missing(name(slot)) }
        guard let d = e.double else { throw .wrongType(name(slot), expected: "a number", found: e.kind.withArticle) }
        return d
    }

    /// Absent or null → nil.
    func optionalDouble(_ slot: Int) throws(FieldProblem) -> Double? {
        guard let e = slots[slot], !e.isNull else { return nil }
        guard let d = e.double else { throw .wrongType(name(slot), expected: "a number", found: e.kind.withArticle) }
        return d
    }

    /// The first of the fields that is present and not null (each present one must be a number).
    func optionalDouble(_ first: Int, else second: Int, else third: Int? = nil) throws(FieldProblem) -> Double? {
        if let d = try optionalDouble(first) { return d }
        if let d = try optionalDouble(second) { return d }
        guard let third else { return nil }
        return try optionalDouble(third)
    }

    /// The first of the two fields that is present and not null (each present one must be a string).
    func optionalString(_ first: Int, else second: Int) throws(FieldProblem) -> String? {
        if let s = try optionalString(first) { return s }
        return try optionalString(second)
    }

    /// Absent or null → nil.
    func optionalBool(_ slot: Int) throws(FieldProblem) -> Bool? {
        guard let e = slots[slot], !e.isNull else { return nil }
        guard let b = e.bool else { throw .wrongType(name(slot), expected: "a boolean", found: e.kind.withArticle) }
        return b
    }

    /// Absent or null → nil; present → must be an object.
    func optionalObject(_ slot: Int) throws(FieldProblem) -> JSONElement? {
        guard let e = slots[slot], !e.isNull else { return nil }
        guard e.kind == .object else {
            throw .wrongType(name(slot), expected: "an object", found: e.kind.withArticle)
        }
        return e
    }

    /// A timestamp: epoch number (seconds, ms above 1e12) or ISO text. nil when absent or null.
    func optionalTimestamp(_ slot: Int) throws(FieldProblem) -> ParsedTimestamp? {
        guard let e = slots[slot], !e.isNull else { return nil }
        return try Self.timestamp(e, field: name(slot))
    }

    func requiredTimestamp(_ slot: Int) throws(FieldProblem) -> ParsedTimestamp {
        guard let e = slots[slot] else { throw .missing(name(slot)) }
        return try Self.timestamp(e, field: name(slot))
    }

    static func timestamp(_ e: JSONElement, field: String) throws(FieldProblem) -> ParsedTimestamp {
        if let bytes = e.stringBytes {
            if let t = TimestampParser.parse(iso: bytes) { return t }
            throw .invalid(field, value: "\"\(String(decoding: bytes, as: UTF8.self))\"", why: "not a timestamp")
        }
        if let i = e.int64 {
            if let t = TimestampParser.parse(epoch: i) { return t }
            throw .invalid(field, value: "\(i)", why: "epoch out of range")
        }
        if let d = e.double {
            if let t = TimestampParser.parse(epoch: d) { return t }
            throw .invalid(field, value: "\(d)", why: "epoch out of range")
        }
        throw .wrongType(field, expected: "a timestamp (number or string)", found: e.kind.withArticle)
    }
}

/// A fixed set of field names, matched against a member's raw key bytes (length first, then `memcmp`).
struct KeyTable: @unchecked Sendable {
    let names: [String]
    /// All names' bytes back to back; `starts[i]..<starts[i + 1]` is name i.
    private let storage: UnsafeMutablePointer<UInt8>
    private let starts: [Int]

    init(_ names: [String]) {
        self.names = names
        var starts = [0]
        for name in names { starts.append(starts.last! + name.utf8.count) }
        self.starts = starts
        // Tables are static and live for the whole process, so the storage is never freed.
        storage = .allocate(capacity: max(1, starts.last!))
        var offset = 0
        for name in names {
            for byte in name.utf8 {
                storage[offset] = byte
                offset += 1
            }
        }
    }

    static let empty = KeyTable([])

    var count: Int { names.count }

    func slot(of key: UnsafeRawBufferPointer) -> Int? {
        let n = key.count
        guard let base = key.baseAddress else {
            return (0..<names.count).first { starts[$0 + 1] == starts[$0] }
        }
        for i in 0..<names.count where starts[i + 1] - starts[i] == n {
            if memcmp(storage + starts[i], base, n) == 0 { return i }
        }
        return nil
    }
}
