/// Heap storage for the fields of a large value type (a record with many strings), so that copying the value
/// costs one retain and an array of it moves 8 bytes per element; the owner copies the box before writing
/// when it is shared (`isKnownUniquelyReferenced`), so the value keeps value semantics.
///
/// Why: the fold's records (counterfactual outcomes, enriched decisions) are copied from the pending queue into
/// the resolved window, the export queue, the context and finalized rows, and removed from the front of
/// arrays in bulk; inline, each copy retained every string and each removal moved ~250 bytes per survivor.
///
/// `@unchecked Sendable`: `value` is only written through a uniquely referenced box (the owners' `write`),
/// so a box reachable from two values or threads is never written.
final class CopyOnWriteBox<Value: Sendable>: @unchecked Sendable {
    /// No exclusivity check per access: the owners' `write` is the only writer (see above), and a dynamic
    /// check on every field read would cost more than the copy the box saves.
    @exclusivity(unchecked) var value: Value

    init(_ value: Value) { self.value = value }
}
