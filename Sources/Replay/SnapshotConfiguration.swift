/// When snapshots are taken and how many are kept.
///
/// Cadence is in events and in event time (never wall clock: the same log must give the same snapshots).
/// The defaults are sparse (1M events or 30 days of event time; a replay of a year writes about a dozen). They
/// were chosen when states were JSON and unbounded; with the binary encoding and bounded export state a snapshot
/// of 30 days is ~6 MB and costs ~0.1 s, so a denser cadence is affordable if time travel needs it.
/// Retention keeps the newest few plus one per UTC day of event time, so that time travel to any recent day
/// starts close to its target while the directory stays bounded.
public struct SnapshotConfiguration: Sendable, Equatable {
    /// Take a snapshot once this many events were folded since the last one; nil disables the count rule.
    public var everyEvents: UInt64?
    /// Take a snapshot once event time advanced this many microseconds since the last one; nil disables it.
    public var everyEventTime: Int64?
    /// Always keep this many newest snapshots.
    public var keepLast: Int
    /// Also keep the newest snapshot of each of the last `keepDailyDays` UTC days (counted back from the
    /// newest snapshot's event time).
    public var keepDailyDays: Int

    public init(
        everyEvents: UInt64? = 1_000_000,
        everyEventTime: Int64? = 30 * 86_400_000_000,
        keepLast: Int = 3,
        keepDailyDays: Int = 30
    ) {
        self.everyEvents = everyEvents
        self.everyEventTime = everyEventTime
        self.keepLast = keepLast
        self.keepDailyDays = keepDailyDays
    }

    /// Snapshots disabled (both cadence rules off).
    public static let disabled = SnapshotConfiguration(everyEvents: nil, everyEventTime: nil)

    /// Whether a snapshot is due, given the events and event time folded since the last one.
    public func isDue(eventsSinceLast: UInt64, eventTimeSinceLast: Int64?) -> Bool {
        if let every = everyEvents, every > 0, eventsSinceLast >= every { return true }
        if let every = everyEventTime, every > 0, eventsSinceLast > 0, let elapsed = eventTimeSinceLast,
            elapsed >= every
        {
            return true
        }
        return false
    }
}
