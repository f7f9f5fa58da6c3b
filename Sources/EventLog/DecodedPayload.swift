/// A decoded payload on the heap, shared by every copy of its `Event` (see `Event.storedPayload`).
///
/// Why a class rather than an `indirect` enum case: `value` is an immutable stored property, so passing
/// `box.value` to a function lends the payload in place. Binding an indirect case (`case .decoded(let p)`) or
/// reading `Event.payload` copies it out instead, retaining every string and array in it (and releasing them
/// after), which the pipeline paid once per event.
public final class DecodedPayload: Sendable {
    public let value: EventPayload
    /// `value.kind`, read once when the payload is boxed. Reading it from `value` copies the whole payload
    /// (~240 bytes) to look at its case: folds that skip most events paid that once per fold per event.
    public let kind: EventKind
    /// The kind's number as the log stores it (an `.unknown` payload's own number); what `Event.kindRawValue`
    /// answers for a decoded payload.
    public let kindRawValue: UInt8

    @usableFromInline
    init(_ value: EventPayload) {
        self.value = value
        let kind = value.kind
        self.kind = kind
        if kind == .unknown, case .unknown(let raw, _) = value {
            kindRawValue = raw
        } else {
            kindRawValue = kind.rawValue
        }
    }
}
