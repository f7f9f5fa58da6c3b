/// A JSON value with **ordered** object keys.
///
/// Objects are `[(String, JSONValue)]`, never a `Dictionary`: the writer emits keys in exactly the order they
/// were built, so exports are byte-identical from run to run (a `Dictionary`'s iteration order is seeded per
/// process). Integers and doubles are distinct cases because the bot's files distinguish `6` from `6.0` and
/// Python writes them differently.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Keys in insertion order. Duplicate keys are allowed here (JSON permits them) and written as given.
    case object([(String, JSONValue)])
}

extension JSONValue: Equatable {
    /// Structural equality: same case, same order of object keys. `.int(1) != .double(1.0)`, NaN != NaN.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where x.0 != y.0 || x.1 != y.1 { return false }
            return true
        default: return false
        }
    }
}

// MARK: - Accessors

extension JSONValue {
    /// The first value stored under `key` when this is an object (linear scan: objects are small), else nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The element at `index` when this is an array and the index is in range, else nil.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    public var isNull: Bool { if case .null = self { true } else { false } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    public var objectValue: [(String, JSONValue)]? { if case .object(let o) = self { o } else { nil } }
    public var int64Value: Int64? { if case .int(let i) = self { i } else { nil } }

    /// The number as a `Double`, from either numeric case (ints convert exactly up to 2^53).
    public var doubleValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    /// An object whose keys are sorted by their UTF-8 bytes (like Python's `sort_keys=True`), recursively.
    /// Use it when a value was assembled from a `Dictionary` and only a canonical order makes sense.
    public func sortingKeys() -> JSONValue {
        switch self {
        case .array(let elements): return .array(elements.map { $0.sortingKeys() })
        case .object(let members):
            let sorted = members.map { ($0.0, $0.1.sortingKeys()) }.sorted { a, b in
                a.0.utf8.lexicographicallyPrecedes(b.0.utf8)
            }
            return .object(sorted)
        default: return self
        }
    }
}

// MARK: - Literals (a convenient builder)

extension JSONValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self = .int(value) }
}

extension JSONValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension JSONValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// Keeps the literal's order: `["b": 1, "a": 2]` is written `{"b": 1, "a": 2}`.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements) }
}

// MARK: - Convenience initialisers for optional Swift values

extension JSONValue {
    /// `.string(s)` or `.null`.
    public init(_ value: String?) { self = value.map { .string($0) } ?? .null }
    /// `.double(d)` or `.null`.
    public init(_ value: Double?) { self = value.map { .double($0) } ?? .null }
    /// `.int(i)` or `.null`.
    public init(_ value: Int?) { self = value.map { .int(Int64($0)) } ?? .null }
    /// `.int(i)` or `.null`.
    public init(_ value: Int64?) { self = value.map { .int($0) } ?? .null }
    /// `.bool(b)` or `.null`.
    public init(_ value: Bool?) { self = value.map { .bool($0) } ?? .null }
}
