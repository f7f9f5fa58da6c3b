import EventLog
import HindsightJSON

/// The members of one JSON object that a normalizer cares about, found in a single pass over the object
/// (no per-field rescans, no allocation beyond the reused slot array), with typed getters that turn a
/// missing field or a wrong type into a `FieldProblem` naming the field.
///
/// Fields are addressed by their position in the `keys` table given to `collect`; `path` prefixes nested
/// field names in messages (`intelligence.ofi`).
struct RecordFields {
    /// Tape index of each key's value in `object`'s document, -1 when absent (filled by the C one-pass matcher).
    private var indices: [Int32] = []
    private var object: JSONElement? = nil
    /// Unowned: every table is a `static let` (alive for the whole process), and a strong reference cost a
    /// retain and a release per `collect` (four per outcome record).
    private unowned(unsafe) var keys: KeyTable = .empty
    private var path: String = ""

    /// Finds `object`'s members named in `keys` (first occurrence wins, like simdjson lookups). `keys` must
    /// outlive this value's use (pass a `static let` table).
    mutating func collect(_ object: JSONElement, keys: KeyTable, path: String = "") {
        self.keys = keys
        self.path = path
        self.object = object
        object.collectMembers(keys, into: &indices)
    }

    func name(_ slot: Int) -> String { path.isEmpty ? keys.names[slot] : path + "." + keys.names[slot] }

    /// The element, or nil when absent. JSON `null` is returned as an element (use the typed getters).
    func element(_ slot: Int) -> JSONElement? {
        let index = indices[slot]
        guard index >= 0, let object else { return nil }
        return object.value(atTapeIndex: index)
    }

    /// Present and not null.
    func has(_ slot: Int) -> Bool { element(slot).map { !$0.isNull } ?? false }

    func requiredString(_ slot: Int) throws(FieldProblem) -> String {
        guard let e = element(slot) else { throw .missing(name(slot)) }
        guard let s = e.string else { throw .wrongType(name(slot), expected: "a string", found: e.kind.withArticle) }
        return s
    }

    /// The string's UTF-8 bytes, borrowed from the parsed document (valid until the parser parses again).
    func requiredStringBytes(_ slot: Int) throws(FieldProblem) -> UnsafeBufferPointer<UInt8> {
        guard let e = element(slot) else { throw .missing(name(slot)) }
        guard let s = e.stringBytes else {
            throw .wrongType(name(slot), expected: "a string", found: e.kind.withArticle)
        }
        return s
    }

    /// Absent or null → nil; bytes borrowed as in `requiredStringBytes`.
    func optionalStringBytes(_ slot: Int) throws(FieldProblem) -> UnsafeBufferPointer<UInt8>? {
        guard let e = element(slot), !e.isNull else { return nil }
        guard let s = e.stringBytes else {
            throw .wrongType(name(slot), expected: "a string", found: e.kind.withArticle)
        }
        return s
    }

    /// Absent or null → nil.
    func optionalString(_ slot: Int) throws(FieldProblem) -> String? {
        guard let e = element(slot), !e.isNull else { return nil }
        guard let s = e.string else { throw .wrongType(name(slot), expected: "a string", found: e.kind.withArticle) }
        return s
    }

    func requiredDouble(_ slot: Int) throws(FieldProblem) -> Double {
        guard let e = element(slot) else { throw .missing(name(slot)) }
        guard let d = e.double else { throw .wrongType(name(slot), expected: "a number", found: e.kind.withArticle) }
        return d
    }

    /// Absent or null → nil.
    func optionalDouble(_ slot: Int) throws(FieldProblem) -> Double? {
        guard let e = element(slot), !e.isNull else { return nil }
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
        guard let e = element(slot), !e.isNull else { return nil }
        guard let b = e.bool else { throw .wrongType(name(slot), expected: "a boolean", found: e.kind.withArticle) }
        return b
    }

    /// Absent or null → nil; present → must be an object.
    func optionalObject(_ slot: Int) throws(FieldProblem) -> JSONElement? {
        guard let e = element(slot), !e.isNull else { return nil }
        guard e.kind == .object else {
            throw .wrongType(name(slot), expected: "an object", found: e.kind.withArticle)
        }
        return e
    }

    /// A timestamp: epoch number (seconds, ms above 1e12) or ISO text. nil when absent or null.
    func optionalTimestamp(_ slot: Int) throws(FieldProblem) -> ParsedTimestamp? {
        guard let e = element(slot), !e.isNull else { return nil }
        return try Self.timestamp(e, field: name(slot))
    }

    func requiredTimestamp(_ slot: Int) throws(FieldProblem) -> ParsedTimestamp {
        guard let e = element(slot) else { throw .missing(name(slot)) }
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

/// A fixed set of field names (matched against members' raw key bytes by `JSONElement.collectMembers`).
typealias KeyTable = JSONKeyTable

extension JSONKeyTable {
    static let empty = JSONKeyTable([])
}
