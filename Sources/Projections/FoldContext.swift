public import EventLog

/// The read-only projections every fold may consult while applying an event.
///
/// The pipeline owns one context and updates it before handing the event to the folds, so a fold sees the
/// event's own prices, the watermark including the event, and the counterfactual outcomes that resolved
/// because of it. Folds receive it by value (borrowed), so they cannot change what other folds see.
public struct FoldContext: Sendable {
    /// The event-time watermark: the maximum event time seen so far (UTC µs), `Int64.min` before any event.
    /// Event time is not monotone in the log, so schedules and resolutions use this, not the event's time.
    public var watermark: Int64
    /// Events folded so far, this one included.
    public var eventCount: UInt64
    /// Prices per symbol from every event that carries one.
    public var priceMarks: PriceMarks
    /// Counterfactual outcomes that resolved when this event advanced the watermark (empty most of the time).
    /// Learners consume them at `CounterfactualOutcome.weight`.
    public var resolvedCounterfactuals: [CounterfactualOutcome]

    public init(
        watermark: Int64 = .min,
        eventCount: UInt64 = 0,
        priceMarks: PriceMarks = PriceMarks(),
        resolvedCounterfactuals: [CounterfactualOutcome] = []
    ) {
        self.watermark = watermark
        self.eventCount = eventCount
        self.priceMarks = priceMarks
        self.resolvedCounterfactuals = resolvedCounterfactuals
    }

    /// Advances the watermark and records the event's prices (the first step of every event in a pipeline).
    public mutating func observe(_ event: Event) { observe(event, payload: event.payload) }

    /// `observe` with the payload already read (`payload` is `event.payload`).
    public mutating func observe(_ event: Event, payload: EventPayload) {
        if event.eventTime > watermark { watermark = event.eventTime }
        eventCount &+= 1
        priceMarks.record(event, payload: payload, watermark: watermark)
    }
}
