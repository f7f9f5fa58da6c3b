import EventLog

/// What finalization compares of each held record, kept inline beside the records (in memory only: rebuilt
/// from the records when a state is decoded or a record array is replaced, never encoded).
///
/// Why: every finalization step (once per 10 minutes of watermark) scans the held decisions, outcomes and
/// positions and matches decisions to the ~27 outcomes of their window by symbol and side. Read from the
/// records, each look costs a box dereference and each symbol match a `String` comparison (and copying a
/// `String` into a scratch array, a retain); these plain arrays make the scans and matches integer work.
extension EnrichedDecisions {
    /// Symbol and side as one integer: equal keys ⇔ equal symbol (`String` equality) and equal side.
    typealias JoinKey = UInt32

    /// Symbol → small integer, assigned in order of first appearance. Interned once per record, at `apply`,
    /// instead of comparing strings per candidate pair at every step. Grows with the distinct symbols seen
    /// (the bot's universe: a few hundred at most). A `StringIndex`: its cache keyed by the string's bits makes a
    /// repeated symbol cost no hashing (SipHash per record cost more than the string comparisons interning saves).
    struct SymbolTable: Sendable {
        private var symbols = StringIndex()

        mutating func joinKey(_ symbol: String, _ side: Side) -> JoinKey {
            JoinKey(symbols.insert(symbol)) << 2 | JoinKey(side.rawValue)
        }
    }

    /// A held decision's time, seq and join key (parallel to `State.decisions`).
    struct DecisionKey: Sendable {
        var time: Int64
        var seq: UInt64
        var join: JoinKey
        /// An executed (or partially executed) signal decision: only these join a position.
        var executed: Bool
    }

    /// A held outcome's sort key, join key and whether a settled decision joined it (parallel to
    /// `State.outcomes`, sorted as they are).
    struct OutcomeKey: Sendable {
        var signalTime: Int64
        var seq: UInt64
        var join: JoinKey
        var joined: Bool
    }

    /// A held position's identity and closing state (parallel to `State.positions`): what `apply` changed
    /// in the position that decides when it is final.
    struct PositionSlot: Sendable {
        /// Increases with creation order, so a position's index is a binary search away and removing
        /// positions renumbers nothing (`State.positionSerials` maps keys to serials).
        var serial: Int
        var openedAt: Int64
        var seq: UInt64
        var join: JoinKey
        var hasClose = false
        /// Latest close time (of the closes seen).
        var lastClose: Int64 = .min
        /// Changed after its last close (`Position.updatedSinceClose`).
        var updatedSinceClose = false
        var removed = false
        /// (time, seq) of the settled decisions in the position's `joined` list, in that order: the position's
        /// row lists their seqs and the step orders their rows by them, without reading the decisions' boxes
        /// (cold by the time the position closes).
        var joinedKeys: [(time: Int64, seq: UInt64)] = []
        /// A watermark before which the position cannot be final (`.min`: not known, as after decoding): the
        /// step's scan over every held position compares this one number and checks `isClosed` only past it.
        /// `apply` sets it whenever it changes the slot (`refreshFinalAt`).
        var finalAt: Int64 = .min

        /// Sets `finalAt` to the watermark from which the position is final: `due` after its opening
        /// (`EnrichedDecisions.finalize`'s `positionsDue`) and, unless removed, `delay` after its last close
        /// if nothing changed since; `.max` while it is open.
        mutating func refreshFinalAt(due: Int64, delay: Int64) {
            if removed {
                finalAt = openedAt + due
            } else if hasClose, !updatedSinceClose {
                finalAt = max(openedAt + due, lastClose + delay)
            } else {
                finalAt = .max
            }
        }

        /// `Position.isClosed`, from the mirrored fields.
        func isClosed(watermark: Int64, delay: Int64) -> Bool {
            if removed { return true }
            guard hasClose, !updatedSinceClose else { return false }
            return lastClose + delay <= watermark
        }
    }
}
