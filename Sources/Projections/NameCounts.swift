/// A counter per name (e.g. signal outcomes per signal name), counted through a `StringIndex` so that adding one
/// mostly needs no hashing, and encoded, decoded and compared as the `[String: Int]` it stands for (a state that
/// held that dictionary keeps its saved bytes).
public struct NameCounts: Sendable, Equatable, Codable {
    private var names = StringIndex()
    /// Indexed by the name's id in `names`.
    private var counts: [Int] = []

    public init() {}

    public init(_ dictionary: [String: Int]) {
        for name in dictionary.keys.sorted() {
            _ = names.insert(name)
            counts.append(dictionary[name]!)
        }
    }

    /// Counts one more for `name`.
    @inline(__always)
    public mutating func add(_ name: String) {
        let id = Int(names.insert(name))
        if id == counts.count { counts.append(1) } else { counts[id] += 1 }
    }

    /// The count of every name counted at least once.
    public var dictionary: [String: Int] {
        Dictionary(uniqueKeysWithValues: zip(names.strings, counts))
    }

    public static func == (a: NameCounts, b: NameCounts) -> Bool { a.dictionary == b.dictionary }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(dictionary)
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([String: Int].self))
    }
}
