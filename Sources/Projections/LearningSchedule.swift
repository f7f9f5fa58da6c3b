/// When a learner runs its learning cycle, in **event time**: every `intervalSeconds`, at boundaries
/// `offsetSeconds + k × intervalSeconds` after the Unix epoch (UTC).
///
/// The live bot runs learners on a wall-clock schedule (every 12 h, nightly at 07:00 UTC, hourly); a fold
/// runs the same cycle when the event-time watermark crosses the boundary, so a replay reproduces what the
/// live schedule would have produced. Boundaries are aligned to the epoch, not to the first event, so a
/// replay that starts or stops elsewhere (`--to`) still sees the same cycles.
public struct LearningSchedule: Codable, Sendable, Equatable {
    public var intervalSeconds: Int64
    public var offsetSeconds: Int64

    public init(intervalSeconds: Int64, offsetSeconds: Int64 = 0) {
        precondition(intervalSeconds > 0, "a learning schedule needs a positive interval")
        self.intervalSeconds = intervalSeconds
        self.offsetSeconds = offsetSeconds
    }

    /// Every `hours` hours at whole multiples since the epoch (00:00, 12:00 UTC for 12).
    public static func every(hours: Int64) -> LearningSchedule { LearningSchedule(intervalSeconds: hours * 3600) }

    /// Once a day at `hour:minute` UTC.
    public static func daily(hour: Int64, minute: Int64 = 0) -> LearningSchedule {
        LearningSchedule(intervalSeconds: 86_400, offsetSeconds: hour * 3600 + minute * 60)
    }

    /// The latest boundary at or before `time` (UTC µs).
    @inlinable
    public func boundary(atOrBefore time: Int64) -> Int64 {
        let interval = intervalSeconds * 1_000_000
        let offset = offsetSeconds * 1_000_000
        let shifted = time - offset
        var k = shifted / interval
        if shifted % interval != 0, shifted < 0 { k -= 1 }
        return k * interval + offset
    }
}

/// Where a learner stands on its schedule; part of the learner's state (so snapshots resume it exactly).
///
/// Usage in `apply`, **before** folding the event itself (the cycle at boundary B must not see an event
/// whose arrival pushed the watermark past B):
/// ```swift
/// while let boundary = state.clock.nextDueCycle(schedule: configuration.schedule, watermark: context.watermark) {
///     runLearningCycle(at: boundary)
/// }
/// accumulate(event)
/// ```
public struct LearningClock: Codable, Sendable, Equatable {
    /// The boundary of the last cycle run, or (before any) the last boundary before the first event seen.
    public var lastBoundary: Int64?
    /// Cycles run so far.
    public var cycles: Int
    /// Event time of the last cycle that ran (nil before the first); what health reports.
    public var lastCycle: Int64? { cycles > 0 ? lastBoundary : nil }

    public init() {
        lastBoundary = nil
        cycles = 0
    }

    /// Returns the next boundary the watermark has crossed since the last cycle (and marks it run), or nil.
    ///
    /// Call in a loop: after a gap of several periods every missed boundary is returned in order, as the
    /// live scheduler would have run a cycle at each of them (learners with smoothing depend on the count).
    /// The first watermark only anchors the clock: no cycle runs for boundaries before the first event.
    /// Always inlined: learners call it once per event, and nearly always it returns nil at the second guard
    /// (`@inlinable` alone left it a call in the larger learners' `apply`).
    @inlinable @inline(__always)
    public mutating func nextDueCycle(schedule: LearningSchedule, watermark: Int64) -> Int64? {
        guard watermark != .min else { return nil }
        guard let last = lastBoundary else {
            lastBoundary = schedule.boundary(atOrBefore: watermark)
            return nil
        }
        let next = last + schedule.intervalSeconds * 1_000_000
        guard next <= watermark else { return nil }
        lastBoundary = next
        cycles += 1
        return next
    }
}
