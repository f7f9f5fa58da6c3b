#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real clocks (`CLOCK_MONOTONIC`, `CLOCK_REALTIME`, `nanosleep`); the CLI injects it into `run`.
public struct SystemRunClock: RunClock, Sendable {
    public init() {}

    public func monotonicMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    public func wallMicros() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }

    public func sleep(milliseconds: Int64) {
        guard milliseconds > 0 else { return }
        var request = timespec(tv_sec: Int(milliseconds / 1000), tv_nsec: Int(milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        // An interrupted sleep (SIGINT/SIGTERM) returns early, so shutdown is not delayed by a poll interval.
        _ = nanosleep(&request, &remaining)
    }

    /// Monotonic milliseconds as a function value (for the export writer thread's statistics).
    public static let monotonic: @Sendable () -> Int64 = { SystemRunClock().monotonicMilliseconds() }

    /// Monotonic nanoseconds, for measuring durations (replay throughput).
    public static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
