public import EventLog

/// The production `IngestLog`: appends through the log's single writer and rebuilds state with a reader.
public final class EventLogIngestLog: IngestLog {
    public let writer: EventLogWriter
    public let directory: String

    public init(directory: String, configuration: EventLogConfiguration = EventLogConfiguration()) throws(IngestError) {
        self.directory = directory
        do {
            writer = try EventLogWriter(directory: directory, configuration: configuration)
        } catch {
            throw IngestError(.log, "cannot open the event log \(directory): \(error)")
        }
    }

    public var checkpoints: [SourceCheckpoint] { writer.checkpoints }

    public func append(_ drafts: [EventDraft], checkpoints: [SourceCheckpoint]) throws(IngestError) {
        do {
            try writer.append(drafts, checkpoints: checkpoints)
        } catch {
            throw IngestError(.log, "cannot append to the event log \(directory): \(error)")
        }
    }

    public func forEachEvent(_ body: (Event) -> Void) throws(IngestError) {
        do {
            var cursor = try EventLogReader(directory: directory).cursor(from: 0)
            while let event = try cursor.next() { body(event) }
        } catch {
            throw IngestError(.invalidLog, "cannot read the event log \(directory) to resume: \(error)")
        }
    }

    public func close() throws(IngestError) {
        do {
            try writer.close()
        } catch {
            throw IngestError(.log, "cannot close the event log \(directory): \(error)")
        }
    }
}
