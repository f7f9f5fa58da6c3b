import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT/SIGTERM turned into a flag that long loops check between frames, so that `run` finishes the frame
/// it is folding, writes its exports and exits 0 instead of dying mid-write.
///
/// Why a flag set from a C signal handler (and not DispatchSource): the handler only stores to an atomic,
/// which is async-signal-safe, and the loop polls it anyway between frames; no queue or thread is needed.
public enum ShutdownSignal {
    private static let requested = Atomic<Int32>(0)

    /// Installs handlers for SIGINT and SIGTERM (idempotent).
    public static func install() {
        signal(SIGINT, shutdownSignalHandler)
        signal(SIGTERM, shutdownSignalHandler)
    }

    /// The signal number received, or 0.
    public static var received: Int32 { requested.load(ordering: .acquiring) }

    public static var isRequested: Bool { received != 0 }

    /// Marks shutdown as requested (for tests and for callers that stop the loop programmatically).
    public static func request(_ signalNumber: Int32) { requested.store(signalNumber, ordering: .releasing) }

    /// Clears the flag (tests).
    public static func reset() { requested.store(0, ordering: .releasing) }
}

private func shutdownSignalHandler(_ signalNumber: Int32) {
    ShutdownSignal.request(signalNumber)
}
