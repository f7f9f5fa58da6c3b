import EventLog
public import Ingest
public import Projections

/// Everything `hindsight run` wires together for one bot root: the ingest driver (the only log writer, in this
/// process), a reader following the log, the default pipeline, the snapshot store and the export writer.
public final class RunSession {
    public let loop: RunLoop<DiskEventLog>
    private let ingestLog: EventLogIngestLog?
    private let ingester: Ingester?

    /// - Parameters:
    ///   - ingest: run the ingest driver in-process (default); false follows a log another process writes.
    public init(
        root: String,
        pipeline: Pipeline,
        configuration: RunConfiguration,
        ingest: Bool = true,
        ingestConfiguration: IngestConfiguration? = nil,
        clock: SystemRunClock = SystemRunClock()
    ) throws(ReplayError) {
        let directory = EventLogConfiguration.directory(forRoot: root)
        var ingestLog: EventLogIngestLog?
        var ingester: Ingester?
        if ingest {
            do {
                let log = try EventLogIngestLog(directory: directory)
                ingestLog = log
                ingester = try Ingester(
                    configuration: ingestConfiguration ?? IngestConfiguration(root: root),
                    log: log,
                    normalizers: { RecordNormalizer.lineNormalizer(for: $0) },
                    positions: RecordNormalizer.positionsCodec(),
                    clock: { SystemRunClock().wallMicros() }
                )
            } catch {
                throw ReplayError(error.code == .invalidLog ? .eventLog : .io, error.message)
            }
        }
        self.ingestLog = ingestLog
        self.ingester = ingester
        let reader = try DiskEventLog(directory: directory)
        let step: () throws(ReplayError) -> Bool
        if let ingester {
            step = { () throws(ReplayError) -> Bool in
                do throws(IngestError) {
                    return try ingester.step()
                } catch {
                    throw ReplayError(error.code == .invalidLog ? .eventLog : .io, error.message)
                }
            }
        } else {
            step = { () throws(ReplayError) -> Bool in false }
        }
        loop = RunLoop(
            target: PipelineTarget(pipeline),
            log: reader,
            store: SnapshotStore(root: root),
            exports: ExportWriter(directory: root),
            configuration: configuration,
            clock: clock,
            ingest: step
        )
    }

    /// Closes the log writer (after `loop.run` returned).
    public func close() throws(ReplayError) {
        do {
            try ingestLog?.close()
        } catch {
            throw ReplayError(.io, error.message)
        }
    }
}
