public import EventLog

/// The event at which two learners' outputs first diverged, with the record that caused it.
public struct FirstDivergence: Sendable, Equatable {
    public var seq: UInt64
    public var eventTime: Int64
    public var kind: String
    public var source: String
    /// The original record (UTF-8, cut at 2,000 bytes): what the user opens to see why.
    public var record: String
    /// Keys whose values differ between A and B right after the event.
    public var differences: [KeyDifference]
    /// Keys each side changed at this event (old → new), to show who moved.
    public var changedA: [KeyDifference]
    public var changedB: [KeyDifference]
}

/// Divergence within one UTC day of event time (bucketed by the event-time watermark, which never goes back).
public struct DivergenceDay: Sendable, Equatable {
    /// Days since 1970-01-01.
    public var day: Int64
    public var events: Int
    /// Events after which A's (B's) outputs changed.
    public var changesA: Int
    public var changesB: Int
    /// Events after which the outputs differed.
    public var divergedEvents: Int
    /// L1 distance between the outputs at the end of the day, and the largest seen during it.
    public var distanceAtEnd: Double
    public var maxDistance: Double
}

/// Follows two learners' outputs event by event and records where they part.
///
/// "First divergence": when both sides start from equal outputs, the first event after which they differ.
/// When they already differ before any event (e.g. two versions with different starting allocations), the
/// first event at which exactly one side changed its outputs (their reactions differ); `initiallyDifferent`
/// says which definition applied.
public struct DivergenceTracker: Sendable {
    public private(set) var initiallyDifferent: Bool
    public private(set) var first: FirstDivergence?
    public private(set) var days: [DivergenceDay] = []
    public private(set) var events = 0
    public private(set) var divergedEvents = 0
    public private(set) var changesA = 0
    public private(set) var changesB = 0
    public private(set) var initialA: DiffOutputs
    public private(set) var initialB: DiffOutputs
    private var lastA: DiffOutputs
    private var lastB: DiffOutputs
    private var watermark: Int64 = .min

    public init(initialA: DiffOutputs, initialB: DiffOutputs) {
        self.initialA = initialA
        self.initialB = initialB
        lastA = initialA
        lastB = initialB
        initiallyDifferent = initialA != initialB
    }

    public var finalA: DiffOutputs { lastA }
    public var finalB: DiffOutputs { lastB }

    /// Records the outputs right after `event` was folded into both sides.
    public mutating func observe(_ event: Event, a: DiffOutputs, b: DiffOutputs) {
        events += 1
        if event.eventTime > watermark { watermark = event.eventTime }
        let day = watermark == .min ? 0 : ISOTimestamp.dayNumber(watermark)
        if days.last?.day != day {
            days.append(
                DivergenceDay(
                    day: day,
                    events: 0,
                    changesA: 0,
                    changesB: 0,
                    divergedEvents: 0,
                    distanceAtEnd: 0,
                    maxDistance: 0
                )
            )
        }
        let changedA = a != lastA
        let changedB = b != lastB
        let differ = a != b
        if changedA { changesA += 1 }
        if changedB { changesB += 1 }
        if differ { divergedEvents += 1 }
        let distance = differ ? a.l1Distance(to: b) : 0
        let index = days.count - 1
        days[index].events += 1
        if changedA { days[index].changesA += 1 }
        if changedB { days[index].changesB += 1 }
        if differ { days[index].divergedEvents += 1 }
        days[index].distanceAtEnd = distance
        days[index].maxDistance = max(days[index].maxDistance, distance)
        if first == nil {
            let diverged = initiallyDifferent ? changedA != changedB : differ
            if diverged {
                first = FirstDivergence(
                    seq: event.seq,
                    eventTime: event.eventTime,
                    kind: event.kind.name,
                    source: event.source.rawValue,
                    record: String(decoding: event.original.prefix(2000), as: UTF8.self),
                    differences: a.differences(to: b),
                    changedA: lastA.differences(to: a),
                    changedB: lastB.differences(to: b)
                )
            }
        }
        if changedA { lastA = a }
        if changedB { lastB = b }
    }
}
