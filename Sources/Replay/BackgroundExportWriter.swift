import Foundation
public import Projections

/// Builds and writes exports on a thread of its own, so that `run` keeps ingesting and folding while files
/// are rendered and fsynced (before, a record arriving during an export write waited up to ~1 s for it).
///
/// Jobs are handed over in submission order through a one-slot mailbox: a job that has not started yet is
/// replaced by a newer one, because a job builds every file from a frozen copy of the whole state and the
/// newer copy supersedes the older (exports are written "when they change, debounced"; an intermediate
/// version nobody read is not owed to anyone). Rows for append-only files are never dropped: `appends` of a
/// replaced job are carried into its successor, in order. `flush()` waits until everything submitted is on
/// disk; an error on the writer thread is reported by the next `submit`, `flush` or `finish`.
public final class BackgroundExportWriter: @unchecked Sendable {
    /// One export write: rows to append first (in order), then the files built by `build` (a closure over a
    /// frozen copy of the state, run on the writer thread).
    public struct Job: @unchecked Sendable {
        public var appends: [ExportAppend]
        /// nil: only appends (e.g. before a snapshot); a job with a build supersedes an older one's build.
        public var build: (() throws(ReplayError) -> [ExportFile])?
        /// Work that needs exactly these appends on disk first (a snapshot recording the files' marks): run on
        /// the writer thread after `appends`, never dropped, and never merged with another job's appends.
        public var afterAppends: [() throws(ReplayError) -> Void]

        public init(
            appends: [ExportAppend] = [],
            build: (() throws(ReplayError) -> [ExportFile])?,
            afterAppends: [() throws(ReplayError) -> Void] = []
        ) {
            self.appends = appends
            self.build = build
            self.afterAppends = afterAppends
        }
    }

    /// The writer; touch it only while the background writer is idle (after `flush`).
    public let writer: ExportWriter
    private let condition = NSCondition()
    private var mailbox: Job?
    private var busy = false
    private var stopping = false
    private var failure: ReplayError?
    private var filesWritten = 0
    private var milliseconds: Int64 = 0
    private var thread: Thread?
    private let monotonicMilliseconds: @Sendable () -> Int64

    public init(writer: ExportWriter, monotonicMilliseconds: @escaping @Sendable () -> Int64) {
        self.writer = writer
        self.monotonicMilliseconds = monotonicMilliseconds
    }

    /// Files written so far and the time the writer thread spent building + writing them.
    public var statistics: (filesWritten: Int, milliseconds: Int64) {
        condition.lock()
        defer { condition.unlock() }
        return (filesWritten, milliseconds)
    }

    /// True while a job is being written or waits in the mailbox.
    public var isBusy: Bool {
        condition.lock()
        defer { condition.unlock() }
        return busy || mailbox != nil
    }

    /// Hands a job to the writer thread (starting it on first use). Throws the error of an earlier job.
    ///
    /// - Parameter waitingForRoom: first wait until the writer has taken the previous job (a producer faster
    ///   than the writer, like `replay`, then holds at most two batches of rows instead of piling them up).
    public func submit(_ job: Job, waitingForRoom: Bool = false) throws(ReplayError) {
        condition.lock()
        defer { condition.unlock() }
        // A job with `afterAppends` must not be merged with another (its work needs exactly its own appends).
        func mustWait() -> Bool {
            guard let waiting = mailbox else { return false }
            return waitingForRoom || !job.afterAppends.isEmpty || !waiting.afterAppends.isEmpty
        }
        while mustWait() && failure == nil { condition.wait() }
        if let failure { throw failure }
        stopping = false
        if var older = mailbox {
            older.appends += job.appends
            if let build = job.build { older.build = build }
            mailbox = older
        } else {
            mailbox = job
        }
        if thread == nil {
            let thread = Thread { [self] in self.loop() }
            thread.name = "hindsight-exports"
            self.thread = thread
            thread.start()
        }
        condition.broadcast()
    }

    /// Waits until every submitted job is written. Throws the error of a failed job.
    public func flush() throws(ReplayError) {
        condition.lock()
        defer { condition.unlock() }
        while (mailbox != nil || busy) && failure == nil { condition.wait() }
        if let failure { throw failure }
    }

    /// Flushes, then stops the writer thread (a later `submit` starts a new one).
    public func finish() throws(ReplayError) {
        defer {
            condition.lock()
            stopping = true
            condition.broadcast()
            condition.unlock()
        }
        try flush()
    }

    private func loop() {
        condition.lock()
        while true {
            while mailbox == nil && !stopping { condition.wait() }
            guard let job = mailbox else {
                thread = nil
                stopping = false
                break
            }
            mailbox = nil
            busy = true
            condition.broadcast()
            condition.unlock()
            let started = monotonicMilliseconds()
            var written = 0
            var error: ReplayError?
            do throws(ReplayError) {
                try writer.append(job.appends)
                for work in job.afterAppends { try work() }
                if let build = job.build { written = try writer.write(build()).count }
            } catch let caught {
                error = caught
            }
            let elapsed = monotonicMilliseconds() - started
            condition.lock()
            busy = false
            filesWritten += written
            milliseconds += elapsed
            if let error, failure == nil { failure = error }
            condition.broadcast()
        }
        condition.unlock()
    }
}
