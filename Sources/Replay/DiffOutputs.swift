/// A learner's comparable outputs at one moment: named numbers, sorted by name (a weight per signal, an
/// allocation per timeframe, 1 per killed combo). What `diff` compares after every event.
public struct DiffOutputs: Sendable, Equatable {
    public private(set) var keys: [String]
    public private(set) var values: [Double]

    /// `pairs` in any order; duplicate keys keep the last value.
    public init(_ pairs: [(String, Double)]) {
        var sorted = pairs.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }
        var deduplicated: [(offset: Int, element: (String, Double))] = []
        for pair in sorted {
            if let last = deduplicated.last, last.element.0 == pair.element.0 {
                deduplicated[deduplicated.count - 1] = pair
            } else {
                deduplicated.append(pair)
            }
        }
        sorted = deduplicated
        keys = sorted.map(\.element.0)
        values = sorted.map(\.element.1)
    }

    public static let empty = DiffOutputs([])

    public func value(_ key: String) -> Double? {
        var lo = 0
        var hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo < keys.count && keys[lo] == key ? values[lo] : nil
    }

    /// Σ |a − b| over the union of keys (a missing key counts as 0): the divergence measure. For sets
    /// (killed combos, all values 1) this is the size of the symmetric difference.
    public func l1Distance(to other: DiffOutputs) -> Double {
        var i = 0
        var j = 0
        var total = 0.0
        while i < keys.count || j < other.keys.count {
            if j >= other.keys.count || (i < keys.count && keys[i] < other.keys[j]) {
                total += abs(values[i])
                i += 1
            } else if i >= keys.count || other.keys[j] < keys[i] {
                total += abs(other.values[j])
                j += 1
            } else {
                total += abs(values[i] - other.values[j])
                i += 1
                j += 1
            }
        }
        return total
    }

    /// Per-key differences over the union of keys where the values differ (sorted by key).
    public func differences(to other: DiffOutputs) -> [KeyDifference] {
        var result: [KeyDifference] = []
        var i = 0
        var j = 0
        while i < keys.count || j < other.keys.count {
            if j >= other.keys.count || (i < keys.count && keys[i] < other.keys[j]) {
                result.append(KeyDifference(key: keys[i], a: values[i], b: nil))
                i += 1
            } else if i >= keys.count || other.keys[j] < keys[i] {
                result.append(KeyDifference(key: other.keys[j], a: nil, b: other.values[j]))
                j += 1
            } else {
                if values[i] != other.values[j] {
                    result.append(KeyDifference(key: keys[i], a: values[i], b: other.values[j]))
                }
                i += 1
                j += 1
            }
        }
        return result
    }
}

/// One key whose value differs between the two sides (nil: the side has no such key).
public struct KeyDifference: Sendable, Equatable {
    public var key: String
    public var a: Double?
    public var b: Double?
}
