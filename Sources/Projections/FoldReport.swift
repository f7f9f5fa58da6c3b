/// What a fold tells the health export about itself: when its learning cycles ran and a few counters.
///
/// Why a report rather than letting health read other folds' states: health must not depend on the
/// concrete types of learners written later; every fold speaks this one small vocabulary.
public struct FoldReport: Sendable, Equatable, Codable {
    public var identity: FoldIdentity
    /// Event time (UTC µs) of the boundary of the last learning cycle, nil if none ran.
    public var lastCycle: Int64?
    /// Learning cycles run so far.
    public var cycles: Int
    /// Named counts (e.g. `enriched_decisions`, `outcomes_used`); exported in sorted key order.
    public var counters: [String: Int]
    /// True for learners that update on every relevant event (e.g. per closed trade) instead of on a schedule:
    /// health then does not expect learning cycles from them.
    public var continuous: Bool
    /// Human-readable findings ("weights at defaults: 0 of 10 signals have 50 outcomes"), in the fold's order.
    public var notes: [String]

    public init(
        identity: FoldIdentity,
        lastCycle: Int64? = nil,
        cycles: Int = 0,
        counters: [String: Int] = [:],
        notes: [String] = [],
        continuous: Bool = false
    ) {
        self.identity = identity
        self.lastCycle = lastCycle
        self.cycles = cycles
        self.counters = counters
        self.notes = notes
        self.continuous = continuous
    }
}
