/// A decoded payload on the heap, shared by every copy of its `Event` (see `Event.storedPayload`).
///
/// Why a class rather than an `indirect` enum case: `value` is an immutable stored property, so passing
/// `box.value` to a function lends the payload in place. Binding an indirect case (`case .decoded(let p)`) or
/// reading `Event.payload` copies it out instead, retaining every string and array in it (and releasing them
/// after), which the pipeline paid once per event.
public final class DecodedPayload: Sendable {
    public let value: EventPayload

    @usableFromInline
    init(_ value: EventPayload) { self.value = value }
}
