/// Encodes payload messages back to back into one reusable buffer, for producers that never build the payload
/// values (ingest's hot path: normalizers write straight from the parsed JSON). A batch's payloads are then
/// copied into ONE array with `makeArray()`, and each draft holds a slice of it (`encodedPayload(kind:…)`):
/// one allocation per batch instead of a payload value, its strings and its boxes per event.
///
/// The bytes are exactly those the frame encoder writes for the equivalent `EventPayload` (same fields, same
/// order, same length reservations), so a log does not depend on which path produced an event (tested).
public struct PayloadWriter: ~Copyable {
    private var wire = WireWriter(capacity: 64 << 10)

    public init() {}

    /// Bytes written since the last `removeAll()`; a payload starts at the count before it is written.
    public var count: Int { wire.count }

    public mutating func removeAll() { wire.removeAll() }

    /// Drops everything written after `count` (a payload abandoned halfway, e.g. its record was rejected).
    public mutating func truncate(to count: Int) { wire.removeLast(wire.count - count) }

    /// A copy of everything written since `removeAll()`: the storage the drafts' payload slices share.
    public func makeArray() -> [UInt8] { wire.bytes }

    /// The payload of kind `kind` at `range` of `storage` (an array made by `makeArray()`), for a draft.
    public static func encodedPayload(
        kind: EventKind,
        _ storage: [UInt8],
        _ range: Range<Int>
    ) -> EncodedDraftPayload {
        EncodedDraftPayload(kind: kind, bytes: storage[range])
    }

    /// Any payload value (the same encoder the frame encoder uses); returns its kind.
    @discardableResult
    public mutating func write(_ payload: EventPayload) -> EventKind {
        wire.payload(payload)
        return payload.kind
    }

    /// Same bytes as `write(.decisionLogged(view.decoded()))`.
    public mutating func write(_ p: DecisionLoggedView) {
        wire.string(1, p.symbol)
        wire.uint(2, UInt64(p.side.rawValue))
        wire.string(3, p.sideRaw)
        wire.uint(4, UInt64(p.disposition.rawValue))
        wire.string(5, p.dispositionRaw)
        wire.double(6, p.entryPrice)
        wire.string(7, p.blockReason)
        wire.string(8, p.blockGate)
        wire.string(9, p.strategy)
        wire.string(10, p.venue)
        wire.double(11, p.ofi)
        wire.double(12, p.ensemble)
        wire.double(13, p.mtfConfidence)
        wire.double(14, p.volatility)
        wire.string(15, p.regime)
        wire.string(16, p.timeframe)
    }

    /// Same bytes as `write(.signalOutcomeResolved(view.decoded()))`.
    public mutating func write(_ p: SignalOutcomeView) {
        wire.string(1, p.symbol)
        wire.string(2, p.signalName)
        wire.uint(3, UInt64(p.side.rawValue))
        wire.string(4, p.sideRaw)
        wire.double(5, p.confidence)
        wire.double(6, p.priceAtSignal)
        wire.int(7, p.signalTime)
        p.horizons.withUnsafeBufferPointer { horizons in
            for h in horizons { wire.horizon(h) }
        }
        wire.double(9, p.evContribution)
        if p.partial { wire.bool(10, true) }
    }
}

extension WireWriter {
    /// A string field from UTF-8 bytes.
    mutating func string(_ field: UInt32, _ utf8: UnsafeBufferPointer<UInt8>) {
        tag(field, .lengthDelimited)
        varint(UInt64(utf8.count))
        append(UnsafeRawBufferPointer(utf8))
    }

    mutating func string(_ field: UInt32, _ utf8: UnsafeBufferPointer<UInt8>?) {
        if let utf8 { string(field, utf8) }
    }
}
