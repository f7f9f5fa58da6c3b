/// Rendered `signal_outcomes` elements of `enriched_decisions.jsonl`, reused while a batch of rows is rendered.
///
/// A signal outcome is embedded in every decision row it joined (1.75 rows on average on simulated history,
/// often neighbours in time); its element is the largest part of a row, so it is rendered once and its bytes
/// copied for the next rows. The cache compares every field the element prints (doubles by bit pattern, so
/// `-0.0` is never mistaken for `0.0`) before reusing bytes: a copy of an outcome that differs, e.g. one
/// settled while still partial, is rendered afresh. Bounded: cleared whenever its bytes pass `capacity`
/// (rows are in time order, so what is dropped is what later rows are least likely to embed).
struct OutcomeFragmentCache {
    private struct Entry {
        var outcome: EnrichedDecisions.Outcome
        var bytes: Range<Int>
    }

    private var entries: [UInt64: Entry] = [:]
    private var arena: [UInt8] = []
    private let capacity: Int

    init(capacity: Int = 1 << 21) {
        self.capacity = capacity
        arena.reserveCapacity(capacity + 4096)
    }

    /// Writes `outcome`'s element into `out`: cached bytes when an identical element was rendered before,
    /// else `render` (whose bytes are then kept).
    mutating func write(
        _ outcome: EnrichedDecisions.Outcome,
        into out: inout JSONLineBuilder,
        render: (EnrichedDecisions.Outcome, inout JSONLineBuilder) -> Void
    ) {
        if let entry = entries[outcome.seq], Self.printsTheSame(entry.outcome, outcome) {
            arena.withUnsafeBufferPointer { out.rendered(UnsafeBufferPointer(rebasing: $0[entry.bytes])) }
            return
        }
        let start = out.valueStart()
        render(outcome, &out)
        if arena.count >= capacity {
            arena.removeAll(keepingCapacity: true)
            entries.removeAll(keepingCapacity: true)
        }
        let kept = arena.count
        out.withBytes(from: start) { arena.append(contentsOf: $0) }
        entries[outcome.seq] = Entry(outcome: outcome, bytes: kept..<arena.count)
    }

    /// Equal in every field `writeOutcome` prints.
    private static func printsTheSame(_ a: EnrichedDecisions.Outcome, _ b: EnrichedDecisions.Outcome) -> Bool {
        a.seq == b.seq && a.signalTime == b.signalTime && a.partial == b.partial
            && a.confidence.bitPattern == b.confidence.bitPattern
            && a.priceAtSignal.bitPattern == b.priceAtSignal.bitPattern
            && a.evContribution?.bitPattern == b.evContribution?.bitPattern && a.results == b.results
            && a.signalName == b.signalName
    }
}
