/// Turns user-given points into sequence boundaries of one log.
///
/// Conventions (shared by `replay --at/--to/--from`, `snapshot export --at` and `diff --from/--to`, so that
/// "time travel to X" and "replay bounded at X" are the same thing by construction):
/// - an end point `--to/--at SEQ` includes event SEQ; `--to/--at TIME` includes every event logged before the
///   first event whose time is after TIME (events at exactly TIME are included);
/// - a start point `--from SEQ` starts at event SEQ; `--from TIME` at the first event at or after TIME.
public enum LogRange {
    /// Exclusive end boundary for an end point.
    public static func end<Log: EventLogAccess>(of point: LogPoint, in log: Log) throws(ReplayError) -> UInt64 {
        switch point {
        case .sequence(let seq): seq == .max ? .max : seq + 1
        case .eventTime(let time): try log.firstSequence(atOrAfterEventTime: time == .max ? .max : time + 1)
        }
    }

    /// Inclusive start boundary for a start point.
    public static func start<Log: EventLogAccess>(of point: LogPoint, in log: Log) throws(ReplayError) -> UInt64 {
        switch point {
        case .sequence(let seq): seq
        case .eventTime(let time): try log.firstSequence(atOrAfterEventTime: time)
        }
    }
}
