public import EventLog
import Foundation

/// Reads a stream ahead on a thread of its own: decompressing frames and decoding every payload
/// (`materializePayload`) happen there, in batches, while the consumer folds the previous batches.
///
/// Why: with the export rows rendered on the export writer thread, a replay's critical path is the fold
/// thread, and reading the log (zstd + envelope + payload decode) was ~10 % of it. At most `depth` batches
/// wait, so memory stays bounded. Events come out in order; an error of the underlying stream is thrown after
/// every event read before it, exactly where a direct read would throw it. Call `cancel()` when stopping
/// before the end (the reader thread then exits); reading to the end (nil) or an error ends it by itself.
public final class ReadAheadStream<Base: EventStream>: EventStream, @unchecked Sendable {
    private let condition = NSCondition()
    private var ready: [[Event]] = []
    private var finished = false
    private var failure: ReplayError?
    private var cancelled = false
    private var current: [Event] = []
    private var index = 0
    private let batchSize: Int
    private let depth: Int
    /// Set when reading directly (no thread): `next()` passes through.
    private var direct: Base?

    /// Starts reading `base` at once; with `readAhead` false, reads it directly on the consumer's thread.
    public init(_ base: Base, batchSize: Int = 4_096, depth: Int = 4, readAhead: Bool = true) {
        self.batchSize = max(1, batchSize)
        self.depth = max(1, depth)
        guard readAhead else {
            direct = base
            return
        }
        // The reader thread alone uses `base` (and the generic work) from here on.
        let work = Owned { [self] in self.produce(base) }
        let thread = Thread { work.value() }
        thread.name = "hindsight-read"
        thread.start()
    }

    public func next() throws(ReplayError) -> Event? {
        if direct != nil { return cancelled ? nil : try direct!.next() }
        if index < current.count {
            defer { index += 1 }
            return current[index]
        }
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !finished && !cancelled { condition.wait() }
        if !ready.isEmpty {
            current = ready.removeFirst()
            index = 1
            condition.broadcast()
            return current[0]
        }
        if let failure, !cancelled { throw failure }
        return nil
    }

    /// Stops the reader thread; events not consumed yet are dropped and `next()` returns nil from then on.
    /// Call it from the consuming thread.
    public func cancel() {
        current = []
        index = 0
        condition.lock()
        cancelled = true
        ready.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    private func produce(_ base: Base) {
        var base = base
        while true {
            var batch: [Event] = []
            batch.reserveCapacity(batchSize)
            var last = false
            do throws(ReplayError) {
                while batch.count < batchSize {
                    guard var event = try base.next() else {
                        last = true
                        break
                    }
                    event.materializePayload()
                    batch.append(event)
                }
            } catch {
                condition.lock()
                failure = error
                condition.unlock()
                last = true
            }
            if !deliver(batch, last: last) || last { return }
        }
    }

    /// Queues a batch (waiting for room); false when cancelled.
    @discardableResult
    private func deliver(_ batch: [Event], last: Bool) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= depth && !cancelled { condition.wait() }
        if cancelled { return false }
        if !batch.isEmpty { ready.append(batch) }
        if last { finished = true }
        condition.broadcast()
        return true
    }
}

/// Hands a value to the reader thread, which alone uses it from then on.
private struct Owned<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
