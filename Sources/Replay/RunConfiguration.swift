/// Settings of `hindsight run` (tail-and-process).
public struct RunConfiguration: Sendable, Equatable {
    /// Exports are written at most this long after the state changed, and at most once per this interval
    /// (the first change after a quiet period is written at once).
    public var exportDebounceMilliseconds: Int64
    /// Sleep between rounds when no new input was found.
    public var pollIntervalMilliseconds: Int64
    /// Snapshot cadence and retention.
    public var snapshots: SnapshotConfiguration

    public init(
        exportDebounceMilliseconds: Int64 = 1000,
        pollIntervalMilliseconds: Int64 = 10,
        snapshots: SnapshotConfiguration = SnapshotConfiguration()
    ) {
        self.exportDebounceMilliseconds = exportDebounceMilliseconds
        self.pollIntervalMilliseconds = pollIntervalMilliseconds
        self.snapshots = snapshots
    }
}

/// Wall-clock access for `run`, injected so the loop is testable and the library never reads globals.
public protocol RunClock {
    /// Monotonic milliseconds (debounce and pacing).
    func monotonicMilliseconds() -> Int64
    /// Wall-clock UTC microseconds (latency of events against their event time).
    func wallMicros() -> Int64
    func sleep(milliseconds: Int64)
}
