import EventLog
import Projections

/// Finds a combo's index in `KilledCombosLearner.combos` from (symbol, side) without building its name
/// (`symbol + "_LONG"` cost a string allocation or concatenation, plus string comparisons in a binary search,
/// per closed trade and per counterfactual outcome).
///
/// Derived from the combos, so neither encoded nor compared (equality is always true): the learner rebuilds it
/// whenever the number of combos differs from `comboCount` (combos are only ever inserted, and a decoded learner
/// starts with an empty lookup). Also remembers whether any combo was ever killed, so that counterfactual
/// outcomes are skipped without a look-up while none was.
struct ComboLookup: Sendable, Equatable {
    private var symbols = StringIndex()
    /// Two per symbol id: the combo index of `SYMBOL_LONG`, then of `SYMBOL_SHORT`; −1 when absent.
    private var slots: [Int32] = []
    /// How many combos the lookup covers.
    private(set) var comboCount = 0
    /// Whether any combo has a kill interval (set by the learner when it kills one).
    var anyKilled = false

    /// The index of the combo of `symbol` and `side` (never found for a neutral side).
    @inline(__always)
    mutating func index(symbol: String, side: Side) -> Int? {
        guard side != .neutral, let id = symbols.lookUp(symbol) else { return nil }
        let combo = slots[2 * Int(id) + (side == .long ? 0 : 1)]
        return combo < 0 ? nil : Int(combo)
    }

    /// Rebuilds from `combos`, whose names are `KilledCombosLearner.comboName`s (the symbol is the name without
    /// its `_LONG` / `_SHORT` suffix, cut on UTF-8 bytes).
    mutating func rebuild(_ combos: [ComboRecord]) {
        symbols = StringIndex()
        slots = []
        anyKilled = false
        for i in combos.indices {
            if !combos[i].killIntervals.isEmpty { anyKilled = true }
            let utf8 = combos[i].combo.utf8
            let side: Int
            let symbol: String
            if utf8.count >= 5, utf8.suffix(5).elementsEqual("_LONG".utf8) {
                (side, symbol) = (0, String(decoding: utf8.dropLast(5), as: UTF8.self))
            } else if utf8.count >= 6, utf8.suffix(6).elementsEqual("_SHORT".utf8) {
                (side, symbol) = (1, String(decoding: utf8.dropLast(6), as: UTF8.self))
            } else {
                continue
            }
            let id = Int(symbols.insert(symbol))
            if slots.count < 2 * id + 2 { slots += [-1, -1] }
            slots[2 * id + side] = Int32(i)
        }
        comboCount = combos.count
    }

    static func == (a: ComboLookup, b: ComboLookup) -> Bool { true }
}
