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

/// A value kept in a `CopyOnWriteBox`, with the copy-before-write the box needs: the boxed records
/// (`CounterfactualOutcome`, the enriched `Decision`, `Outcome`, `Position`) each hold one and forward their
/// properties to it, so the uniqueness check, the Codable forwarding and the identity-first equality are
/// written once. Encodes exactly as `Value` does (no wrapping container), so the snapshot encoding of the
/// records is the encoding of their fields.
struct CopyOnWrite<Value: Sendable & Codable & Equatable>: Sendable, Codable, Equatable {
    private var box: CopyOnWriteBox<Value>

    init(_ value: Value) { box = CopyOnWriteBox(value) }

    /// The boxed value, borrowed (`_read`: reading one field does not copy the others).
    var value: Value {
        _read { yield box.value }
    }

    /// Runs `body` on the value, copying the box first when another value shares it.
    mutating func write<R>(_ body: (inout Value) -> R) -> R {
        if !isKnownUniquelyReferenced(&box) { box = CopyOnWriteBox(box.value) }
        return body(&box.value)
    }

    init(from decoder: any Decoder) throws { box = CopyOnWriteBox(try Value(from: decoder)) }

    func encode(to encoder: any Encoder) throws { try box.value.encode(to: encoder) }

    static func == (a: Self, b: Self) -> Bool { a.box === b.box || a.box.value == b.box.value }
}
