public import EventLog

extension Event {
    /// `payload.kind` for `payload` = this event's payload (as `Fold.apply` lends it), read from the box that
    /// holds it when there is one (`DecodedPayload.kind`, set once when the payload was boxed).
    ///
    /// Why: reading `payload.kind`, or matching a case of `payload`, copies the whole payload (~240 bytes) to
    /// look at its tag, and most folds skip most events; testing this first leaves the copy to the events a
    /// fold uses. Unlike `Event.kind` (the envelope's kind), a payload this build could not decode reads as
    /// `.unknown` here, as `payload.kind` does.
    @inlinable
    public func kind(of payload: EventPayload) -> EventKind { storedPayload?.kind ?? payload.kind }
}
