import EventLog
import Projections
import Testing

@Suite struct LearningScheduleTests {
    let hour: Int64 = 3_600_000_000

    @Test func boundariesAreEpochAlignedWithOffset() {
        let daily = LearningSchedule.daily(hour: 7)
        // 2025-12-15T00:00Z is a midnight; 07:00 that day is its boundary.
        let midnight = EventBuilder.origin
        #expect(daily.boundary(atOrBefore: midnight + 7 * hour) == midnight + 7 * hour)
        #expect(daily.boundary(atOrBefore: midnight + 7 * hour - 1) == midnight + 7 * hour - 24 * hour)
        #expect(LearningSchedule.every(hours: 12).boundary(atOrBefore: midnight + 13 * hour) == midnight + 12 * hour)
        // Negative times round down, not toward zero.
        #expect(LearningSchedule.every(hours: 1).boundary(atOrBefore: -1) == -hour)
    }

    /// Drives a clock with event times (µs) and returns the boundaries that fired after each event.
    func run(_ schedule: LearningSchedule, _ times: [Int64]) -> [[Int64]] {
        var clock = LearningClock()
        var watermark = Int64.min
        var fired: [[Int64]] = []
        for t in times {
            watermark = max(watermark, t)
            var now: [Int64] = []
            while let b = clock.nextDueCycle(schedule: schedule, watermark: watermark) { now.append(b) }
            fired.append(now)
        }
        return fired
    }

    @Test func twelveHourCyclesFireWhenTheWatermarkCrossesNotOnLateEvents() {
        let o = EventBuilder.origin
        let times = [o + 11 * hour, o + 12 * hour - 1, o + 10 * hour, o + 12 * hour, o + 11 * hour, o + 23 * hour]
        let fired = run(.every(hours: 12), times)
        #expect(fired == [[], [], [], [o + 12 * hour], [], []])
    }

    @Test func dailyAtSevenCatchesUpEveryMissedDayInOrder() {
        let o = EventBuilder.origin
        let times = [o + 6 * hour, o + 8 * hour, o + 7 * hour - 5, o + (24 * 3 + 8) * hour]
        let fired = run(.daily(hour: 7), times)
        #expect(fired[0].isEmpty)
        #expect(fired[1] == [o + 7 * hour])
        #expect(fired[2].isEmpty)
        #expect(fired[3] == [o + 31 * hour, o + 55 * hour, o + 79 * hour])
    }

    @Test func firstEventOnlyAnchors() {
        let o = EventBuilder.origin
        var clock = LearningClock()
        #expect(clock.nextDueCycle(schedule: .every(hours: 1), watermark: .min) == nil)
        #expect(clock.nextDueCycle(schedule: .every(hours: 1), watermark: o + 5 * hour) == nil)
        #expect(clock.lastCycle == nil)
        #expect(clock.nextDueCycle(schedule: .every(hours: 1), watermark: o + 6 * hour) == o + 6 * hour)
        #expect(clock.lastCycle == o + 6 * hour)
        #expect(clock.cycles == 1)
    }
}
