public import EventLog

/// Events in log order, one at a time: what every Replay loop consumes. `next()` returns nil at the current
/// end of the log; a later call may return events appended since (this is how `run` follows the log).
public protocol EventStream {
    mutating func next() throws(ReplayError) -> Event?
}

/// Read access to an event log: cursors and the time → sequence index. Abstracted so that replay, diff and
/// run are tested with in-memory logs and benchmarked without disk I/O.
public protocol EventLogAccess {
    associatedtype Stream: EventStream
    /// A stream positioned at the first event with `seq >= sequence`.
    func stream(from sequence: UInt64) throws(ReplayError) -> Stream
    /// The first sequence number whose event time is at or after `eventTime` (the log end if none).
    func firstSequence(atOrAfterEventTime eventTime: Int64) throws(ReplayError) -> UInt64
    /// The sequence number the next appended event will get (the number of events in the log), if known
    /// cheaply; used for progress bars and for `--at` beyond the end.
    func endSequence() throws(ReplayError) -> UInt64?
    /// Whether a replay should read this log ahead on a thread of its own (`ReadAheadStream`): true when
    /// reading costs real work (decompression, decoding). Default: false.
    static var readsAhead: Bool { get }
}

extension EventLogAccess {
    public static var readsAhead: Bool { false }
}

/// An in-memory log (tests, benchmarks): events must have dense sequence numbers from 0.
public struct InMemoryEventLog: EventLogAccess, Sendable {
    public var events: [Event]

    public init(_ events: [Event]) { self.events = events }

    public struct Stream: EventStream {
        let events: [Event]
        var index: Int
        public mutating func next() throws(ReplayError) -> Event? {
            guard index < events.count else { return nil }
            defer { index += 1 }
            return events[index]
        }
    }

    public func stream(from sequence: UInt64) throws(ReplayError) -> Stream {
        Stream(events: events, index: Int(min(sequence, UInt64(events.count))))
    }

    public func firstSequence(atOrAfterEventTime eventTime: Int64) throws(ReplayError) -> UInt64 {
        UInt64(events.firstIndex { $0.eventTime >= eventTime } ?? events.count)
    }

    public func endSequence() throws(ReplayError) -> UInt64? { UInt64(events.count) }
}
